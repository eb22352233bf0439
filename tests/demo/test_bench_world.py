"""The estate the benchmark and the load test run against, built tiny: every kind of record is
there, consistent with the constraints, and the first prison's staff can work with it."""

from collections import defaultdict
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from concerns.models import Concern, ConcernEvent
from demo.bench.world import build_estate
from flags.models import Flag
from pay.models import PayLine, PayWeek
from rota.models import Assignment, CallOut, ListenerTraining, RotaWeek, Unavailability
from schemes.models import Application, Contract, PeerWorker, SupervisionMeeting
from support.models import Pair, Session
from welfare.models import CheckIn


@pytest.fixture
def world(db):
    return build_estate(scale=0.02, establishments=2)


def test_it_holds_people_in_custody_and_people_who_left(world):
    statuses = set(PeerWorker.objects.values_list("custody_status", flat=True))

    assert statuses == {"in_custody", "released", "transferred_out"}
    assert not PeerWorker.objects.exclude(custody_status="in_custody").filter(location__isnull=False).exists()
    assert "2 prisons, 16 schemes" in world["counts"]


def test_contracts_run_back_to_back_without_overlaps(world):
    spells = defaultdict(list)
    for worker, scheme, start, end, ended_on, status in Contract.objects.values_list(
        "worker", "scheme", "start_date", "end_date", "ended_on", "status"
    ):
        spells[(worker, scheme)].append((start, ended_on or end, status))

    renewed = 0
    for contracts in spells.values():
        contracts.sort()
        assert sum(status in Contract.OPEN for *_, status in contracts) <= 1
        for (_, until, _), (next_start, *_) in zip(contracts, contracts[1:], strict=False):
            assert until <= next_start
            renewed += until == next_start
    assert renewed > 0
    assert Contract.objects.filter(status="active").exists()
    assert Contract.objects.filter(end_reason__in=["completed", "dismissed", "released"]).count() > 0


def test_every_kind_of_record_is_there(world):
    today = timezone.localdate()
    for model in (
        Application,
        SupervisionMeeting,
        SupervisionMeeting.invited.through,
        SupervisionMeeting.attended.through,
        RotaWeek,
        Assignment,
        CallOut,
        ListenerTraining,
        Flag,
        Concern,
        ConcernEvent,
        Pair,
        Session,
        CheckIn,
        PayWeek,
        PayLine,
    ):
        assert model.objects.exists(), model
    assert Flag.objects.filter(resolved_at__isnull=True).exists()
    assert Flag.objects.filter(resolved_at__isnull=False).exists()
    assert set(Application.objects.values_list("status", flat=True)) >= {"received", "approved", "declined"}
    assert SupervisionMeeting.objects.filter(starts_at__date__lt=today - timedelta(days=4 * 365)).exists()
    assert Unavailability.objects.exists() or CheckIn.objects.filter(how="needs_break").count() == 0
    for key in (
        "meeting",
        "concern",
        "pair",
        "flag",
        "role_description",
        "pay_week",
        "rota_week",
        "contract",
    ):
        assert world[key] is not None, key
    assert world["workload_counts"].startswith("4 Listeners, 208 shifts")  # 200 at scale 1


@pytest.mark.parametrize("role", list(Role))
def test_the_first_prisons_staff_open_home(world, client, role):
    client.force_login(world["staff"][(world["establishment"].pk, role)])

    assert client.get(reverse("home"), secure=True).status_code == 200
