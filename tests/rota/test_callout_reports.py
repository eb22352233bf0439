"""Call-out reports: by wing and hour of the day, by Listener per week, and at night. Counted in
the database, in London time, with archived call-outs and other prisons left out."""

from datetime import date, time

import pytest
from django.urls import reverse

from listeners.selectors import DEFAULT_NIGHT, callout_report, night_windows
from rota.models import CallOut, ShiftType
from tests.factories import LocationFactory, PeerWorkerFactory
from tests.rota.officer_fixtures import *  # noqa: F403  the fixtures
from tests.rota.officer_fixtures import WEDNESDAY, london

REPORTS = reverse("listeners:callout_reports")
NOV_9 = date(2026, 11, 9)


@pytest.fixture
def callouts(ellis, okafor, wing, b_wing, make_callout, manager, other_establishment, time_machine):
    time_machine.move_to(london(date(2026, 11, 12), 9), tick=False)
    make_callout(ellis.worker, london(WEDNESDAY, 23), minutes=30)
    make_callout(ellis.worker, london(date(2026, 11, 5), 2), minutes=60, off_rota=True)
    make_callout(ellis.worker, london(NOV_9, 14), minutes=30, location=b_wing)
    make_callout(okafor.worker, london(WEDNESDAY, 21), minutes=30, location=b_wing)
    make_callout(okafor.worker, london(WEDNESDAY, 7), minutes=30, location=b_wing)
    archived = make_callout(okafor.worker, london(WEDNESDAY, 22), location=b_wing)
    CallOut.objects.filter(pk=archived.pk).update(
        archived_at=london(NOV_9, 9), archived_by=manager, archived_reason="Recorded twice"
    )
    elsewhere = LocationFactory(establishment=other_establishment, name="A wing")
    stranger = PeerWorkerFactory(establishment=other_establishment)
    CallOut.objects.create(
        establishment=other_establishment,
        location=elsewhere,
        listener=stranger,
        requested_at=london(WEDNESDAY, 23),
        requested_by="officer",
        started_at=london(WEDNESDAY, 23),
        ended_at=london(WEDNESDAY, 23, 30),
        recorded_by=manager,
        recorded_at=london(WEDNESDAY, 23, 45),
    )


def report_for(establishment):
    return callout_report(
        establishment=establishment, starts_on=date(2026, 11, 2), ends_on=date(2026, 11, 12)
    )


def test_call_outs_are_counted_by_wing_and_hour_of_the_day(establishment, callouts):
    report = report_for(establishment)
    rows = {row.name: {hour: n for hour, n in enumerate(row.counts) if n} for row in report.by_wing_hour}
    assert rows == {"A wing": {23: 1, 2: 1}, "B wing": {14: 1, 21: 1, 7: 1}}
    assert report.total == 5
    assert report.hour_totals[23] == 1 and report.hour_totals[7] == 1


def test_workload_is_counted_by_listener_and_iso_week(establishment, callouts):
    rows = [
        (row.iso_week, row.week, row.name, row.callouts, row.minutes, row.nights, row.off_rota)
        for row in report_for(establishment).by_listener_week
    ]
    assert rows == [
        ("2026-W46", NOV_9, "Ryan Ellis", 1, 30, 0, 0),
        ("2026-W45", date(2026, 11, 2), "Ryan Ellis", 2, 90, 2, 1),
        ("2026-W45", date(2026, 11, 2), "Dee Okafor", 2, 60, 1, 0),
    ]
    assert report_for(establishment).by_listener_week[1].hours == "1h 30m"


def test_night_call_outs_use_the_rotas_night_shift(establishment, callouts, shifts):
    report = report_for(establishment)
    assert report.night == [(time(21), time(7))]
    assert [(row.name, row.callouts, row.off_rota) for row in report.night_by_wing] == [
        ("A wing", 2, 1),
        ("B wing", 1, 0),
    ]
    assert (report.night_total, report.night_off_rota) == (3, 1)


