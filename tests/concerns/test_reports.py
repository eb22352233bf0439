"""The concerns report: raised, answered on time, answered late, overdue now and the median days to
answer, per department and per topic, by month raised; its page and its CSV."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerns.reports import CSV_HEADER, concerns_report, month_start
from tests.concerns.reports_world import *  # noqa: F403  the fixtures
from tests.concerns.reports_world import at, last_month
from tests.downloads import csv_rows

REPORT = reverse("concerns:report")
REPORT_CSV = reverse("concerns:report_csv")
# The session, the user, their establishments, whether they work in this one, the counts and the
# answering days: six, however many concerns (the session is written once a minute, not here).
QUERIES = 6


@pytest.fixture
def month_of_concerns(carrier, wing, b_wing, concern_maker):
    """Last month, seen from today: Food (Catering, 7 days) answered after 3 days, at 23:30 UK time
    on its due day, at 00:30 the day after, and not at all; Property (Reception and property,
    14 days) answered 3 days late, and one not taken forward. This month: one Food concern, not
    yet due."""
    first = last_month()
    raised, property_raised = at(first + timedelta(days=1)), at(first + timedelta(days=2))
    food_due, property_due = raised.date() + timedelta(days=7), property_raised.date() + timedelta(days=14)
    concern_maker(carrier, "Food", wing, raised, answered_at=at(raised.date() + timedelta(days=3), 15))
    concern_maker(carrier, "Food", wing, raised, answered_at=at(food_due, 23, 30))
    concern_maker(carrier, "Food", b_wing, raised, answered_at=at(food_due + timedelta(days=1), 0, 30))
    concern_maker(carrier, "Food", b_wing, raised)
    concern_maker(
        carrier, "Property", wing, property_raised, answered_at=at(property_due + timedelta(days=3), 9)
    )
    concern_maker(carrier, "Property", b_wing, property_raised, declined_at=at(property_raised.date(), 16))
    concern_maker(carrier, "Food", wing, timezone.now())


def _cells(tally):
    return (tally.raised, tally.on_time, tally.late, tally.overdue, tally.median_days)


def test_the_numbers_of_a_small_month_by_department_and_topic(establishment, manager, month_of_concerns):
    report = concerns_report(user=manager, establishment=establishment)
    assert len(report.months) == 12 and report.months[0] == month_start(timezone.localdate())
    by_month = {row.month: row.tally for row in report.overall}
    # Days to answer: 3, 7 (on its due day), 8 (late by 30 minutes past midnight) and 17.
    assert _cells(by_month[last_month()]) == (6, 2, 2, 1, 7.5)
    assert _cells(by_month[report.months[0]]) == (1, 0, 0, 0, None)
    assert _cells(report.total) == (7, 2, 2, 1, 7.5)

    departments = {group.name: group for group in report.departments}
    assert list(departments) == ["Catering", "Reception and property"]
    catering = departments["Catering"]
    assert [row.month for row in catering.rows] == [report.months[0], last_month()]
    assert _cells(catering.rows[1].tally) == (4, 2, 1, 1, 7)
    assert _cells(catering.total) == (5, 2, 1, 1, 7)
    assert _cells(departments["Reception and property"].total) == (2, 0, 1, 0, 17)
    assert [(group.name, group.total.raised) for group in report.topics] == [("Food", 5), ("Property", 2)]


def test_a_department_owner_counts_only_the_concerns_they_see(
    establishment, catering_owner, month_of_concerns
):
    report = concerns_report(user=catering_owner, establishment=establishment)
    assert [group.name for group in report.departments] == ["Catering"]
    assert [group.name for group in report.topics] == ["Food"]
    assert _cells(report.total) == (5, 2, 1, 1, 7)


def test_another_establishments_concerns_are_not_counted(
    establishment, manager, outsider, month_of_concerns, other_carrier, other_wing, concern_maker
):
    concern_maker(other_carrier, "Food", other_wing, at(last_month() + timedelta(days=1)))
    assert concerns_report(user=manager, establishment=establishment).total.raised == 7
    assert concerns_report(user=outsider, establishment=outsider.establishments.get()).total.raised == 1


def test_the_page_shows_the_table(client_for, manager, month_of_concerns):
    response = client_for(manager).get(REPORT)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="report-raised">7<' in body
    assert 'data-testid="report-on-time">2<' in body
    assert 'data-testid="report-late">2<' in body
    assert 'data-testid="report-overdue">1<' in body
    assert "Reception and property" in body and "7.5" in body
    assert reverse("concerns:report_csv") in body


def test_the_csv_has_the_same_table(client_for, manager, establishment, month_of_concerns):
    response = client_for(manager).get(REPORT_CSV)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="concerns-report-alp-{timezone.localdate():%Y-%m-%d}.csv"'
    )
    rows = csv_rows(response)
    assert rows[0] == CSV_HEADER
    month = f"{last_month():%Y-%m}"
    assert ["All concerns", "HMP Alpha", month, "6", "2", "2", "1", "7.5"] in rows
    assert ["All concerns", "HMP Alpha", "All", "7", "2", "2", "1", "7.5"] in rows
    assert ["Department", "Catering", month, "4", "2", "1", "1", "7"] in rows
    assert ["Department", "Reception and property", "All", "2", "0", "1", "0", "17"] in rows
    assert ["Topic", "Food", f"{timezone.localdate():%Y-%m}", "1", "0", "0", "0", ""] in rows
    # Every concern once per grouping: 12 months and a total of every concern, two departments
    # and two topics with their months and totals.
    assert len(rows) == 1 + 13 + (2 + 1) + (1 + 1) + (2 + 1) + (1 + 1)


def test_a_name_a_spreadsheet_would_run_is_quoted(client_for, manager, establishment, month_of_concerns):
    from concerns.models import Department

    Department.objects.filter(establishment=establishment, name="Catering").update(name="=HYPERLINK(1)")
    rows = csv_rows(client_for(manager).get(REPORT_CSV))
    assert {row[1] for row in rows if row[0] == "Department"} == {"'=HYPERLINK(1)", "Reception and property"}


@pytest.mark.parametrize("url", [REPORT, REPORT_CSV])
@pytest.mark.parametrize(
    "user", ["manager", "safer_custody_officer", "coordinator", "system_admin", "catering_owner"]
)
def test_staff_who_see_concerns_may_open_it(request, client_for, url, user):
    assert client_for(request.getfixturevalue(user)).get(url).status_code == 200


@pytest.mark.parametrize("url", [REPORT, REPORT_CSV])
def test_a_wing_officer_without_a_department_is_refused(client_for, wing_officer, url):
    assert client_for(wing_officer).get(url).status_code == 403


@pytest.mark.parametrize("url", [REPORT, REPORT_CSV])
def test_nobody_signed_in_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_the_page_costs_the_same_queries_however_many_concerns(
    client_for, manager, carrier, wing, b_wing, concern_maker, django_assert_num_queries
):
    signed_in = client_for(manager)
    first = last_month()
    concern_maker(carrier, "Food", wing, at(first), answered_at=at(first + timedelta(days=2)))
    signed_in.get(REPORT)  # the session is warm
    with django_assert_num_queries(QUERIES):
        assert signed_in.get(REPORT).status_code == 200
    for day in range(20):
        raised = at(first + timedelta(days=day % 25))
        topic = ["Food", "Property", "Faith", "Health and medication"][day % 4]
        answered = at(raised.date() + timedelta(days=day % 9), 16) if day % 3 else None
        concern_maker(carrier, topic, [wing, b_wing][day % 2], raised, answered_at=answered)
    with django_assert_num_queries(QUERIES):
        assert signed_in.get(REPORT).status_code == 200
