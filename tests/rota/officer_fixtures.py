"""Fixtures for the officers' side of the rota: a published rota with a night shift, and helpers
that make Listeners and put them on shifts straight through the ORM.

Each officer test module imports them with `from tests.rota.officer_fixtures import *` (the
fixtures named in `__all__`) and the constants and helpers it uses by name, so that they stay
apart from the coordinator rota's conftest.
"""

from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone

from peerwork.dates import monday_of
from rota.models import Assignment, CallOut, CoverPoint, Rota, RotaWeek, ShiftType
from schemes.models import Contract
from schemes.services import contracts as contract_services
from tests.factories import LocationFactory, PeerWorkerFactory

__all__ = [  # the fixtures, for `from tests.rota.officer_fixtures import *`
    "assign",
    "b_wing",
    "duty_rota",
    "ellis",
    "make_callout",
    "make_listener",
    "okafor",
    "points",
    "rota_week",
    "shifts",
]

LONDON = timezone.get_default_timezone()
# The week the officer tests live in: Monday 2 to Sunday 8 November 2026 (GMT throughout).
MONDAY = date(2026, 11, 2)
WEDNESDAY = date(2026, 11, 4)


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def b_wing(establishment):
    return LocationFactory(establishment=establishment, name="B wing")


@pytest.fixture
def duty_rota(establishment, listeners):
    return Rota.objects.create(establishment=establishment, scheme=listeners)


@pytest.fixture
def shifts(duty_rota):
    """Day 09:00-17:00, Evening 17:00-21:00 and Night 21:00-07:00."""
    return {
        "day": ShiftType.objects.create(rota=duty_rota, name="Day", starts=time(9), ends=time(17), order=1),
        "evening": ShiftType.objects.create(
            rota=duty_rota, name="Evening", starts=time(17), ends=time(21), order=2
        ),
        "night": ShiftType.objects.create(
            rota=duty_rota, name="Night", starts=time(21), ends=time(7), is_night=True, order=3
        ),
    }


@pytest.fixture
def points(duty_rota, wing, b_wing):
    """Cover points: "A wing" and "B wing"."""
    a = CoverPoint.objects.create(rota=duty_rota, name="A wing", order=1)
    a.locations.add(wing)
    b = CoverPoint.objects.create(rota=duty_rota, name="B wing", order=2)
    b.locations.add(b_wing)
    return {"a": a, "b": b}


@pytest.fixture
def rota_week(duty_rota, coordinator):
    """`rota_week(monday, published=True)`: a week of the rota, published by the coordinator."""

    def make(monday: date = MONDAY, *, published: bool = True) -> RotaWeek:
        week, _ = RotaWeek.objects.get_or_create(rota=duty_rota, starts_on=monday)
        if published and week.published_at is None:
            week.published_at = timezone.now()
            week.published_by = coordinator
            week.save()
        return week

    return make


@pytest.fixture
def make_listener(establishment, wing, listeners, coordinator):
    """`make_listener("Ryan", "Ellis", "A1234BC")`: a prisoner with an active Listener contract."""

    def make(
        first_name: str,
        last_name: str,
        prison_number: str | None = None,
        *,
        location=None,
        starts_on: date = date(2026, 10, 1),
    ) -> Contract:
        kwargs = {"prison_number": prison_number} if prison_number else {}
        worker = PeerWorkerFactory(
            first_name=first_name,
            last_name=last_name,
            establishment=establishment,
            location=location or wing,
            **kwargs,
        )
        contract = contract_services.contract_issue(
            worker=worker, scheme=listeners, actor=coordinator, start_date=starts_on
        )
        return contract_services.contract_sign(
            contract=contract, signed_on=starts_on, witnessed_by=coordinator, actor=coordinator
        )

    return make


@pytest.fixture
def assign(rota_week, coordinator):
    """`assign(contract, day, shift, point)`: put a Listener on a shift of a (published) week."""

    def make(
        contract: Contract,
        day: date,
        shift: ShiftType,
        point: CoverPoint,
        *,
        status: str = Assignment.Status.ON,
        published: bool = True,
        cover_for=None,
    ) -> Assignment:
        starts_at, ends_at = shift.span(day)
        return Assignment.objects.create(
            week=rota_week(monday_of(day), published=published),
            day=day,
            shift_type=shift,
            cover_point=point,
            worker=contract.worker,
            starts_at=starts_at,
            ends_at=ends_at,
            status=status,
            cover_for=cover_for,
            created_by=coordinator,
            created_at=timezone.now(),
        )

    return make


@pytest.fixture
def ellis(make_listener):
    """Ryan Ellis, A1234BC, a Listener on A wing since 1 October 2026 (contract until 1 April 2027)."""
    return make_listener("Ryan", "Ellis", "A1234BC")


@pytest.fixture
def okafor(make_listener, b_wing):
    """Dee Okafor, B2345CD, a Listener on B wing."""
    return make_listener("Dee", "Okafor", "B2345CD", location=b_wing)


@pytest.fixture
def make_callout(establishment, wing, wing_officer):
    """`make_callout(listener, requested_at, minutes=30)`: a call-out straight through the ORM."""

    def make(
        listener,
        requested_at: datetime,
        *,
        minutes: int = 30,
        location=None,
        off_rota=False,
        requested_by=CallOut.RequestedBy.OFFICER,
    ) -> CallOut:
        return CallOut.objects.create(
            establishment=establishment,
            location=location or wing,
            listener=listener,
            requested_at=requested_at,
            requested_by=requested_by,
            started_at=requested_at + timedelta(minutes=5),
            ended_at=requested_at + timedelta(minutes=5 + minutes),
            off_rota=off_rota,
            recorded_by=wing_officer,
            recorded_at=requested_at + timedelta(hours=1),
        )

    return make
