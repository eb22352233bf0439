"""Listeners at establishment A with a rota, dates from the clock the tests run under."""

from datetime import datetime, time, timedelta

import pytest
from django.utils import timezone

from peerwork.dates import monday_of
from rota.models import CallOut
from tests.concerns.helpers import in_role
from tests.factories import PeerWorkerFactory
from tests.rota.conftest import rota  # noqa: F401  (the fixture: the rota for establishment A)


@pytest.fixture
def make_worker(establishment, wing, coordinator):
    """`make_worker(scheme, "Amir", days_ago=40)`: a prisoner here in the role since `days_ago`."""
    made = []

    def make(scheme, first_name="Amir", last_name="Khan", *, days_ago=40):
        worker = PeerWorkerFactory(
            establishment=establishment,
            location=wing,
            first_name=first_name,
            last_name=last_name,
            prison_number=f"A{7000 + len(made):04d}WF",
        )
        made.append(worker)
        in_role(worker=worker, scheme=scheme, actor=coordinator, days_ago=days_ago)
        return worker

    return make


@pytest.fixture
def amir(listeners, make_worker):
    return make_worker(listeners, "Amir", "Khan")


def last_week(day: int, at: time) -> datetime:
    """A moment in last week (Monday to Sunday): `day` 0 is its Monday. Always in the past."""
    monday = monday_of(timezone.localdate()) - timedelta(days=7)
    return datetime.combine(monday + timedelta(days=day), at, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def call_out(establishment, wing, wing_officer):
    """`call_out(listener, requested_at, minutes=40)`: a call-out recorded by the wing officer."""

    def record(listener, requested_at, *, minutes=40):
        return CallOut.objects.create(
            establishment=establishment,
            location=wing,
            listener=listener,
            requested_at=requested_at,
            requested_by=CallOut.RequestedBy.OFFICER,
            started_at=requested_at + timedelta(minutes=5),
            ended_at=requested_at + timedelta(minutes=5 + minutes),
            recorded_by=wing_officer,
            recorded_at=requested_at + timedelta(hours=1),
        )

    return record
