"""Reads behind the flag inbox and the safer-custody home page."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.utils import timezone

from schemes import selectors_flags as selectors
from schemes.models import Flag, SupervisionMeeting
from schemes.services.schemes import scheme_presets_ensure

LONDON = ZoneInfo("Europe/London")
TODAY = date(2026, 11, 23)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime(2026, 11, 23, 10, 0, tzinfo=LONDON), tick=False)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


def make_flag(establishment, *, severity=Flag.Severity.WARNING, scheme=None, **extra) -> Flag:
    fields = {
        "kind": Flag.Kind.SUPERVISION_OVERDUE,
        "key": f"test:{Flag.objects.count()}",
        "summary": "Supervision overdue",
        "opened_at": timezone.now(),
    } | extra
    return Flag.objects.create(establishment=establishment, scheme=scheme, severity=severity, **fields)


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


# --- Open flags summary --------------------------------------------------------------------


def test_the_summary_counts_open_flags_by_severity_and_by_scheme(
    establishment, other_establishment, buddies, listeners, manager
):
    make_flag(establishment, scheme=buddies, severity=Flag.Severity.URGENT)
    make_flag(establishment, scheme=buddies, severity=Flag.Severity.WARNING)
    make_flag(establishment, scheme=listeners, severity=Flag.Severity.NOTICE)
    make_flag(establishment, scheme=listeners, severity=Flag.Severity.URGENT, resolved_at=timezone.now())
    make_flag(other_establishment, severity=Flag.Severity.URGENT)

    summary = selectors.open_flags_summary(establishment=establishment)

    assert summary.total == 3
    assert [(row.label, row.count) for row in summary.by_severity] == [
        ("Urgent", 1),
        ("Warning", 1),
        ("Notice", 1),
    ]
    assert [(row.scheme_id, row.name, row.count, row.urgent) for row in summary.by_scheme] == [
        (buddies.pk, "Buddies", 2, 1),
        (listeners.pk, "Listeners", 1, 0),
    ]


def test_the_summary_is_empty_with_no_open_flags(establishment):
    summary = selectors.open_flags_summary(establishment=establishment)
    assert summary.total == 0
    assert [row.count for row in summary.by_severity] == [0, 0, 0]
    assert summary.by_scheme == []


def test_the_summary_takes_one_query_whatever_the_number_of_flags(
    establishment, buddies, listeners, django_assert_num_queries
):
    make_flag(establishment, scheme=buddies)
    with django_assert_num_queries(1):
        selectors.open_flags_summary(establishment=establishment)
    for _ in range(10):
        make_flag(establishment, scheme=listeners, severity=Flag.Severity.URGENT)
    with django_assert_num_queries(1):
        summary = selectors.open_flags_summary(establishment=establishment)
    assert summary.total == 11


# --- The inbox -------------------------------------------------------------------------------


def test_the_inbox_shows_open_flags_most_severe_first_then_newest(establishment):
    old_urgent = make_flag(establishment, severity=Flag.Severity.URGENT, opened_at=at("2026-11-01"))
    new_urgent = make_flag(establishment, severity=Flag.Severity.URGENT, opened_at=at("2026-11-20"))
    notice = make_flag(establishment, severity=Flag.Severity.NOTICE, opened_at=at("2026-11-22"))
    make_flag(establishment, resolved_at=timezone.now())

    flags = selectors.flag_list(establishment=establishment, filters={}).qs

    assert list(flags) == [new_urgent, old_urgent, notice]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("open", {"new", "acknowledged"}), ("acknowledged", {"acknowledged"}), ("resolved", {"resolved"})],
)
def test_the_inbox_filters_by_state(establishment, manager, state, expected):
    make_flag(establishment, summary="new")
    make_flag(establishment, summary="acknowledged", acknowledged_by=manager, acknowledged_at=timezone.now())
    make_flag(establishment, summary="resolved", resolved_at=timezone.now())

    flags = selectors.flag_list(establishment=establishment, filters={"state": state}).qs

    assert {flag.summary for flag in flags} == expected


def test_the_inbox_for_a_coordinator_holds_only_the_schemes_they_lead(
    establishment, listeners, buddies, coordinator
):
    theirs = make_flag(establishment, scheme=listeners)
    make_flag(establishment, scheme=buddies)
    make_flag(establishment)

    flag_filter = selectors.flag_list(establishment=establishment, filters={}, led_by=coordinator)

    assert list(flag_filter.qs) == [theirs]
    assert list(flag_filter.form.fields["scheme"].queryset) == [listeners]


def test_another_prisons_scheme_is_refused_as_a_filter(establishment, other_establishment, system_admin):
    scheme_presets_ensure(establishment=other_establishment, actor=system_admin)
    elsewhere = other_establishment.schemes.first()

    flag_filter = selectors.flag_list(establishment=establishment, filters={"scheme": str(elsewhere.pk)})

    assert "scheme" in flag_filter.form.errors


def test_a_flag_of_another_prison_is_not_found(establishment, other_establishment):
    flag = make_flag(other_establishment)
    with pytest.raises(Http404):
        selectors.flag_get(establishment=establishment, pk=flag.pk)