def test_a_shorter_night_shift_changes_what_counts_as_night(establishment, callouts, shifts):
    ShiftType.objects.filter(pk=shifts["night"].pk).update(starts=time(22), ends=time(6))
    report = report_for(establishment)
    assert report.night_description == "22:00 to 06:00"
    assert report.night_total == 2  # 21:00 on B wing is now evening


def test_without_a_rota_night_is_nine_in_the_evening_to_seven_in_the_morning(establishment):
    assert night_windows(establishment=establishment) == [DEFAULT_NIGHT] == [(time(21), time(7))]


def test_hours_are_london_hours_in_summer_time(establishment, ellis, make_callout, time_machine):
    time_machine.move_to(london(date(2026, 11, 12), 9), tick=False)
    make_callout(ellis.worker, london(date(2026, 10, 24), 23, 30))  # 22:30 UTC, British Summer Time
    report = callout_report(
        establishment=establishment, starts_on=date(2026, 10, 24), ends_on=date(2026, 10, 24)
    )
    assert report.by_wing_hour[0].counts[23] == 1
    assert report.night_total == 1


def test_the_period_includes_both_ends_in_london_time(establishment, callouts):
    report = callout_report(establishment=establishment, starts_on=WEDNESDAY, ends_on=WEDNESDAY)
    assert report.total == 3  # 07:00, 21:00 and 23:00 on the Wednesday; not 02:00 on the Thursday


def test_the_report_costs_four_queries_however_many_call_outs(
    establishment, callouts, ellis, make_callout, django_assert_num_queries
):
    with django_assert_num_queries(4):
        report_for(establishment)
    for hour in range(24):
        make_callout(ellis.worker, london(date(2026, 11, 10), hour))
    with django_assert_num_queries(4):
        assert report_for(establishment).total == 29


# --- The page -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("manager", 200),
        ("safer_custody_officer", 200),
        ("coordinator", 200),
        ("system_admin", 200),
        ("wing_officer", 403),
    ],
)
def test_reports_are_for_safer_custody_coordinators_and_administrators(
    request, client_for, callouts, user_fixture, status
):
    response = client_for(request.getfixturevalue(user_fixture)).get(
        REPORTS, {"starts_on": "2026-11-02", "ends_on": "2026-11-12"}
    )
    assert response.status_code == status
    if status == 200:
        assert response.context["report"].total == 5
        assert "Ryan Ellis" in response.content.decode()


def test_another_prison_sees_only_its_own_call_outs(client_for, outsider, callouts):
    response = client_for(outsider).get(REPORTS, {"starts_on": "2026-11-02", "ends_on": "2026-11-12"})
    assert response.context["report"].total == 1
    assert "Ryan Ellis" not in response.content.decode()


def test_the_default_period_is_the_last_four_weeks(client_for, manager, callouts):
    report = client_for(manager).get(REPORTS).context["report"]
    assert (report.starts_on, report.ends_on) == (date(2026, 10, 16), date(2026, 11, 12))


def test_a_period_that_ends_before_it_starts_gets_a_message_and_keeps_what_was_typed(
    client_for, manager, callouts
):
    response = client_for(manager).get(REPORTS, {"starts_on": "2026-11-12", "ends_on": "2026-11-02"})
    body = response.content.decode()
    assert response.context["form"].errors["ends_on"] == [
        "The end of the period must be on or after its start."
    ]
    assert 'value="2026-11-12"' in body and 'value="2026-11-02"' in body


def test_the_reports_page_query_count_does_not_grow(
    client_for, manager, callouts, ellis, make_callout, django_assert_num_queries
):
    client = client_for(manager)
    period = {"starts_on": "2026-11-02", "ends_on": "2026-11-12"}
    client.get(REPORTS, period)
    with django_assert_num_queries(REPORT_QUERIES):
        client.get(REPORTS, period)
    for hour in range(24):
        make_callout(ellis.worker, london(date(2026, 11, 10), hour))
    with django_assert_num_queries(REPORT_QUERIES):
        client.get(REPORTS, period)


# Session, user, establishments (3) for a manager (refused nothing), and
# the report's four.
REPORT_QUERIES = 3 + 4
