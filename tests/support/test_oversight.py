"""The support flags: a pair with no session in its scheme's window opens one flag, for the
scheme's lead and safer custody, that closes when a session is recorded; a pair whose sessions
mostly did not happen for one reason in four weeks is flagged too. Safe to run twice; the job's
queries do not grow with the number of pairs."""

from datetime import timedelta

import pytest
from django.utils import timezone

from flags.models import Flag
from support import services, tasks
from support.models import NotHeld, Pair
from support.oversight import support_oversight_sync
from tests.concerns.helpers import in_role
from tests.factories import PeerWorkerFactory
from tests.peerwork.test_oversight_worker import TIMEOUT, celery_worker, wait_until  # noqa: F401

NO_SESSION, BLOCKED = Flag.Kind.SUPPORT_NO_SESSION, Flag.Kind.SUPPORT_BLOCKED


def _open(kind) -> list[Flag]:
    return list(Flag.objects.filter(kind=kind, resolved_at=None))


def make_pairs(how_many: int, *, scheme, establishment, coordinator, started_days_ago: int):
    pairs = []
    first = Pair.objects.count()
    for n in range(first, first + how_many):
        mentor = PeerWorkerFactory(prison_number=f"A4{n:03d}AA", establishment=establishment)
        in_role(worker=mentor, scheme=scheme, actor=coordinator, days_ago=started_days_ago + 5)
        learner = PeerWorkerFactory(prison_number=f"A4{n:03d}BB", establishment=establishment)
        pairs.append(
            services.pair_create(
                scheme=scheme,
                mentor=mentor,
                supported=learner,
                started_on=timezone.localdate() - timedelta(days=started_days_ago),
                consent=True,
                actor=coordinator,
            )
        )
    return pairs


@pytest.fixture
def toe_by_toe(schemes, coordinator, system_admin):
    from schemes.services.schemes import scheme_lead_add

    scheme = schemes["toe-by-toe"]
    scheme_lead_add(scheme=scheme, user=coordinator, actor=system_admin)
    return scheme


def test_a_pair_without_a_session_for_the_window_is_flagged_once_for_the_schemes_lead(
    toe_by_toe, establishment, coordinator
):
    (quiet,) = make_pairs(
        1, scheme=toe_by_toe, establishment=establishment, coordinator=coordinator, started_days_ago=14
    )
    (new,) = make_pairs(
        1, scheme=toe_by_toe, establishment=establishment, coordinator=coordinator, started_days_ago=13
    )

    support_oversight_sync()
    support_oversight_sync()

    (flag,) = _open(NO_SESSION)
    assert (flag.pair, flag.scheme, flag.severity) == (quiet, toe_by_toe, Flag.Severity.WARNING)
    from flags.audience import hears_about

    assert hears_about(coordinator, flag)
    assert new.pk not in [f.pair_id for f in _open(NO_SESSION)]


def test_the_flag_closes_when_a_session_is_recorded_held_or_not(toe_by_toe, establishment, coordinator):
    (quiet,) = make_pairs(
        1, scheme=toe_by_toe, establishment=establishment, coordinator=coordinator, started_days_ago=30
    )
    support_oversight_sync()
    assert _open(NO_SESSION)[0].severity == Flag.Severity.URGENT  # twice the window

    services.session_record(
        pair=quiet,
        on=timezone.localdate(),
        held=False,
        not_held_because=NotHeld.NO_SPACE,
        by_worker=quiet.mentor,
    )
    support_oversight_sync()

    assert not _open(NO_SESSION)


def test_a_pair_mostly_blocked_for_one_reason_in_four_weeks_is_flagged(
    toe_by_toe, establishment, coordinator
):
    (pair,) = make_pairs(
        1, scheme=toe_by_toe, establishment=establishment, coordinator=coordinator, started_days_ago=20
    )
    today = timezone.localdate()
    for days_ago, held in ((1, False), (2, False), (3, True), (4, False), (5, True)):
        services.session_record(
            pair=pair,
            on=today - timedelta(days=days_ago),
            held=held,
            minutes=30 if held else None,
            not_held_because="" if held else NotHeld.LEARNER_NOT_UNLOCKED,
            by_worker=pair.mentor,
        )

    support_oversight_sync()
    (flag,) = _open(BLOCKED)
    assert "3 of 5 sessions" in flag.summary and "they were not unlocked" in flag.summary

    for days_ago in (6, 7):
        services.session_record(
            pair=pair, on=today - timedelta(days=days_ago), held=True, minutes=30, actor=coordinator
        )
    support_oversight_sync()
    assert not _open(BLOCKED)


@pytest.mark.parametrize("how_many", [2, 10])
def test_the_job_costs_the_same_for_two_or_ten_pairs(
    how_many, toe_by_toe, establishment, coordinator, django_assert_num_queries
):
    make_pairs(
        how_many, scheme=toe_by_toe, establishment=establishment, coordinator=coordinator, started_days_ago=20
    )

    # Per kind: the conditions' read and the open flags'; and the new no-session flags in one insert,
    # in a savepoint and its release (none are blocked). Run again, nothing to write.
    with django_assert_num_queries(7):
        first = support_oversight_sync()
    with django_assert_num_queries(4):
        second = support_oversight_sync()
    assert (first.opened, second.opened) == (how_many, 0)


@pytest.mark.worker
def test_through_a_real_worker_it_opens_once_and_a_session_closes_it_within_seconds(
    celery_worker,  # noqa: F811
    toe_by_toe,
    establishment,
    coordinator,
):
    (quiet,) = make_pairs(
        1, scheme=toe_by_toe, establishment=establishment, coordinator=coordinator, started_days_ago=15
    )

    # Pairing queued a re-check, which opens the flag; the hourly job run twice opens no other.
    assert wait_until(lambda: len(_open(NO_SESSION)) == 1, timeout=20)
    first = tasks.support_oversight.delay().get(timeout=TIMEOUT)
    second = tasks.support_oversight.delay().get(timeout=TIMEOUT)
    assert (first["opened"], second["opened"]) == (0, 0)
    assert Flag.objects.filter(kind=NO_SESSION).count() == 1

    services.session_record(
        pair=quiet, on=timezone.localdate(), held=True, minutes=30, by_worker=quiet.mentor
    )

    assert wait_until(lambda: not _open(NO_SESSION), timeout=20)
