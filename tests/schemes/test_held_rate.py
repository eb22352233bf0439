"""The supervision held rate on the safer-custody home page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from schemes import selectors_meetings as selectors
from schemes.models import SupervisionMeeting
from schemes.services.schemes import scheme_presets_ensure

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


def meeting(scheme, starts_at, status, actor, **extra) -> SupervisionMeeting:
    if status == SupervisionMeeting.Status.CANCELLED:
        extra |= {"cancelled_reason": "Lead redeployed", "cancelled_by": actor, "cancelled_at": starts_at}
    return SupervisionMeeting.objects.create(
        scheme=scheme, starts_at=starts_at, status=status, created_by=actor, lead=actor, **extra
    )


def held_rate_of(scheme):
    rates = selectors.supervision_held_rate(establishment=scheme.establishment, today=TODAY)
    return next(row for row in rates if row.scheme == scheme)


# --- Supervision held rate ------------------------------------------------------------------


def test_two_held_one_cancelled_and_one_missed_is_a_fifty_percent_held_rate(buddies, coordinator):
    status = SupervisionMeeting.Status
    meeting(buddies, at("2026-07-01"), status.HELD, coordinator)
    meeting(buddies, at("2026-08-01"), status.HELD, coordinator)
    meeting(buddies, at("2026-09-01"), status.CANCELLED, coordinator)
    meeting(buddies, at("2026-10-01"), status.SCHEDULED, coordinator)  # never recorded: missed

    row = held_rate_of(buddies)

    assert (row.held, row.cancelled, row.missed) == (2, 1, 1)
    assert row.rate == 50


def test_meetings_outside_the_six_months_or_not_yet_due_do_not_count(buddies, coordinator):
    status = SupervisionMeeting.Status
    meeting(buddies, at("2026-05-22"), status.HELD, coordinator)  # the day before the window
    meeting(buddies, at("2026-05-23", hour=0), status.CANCELLED, coordinator)  # its first moment
    meeting(buddies, at("2026-11-23", hour=9), status.SCHEDULED, coordinator)  # today: not missed yet
    meeting(buddies, at("2026-11-30"), status.CANCELLED, coordinator)  # called off in advance
    meeting(buddies, at("2026-12-01"), status.SCHEDULED, coordinator)

    row = held_rate_of(buddies)

    assert (row.held, row.cancelled, row.missed) == (0, 1, 0)
    assert row.rate == 0


def test_a_moved_meeting_counts_once_on_its_new_date(buddies, coordinator):
    new = meeting(buddies, at("2026-10-08"), SupervisionMeeting.Status.HELD, coordinator)
    meeting(buddies, at("2026-10-01"), SupervisionMeeting.Status.MOVED, coordinator, moved_to=new)

    row = held_rate_of(buddies)

    assert (row.held, row.cancelled, row.missed, row.rate) == (1, 0, 0, 100)


def test_the_held_rate_is_none_when_no_meeting_was_due(buddies):
    row = held_rate_of(buddies)
    assert (row.held, row.cancelled, row.missed, row.rate) == (0, 0, 0, None)


def test_held_rates_cover_this_prisons_running_schemes_only(
    schemes, buddies, other_establishment, system_admin
):
    scheme_presets_ensure(establishment=other_establishment, actor=system_admin)
    buddies.is_active = False
    buddies.save()

    rates = selectors.supervision_held_rate(establishment=buddies.establishment, today=TODAY)

    assert {row.scheme for row in rates} == {s for s in schemes.values() if s != buddies}


def test_held_rates_take_one_query_whatever_the_number_of_meetings(
    buddies, listeners, coordinator, django_assert_num_queries
):
    def add_meetings(count):
        for n in range(count):
            meeting(
                buddies, at("2026-09-01") + timedelta(days=n), SupervisionMeeting.Status.HELD, coordinator
            )
            meeting(listeners, at("2026-09-01") + timedelta(days=n), "cancelled", coordinator)

    add_meetings(1)
    with django_assert_num_queries(1):
        selectors.supervision_held_rate(establishment=buddies.establishment, today=TODAY)
    add_meetings(10)
    with django_assert_num_queries(1):
        rates = selectors.supervision_held_rate(establishment=buddies.establishment, today=TODAY)
    assert held_rate_of(buddies).held == 11
    assert len(rates) == 8
