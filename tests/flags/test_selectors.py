"""Reads behind the flag inbox and the safer-custody home page."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.http import Http404
from django.utils import timezone

from flags import selectors
from flags.models import Flag
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


# --- Open flags summary --------------------------------------------------------------------


def test_the_summary_counts_open_flags_by_severity_and_by_scheme(
    establishment, other_establishment, buddies, listeners, manager
):
    make_flag(establishment, scheme=buddies, severity=Flag.Severity.URGENT)
    make_flag(establishment, scheme=buddies, severity=Flag.Severity.WARNING)
    make_flag(establishment, scheme=listeners, severity=Flag.Severity.NOTICE)
    make_flag(establishment, scheme=listeners, severity=Flag.Severity.URGENT, resolved_at=timezone.now())
    make_flag(other_establishment, severity=Flag.Severity.URGENT)

    summary = selectors.open_flags_summary(user=manager, establishment=establishment)

    assert summary.total == 3
    assert [(row.label, row.count) for row in summary.by_severity] == [
        ("Urgent", 1),
        ("Warning", 1),
        ("Notice", 1),
    ]
    assert [(row.query, row.name, row.count, row.urgent) for row in summary.by_scheme] == [
        (f"scheme={buddies.pk}", "Buddies", 2, 1),
        (f"scheme={listeners.pk}", "Listeners", 1, 0),
    ]


def test_the_summary_is_empty_with_no_open_flags(establishment, manager):
    summary = selectors.open_flags_summary(user=manager, establishment=establishment)
    assert summary.total == 0
    assert [row.count for row in summary.by_severity] == [0, 0, 0]
    assert summary.by_scheme == []


def test_the_summary_takes_one_query_whatever_the_number_of_flags(
    establishment, buddies, listeners, manager, django_assert_num_queries
):
    make_flag(establishment, scheme=buddies)
    with django_assert_num_queries(1):
        selectors.open_flags_summary(user=manager, establishment=establishment)
    for _ in range(10):
        make_flag(establishment, scheme=listeners, severity=Flag.Severity.URGENT)
    with django_assert_num_queries(1):
        summary = selectors.open_flags_summary(user=manager, establishment=establishment)
    assert summary.total == 11


# --- The inbox -------------------------------------------------------------------------------


def test_the_inbox_shows_open_flags_most_severe_first_then_newest(establishment, manager):
    old_urgent = make_flag(establishment, severity=Flag.Severity.URGENT, opened_at=at("2026-11-01"))
    new_urgent = make_flag(establishment, severity=Flag.Severity.URGENT, opened_at=at("2026-11-20"))
    notice = make_flag(establishment, severity=Flag.Severity.NOTICE, opened_at=at("2026-11-22"))
    make_flag(establishment, resolved_at=timezone.now())

    flags = selectors.flag_list(user=manager, establishment=establishment, filters={}).qs

    assert list(flags) == [new_urgent, old_urgent, notice]


@pytest.mark.parametrize(
    ("state", "expected"),
    [("open", {"new", "acknowledged"}), ("acknowledged", {"acknowledged"}), ("resolved", {"resolved"})],
)
def test_the_inbox_filters_by_state(establishment, manager, state, expected):
    make_flag(establishment, summary="new")
    make_flag(establishment, summary="acknowledged", acknowledged_by=manager, acknowledged_at=timezone.now())
    make_flag(establishment, summary="resolved", resolved_at=timezone.now())

    flags = selectors.flag_list(user=manager, establishment=establishment, filters={"state": state}).qs

    assert {flag.summary for flag in flags} == expected


def test_the_inbox_for_a_coordinator_holds_only_the_schemes_they_lead(
    establishment, listeners, buddies, coordinator
):
    theirs = make_flag(establishment, scheme=listeners)
    make_flag(establishment, scheme=buddies)
    make_flag(establishment)

    flag_filter = selectors.flag_list(user=coordinator, establishment=establishment, filters={})

    assert list(flag_filter.qs) == [theirs]
    assert list(flag_filter.form.fields["scheme"].queryset) == [listeners]


def test_another_prisons_scheme_is_refused_as_a_filter(establishment, other_establishment, system_admin):
    manager = system_admin
    scheme_presets_ensure(establishment=other_establishment, actor=system_admin)
    elsewhere = other_establishment.schemes.first()

    flag_filter = selectors.flag_list(
        user=manager, establishment=establishment, filters={"scheme": str(elsewhere.pk)}
    )

    assert "scheme" in flag_filter.form.errors


def test_a_flag_of_another_prison_is_not_found(establishment, other_establishment):
    flag = make_flag(other_establishment)
    with pytest.raises(Http404):
        selectors.flag_get(establishment=establishment, pk=flag.pk)
