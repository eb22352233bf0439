"""Supervision across the two clock changes of 2027: "overdue" counts London days, not hours, and
the next meetings keep their time of day.

Listeners meet every 14 days, with 7 days' grace: overdue from the 22nd day after the last meeting
held, urgent from the 29th. Each test travels first, then gives out the contract and holds the
meeting, so it holds whatever day the suite runs on.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag
from schemes.selectors_meetings import meeting_plan
from schemes.services.contracts import contract_issue, contract_sign
from schemes.services.meetings import meeting_record_held, meeting_schedule
from schemes.services.oversight import oversight_sweep
from tests.factories import PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")
BEFORE_SPRING = date(2027, 3, 15)  # a Monday; the clocks go forward on Sunday 28 March
BEFORE_AUTUMN = date(2027, 10, 18)  # a Monday; the clocks go back on Sunday 31 October


def london(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


@pytest.fixture
def travel(time_machine):
    def to(moment: datetime) -> None:
        time_machine.move_to(moment, tick=False)

    return to


@pytest.fixture
def held_on(listeners, coordinator, travel):
    """`held_on(day)`: a Listener in role for a month, and a meeting held at 10:00 that day."""

    def hold(day: date):
        travel(london(day - timedelta(days=30), 9))
        worker = PeerWorkerFactory(establishment=listeners.establishment)
        today = timezone.localdate()
        contract = contract_issue(worker=worker, scheme=listeners, actor=coordinator, start_date=today)
        contract_sign(contract=contract, signed_on=today, witnessed_by=coordinator, actor=coordinator)
        meeting = meeting_schedule(
            scheme=listeners, starts_at=london(day, 10), place="Chapel", lead=coordinator, actor=coordinator
        )
        travel(london(day, 12))
        return meeting_record_held(meeting=meeting, attended=[worker], notes="", actor=coordinator)

    return hold


def overdue_flags() -> list[tuple[int, str]]:
    return [
        (flag.severity, flag.summary)
        for flag in Flag.objects.filter(kind=Flag.Kind.SUPERVISION_OVERDUE, resolved_at__isnull=True)
    ]


@pytest.mark.parametrize(
    ("held", "day", "severity"),
    [
        (BEFORE_SPRING, date(2027, 4, 5), None),  # 21 days, over the change
        (BEFORE_SPRING, date(2027, 4, 6), Flag.Severity.WARNING),  # 22 days
        (BEFORE_SPRING, date(2027, 4, 12), Flag.Severity.WARNING),  # 28 days
        (BEFORE_SPRING, date(2027, 4, 13), Flag.Severity.URGENT),  # 29 days
        (BEFORE_AUTUMN, date(2027, 11, 8), None),
        (BEFORE_AUTUMN, date(2027, 11, 9), Flag.Severity.WARNING),
        (BEFORE_AUTUMN, date(2027, 11, 15), Flag.Severity.WARNING),
        (BEFORE_AUTUMN, date(2027, 11, 16), Flag.Severity.URGENT),
    ],
    ids=[
        "spring-21",
        "spring-22",
        "spring-28",
        "spring-29",
        "autumn-21",
        "autumn-22",
        "autumn-28",
        "autumn-29",
    ],
)
def test_supervision_is_overdue_by_london_days_across_the_clock_change(held_on, travel, held, day, severity):
    held_on(held)
    # Half past midnight: in summer time the day has begun in London but not yet in UTC.
    travel(london(day, 0, 30))
    oversight_sweep()
    expected = (
        f"Listeners: supervision overdue (last meeting held {held.day} {held:%B} 2027; due every 14 days)."
    )
    assert overdue_flags() == ([(severity, expected)] if severity else [])


@pytest.mark.parametrize(
    ("held", "next_days", "utc_hour"),
    [
        (BEFORE_SPRING, ["Monday 29 March 2027", "Monday 12 April 2027", "Monday 26 April 2027"], 9),
        (BEFORE_AUTUMN, ["Monday 1 November 2027", "Monday 15 November 2027", "Monday 29 November 2027"], 10),
    ],
    ids=["spring", "autumn"],
)
def test_the_next_meetings_keep_their_time_of_day_across_the_clock_change(
    client_for, coordinator, listeners, held_on, travel, held, next_days, utc_hour
):
    held_on(held)
    travel(london(held + timedelta(days=1), 9))
    plan = meeting_plan(scheme=listeners)
    assert [f"{timezone.localtime(slot.starts_at):%A %-d %B %Y, %H:%M}" for slot in plan.slots] == [
        f"{day}, 10:00" for day in next_days
    ]
    assert [slot.starts_at.astimezone(UTC).hour for slot in plan.slots] == [utc_hour] * 3

    page = client_for(coordinator).get(reverse("schemes:meetings_generate", args=[listeners.pk]))
    body = page.content.decode()
    assert all(f"{day}, 10:00" in body for day in next_days)
