"""Fixtures for the workload tests: a Listener rota with a day and a night shift, Listeners with
contracts, and helpers that put them on shifts and record call-outs straight through the ORM.

Every day comes from the clock the tests run under: `_noon_today` stops it at noon today in
London, so "this week" is the week of the day the suite runs, and the windows are counted from it.
Imported by each workload test module with `from tests.welfare.workload_fixtures import *`.
"""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.utils import timezone

from peerwork.dates import monday_of
from rota.models import Assignment, CallOut, CoverPoint, Rota, RotaWeek, ShiftType
from schemes.models import Contract, PeerWorker
from tests.factories import PeerWorkerFactory

__all__ = [
    "_noon_today",
    "assign",
    "callout",
    "contract_for",
    "cover_point",
    "day_shift",
    "night_shift",
    "duty_rota",
]

LONDON = timezone.get_default_timezone()


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def this_monday() -> date:
    return monday_of(timezone.localdate())


def real_minutes(shift: ShiftType, day: date) -> int:
    """A shift's real length on `day`, in minutes: 10 hours a night, 9 or 11 the nights the clocks change."""
    starts_at, ends_at = shift.span(day)
    return int((ends_at.astimezone(UTC) - starts_at.astimezone(UTC)).total_seconds() // 60)


@pytest.fixture(autouse=True)
def _noon_today(time_machine):
    time_machine.move_to(london(timezone.localdate(), 12), tick=False)


@pytest.fixture
def duty_rota(establishment, listeners):
    return Rota.objects.create(establishment=establishment, scheme=listeners)


@pytest.fixture
def day_shift(duty_rota):
    return ShiftType.objects.create(rota=duty_rota, name="Day", starts=time(9), ends=time(17), order=1)


@pytest.fixture
def night_shift(duty_rota):
    return ShiftType.objects.create(
        rota=duty_rota, name="Night", starts=time(21), ends=time(7), is_night=True, order=2
    )


@pytest.fixture
def cover_point(duty_rota, wing):
    point = CoverPoint.objects.create(rota=duty_rota, name="A wing", order=1)
    point.locations.add(wing)
    return point


@pytest.fixture
def contract_for(coordinator):
    """`contract_for(scheme, "Amir", "Khan")`: a new prisoner with a signed, active contract of
    `scheme` that started 120 days ago (before every window) and runs six months; or `starts`
    and `ends` days from today, and a `status`."""

    def make(
        scheme,
        first_name: str,
        last_name: str,
        *,
        worker: PeerWorker | None = None,
        starts: int = -120,
        ends: int = 62,
        status: str = Contract.Status.ACTIVE,
        **worker_fields,
    ) -> Contract:
        today = timezone.localdate()
        worker = worker or PeerWorkerFactory(
            establishment=scheme.establishment, first_name=first_name, last_name=last_name, **worker_fields
        )
        closed = status in (Contract.Status.ENDED, Contract.Status.EXPIRED)
        return Contract.objects.create(
            worker=worker,
            scheme=scheme,
            role_description=scheme.role_descriptions.order_by("-version").first(),
            start_date=today + timedelta(days=starts),
            end_date=today + timedelta(days=ends),
            status=status,
            signed_on=today + timedelta(days=starts),
            witnessed_by=coordinator,
            issued_by=coordinator,
            issued_at=timezone.now(),
            ended_on=today + timedelta(days=ends) if closed else None,
            end_reason="completed" if closed else "",
            ended_by=coordinator if closed else None,
        )

    return make


@pytest.fixture
def assign(duty_rota, cover_point, coordinator):
    """`assign(worker, day, shift, status=...)`: a Listener on a shift of a published week."""

    def make(worker: PeerWorker, day: date, shift: ShiftType, *, status: str = Assignment.Status.ON):
        week, _ = RotaWeek.objects.get_or_create(
            rota=duty_rota,
            starts_on=monday_of(day),
            defaults={"published_at": timezone.now(), "published_by": coordinator},
        )
        starts_at, ends_at = shift.span(day)
        removed = status == Assignment.Status.REMOVED
        return Assignment.objects.create(
            week=week,
            day=day,
            shift_type=shift,
            cover_point=cover_point,
            worker=worker,
            starts_at=starts_at,
            ends_at=ends_at,
            status=status,
            created_by=coordinator,
            created_at=timezone.now(),
            removed_at=timezone.now() if removed else None,
            removed_by=coordinator if removed else None,
        )

    return make


@pytest.fixture
def callout(establishment, wing, wing_officer):
    """`callout(worker, requested_at, minutes=30, off_rota=False, archived=False)`: a call-out at
    establishment A (or `at` another one, on `location`), the Listener there 5 minutes later."""

    def make(
        worker: PeerWorker,
        requested_at: datetime,
        *,
        minutes: int = 30,
        off_rota: bool = False,
        archived: bool = False,
        at=None,
        location=None,
    ) -> CallOut:
        return CallOut.objects.create(
            establishment=at or establishment,
            location=location or wing,
            listener=worker,
            requested_at=requested_at,
            requested_by=CallOut.RequestedBy.OFFICER,
            started_at=requested_at + timedelta(minutes=5),
            ended_at=requested_at + timedelta(minutes=5 + minutes),
            off_rota=off_rota,
            recorded_by=wing_officer,
            recorded_at=requested_at + timedelta(hours=1),
            archived_at=requested_at + timedelta(hours=2) if archived else None,
            archived_by=wing_officer if archived else None,
            archived_reason="Recorded twice" if archived else "",
        )

    return make
