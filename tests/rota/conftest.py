"""A Listener rota for establishment A, ready to build weeks on.

The clock stands at Friday 20 November 2026, 09:00 in London; the week being built is the one
starting Monday 23 November 2026. The pattern: Day 08:00-17:00, Evening 17:00-21:00 and
Night 21:00-07:00 (a night), at two places, A wing and B wing, each needing one Listener a night
and A wing one in the evening.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from rota.models import ListenerTraining
from rota.services import setup
from schemes.models import Contract, EndReason
from tests.factories import LocationFactory, PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 20, 9, tzinfo=LONDON)
WEEK = date(2026, 11, 23)  # a Monday


def on(day: int) -> date:
    """The day of the week being built: on(0) is Monday 23 November, on(6) Sunday 29 November."""
    return date(2026, 11, 23 + day)


@pytest.fixture(autouse=True)
def _friday_morning(time_machine):
    time_machine.move_to(NOW, tick=False)


@pytest.fixture
def b_wing(establishment):
    return LocationFactory(establishment=establishment, name="B wing")


@pytest.fixture
def rota(establishment, listeners, system_admin):
    return setup.rota_setup(
        establishment=establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )


@pytest.fixture
def day_shift(rota, system_admin):
    return setup.shift_type_add(
        rota=rota, actor=system_admin, name="Day", starts=time(8), ends=time(17), is_night=False, order=1
    )


@pytest.fixture
def evening(rota, system_admin):
    return setup.shift_type_add(
        rota=rota, actor=system_admin, name="Evening", starts=time(17), ends=time(21), is_night=False, order=2
    )


@pytest.fixture
def night(rota, system_admin):
    return setup.shift_type_add(
        rota=rota, actor=system_admin, name="Night", starts=time(21), ends=time(7), is_night=True, order=3
    )


@pytest.fixture
def a_point(rota, wing, system_admin):
    return setup.cover_point_add(rota=rota, actor=system_admin, name="A wing", locations=[wing], order=1)


@pytest.fixture
def b_point(rota, b_wing, system_admin):
    return setup.cover_point_add(rota=rota, actor=system_admin, name="B wing", locations=[b_wing], order=2)


@pytest.fixture
def pattern(rota, day_shift, evening, night, a_point, b_point, system_admin):
    """The whole pattern with its needs: one Listener a night at each wing, one evening at A wing."""
    setup.cover_needs_set(
        rota=rota,
        actor=system_admin,
        needs={(a_point, night): 1, (b_point, night): 1, (a_point, evening): 1},
    )
    return rota


def make_listener(
    scheme,
    actor,
    *,
    first_name: str,
    last_name: str,
    status: str = Contract.Status.ACTIVE,
    start: date | None = None,
    end: date | None = None,
    trained: bool = True,
    location=None,
) -> Contract:
    """A prisoner with a Listener contract in the given state, trained (or not) since October.

    By default the contract started 19 days ago and runs six months (1 November 2026 to 1 May 2027
    seen from this folder's Friday 20 November); the training was completed 50 days ago and lasts
    two years.
    """
    today = timezone.localdate()
    start = start or today - timedelta(days=19)
    end = end or start + relativedelta(months=6)
    worker = PeerWorkerFactory(
        establishment=scheme.establishment, first_name=first_name, last_name=last_name, location=location
    )
    signed = status != Contract.Status.AWAITING_SIGNATURE
    closed = status in (Contract.Status.ENDED, Contract.Status.EXPIRED)
    contract = Contract.objects.create(
        worker=worker,
        scheme=scheme,
        role_description=scheme.role_descriptions.order_by("-version").first(),
        start_date=start,
        end_date=end,
        status=status,
        signed_on=start if signed else None,
        witnessed_by=actor if signed else None,
        issued_by=actor,
        issued_at=timezone.now(),
        end_reason=(EndReason.EXPIRED if status == Contract.Status.EXPIRED else EndReason.RESIGNED)
        if closed
        else "",
        ended_on=end if closed else None,
    )
    if trained:
        ListenerTraining.objects.create(
            worker=worker,
            establishment_id=worker.establishment_id,
            completed_on=today - timedelta(days=50),
            valid_until=today - timedelta(days=50) + relativedelta(years=2),
            recorded_by=actor,
            recorded_at=timezone.now(),
        )
    return contract


@pytest.fixture
def listener(listeners, coordinator):
    """`listener("Amir", "Khan", status=..., trained=...)`: a Listener contract for a new prisoner."""

    def make(first_name: str, last_name: str, **options) -> Contract:
        return make_listener(listeners, coordinator, first_name=first_name, last_name=last_name, **options)

    return make


@pytest.fixture
def amir(listener):
    return listener("Amir", "Khan")


@pytest.fixture
def bea(listener):
    return listener("Bea", "Lowe")
