"""The workload pages: choosing a scheme, a scheme's table (sortable, fifty to a page, the last 4
or 12 weeks), its CSV, who may see them, and where staff find them."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.navigation import sections_for
from tests.welfare.workload_fixtures import *  # noqa: F403  the fixtures
from tests.welfare.workload_fixtures import london, this_monday


def workload_url(scheme) -> str:
    return reverse("welfare:workload", args=[scheme.pk])


@pytest.fixture
def team(listeners, buddies, duty_rota, contract_for, callout, assign, day_shift, wing):
    """Amir (called out twice last week, one at night), Bea (one shift last week), Carl (a Buddy)."""
    monday = this_monday()
    amir = contract_for(listeners, "Amir", "Khan", prison_number="A1111AA", location=wing).worker
    bea = contract_for(listeners, "Bea", "Lowe", prison_number="B2222BB").worker
    contract_for(buddies, "Carl", "Moss", prison_number="C3333CC")
    callout(amir, london(monday - timedelta(weeks=1), 23), minutes=30)
    callout(amir, london(monday - timedelta(weeks=5), 14), minutes=45, off_rota=True)
    assign(bea, monday - timedelta(weeks=1), day_shift)
    return {"amir": amir, "bea": bea}


def rows_of(response) -> list[str]:
    return [row.worker.full_name for row, _cells in response.context["rows"]]


@pytest.mark.parametrize(
    ("user_fixture", "status"),
    [
        ("manager", 200),
        ("safer_custody_officer", 200),
        ("coordinator", 200),
        ("system_admin", 200),
        ("wing_officer", 403),
        ("outsider", 404),
    ],
)
def test_coordinators_safer_custody_and_administrators_see_a_schemes_workload(
    request, client_for, listeners, team, user_fixture, status
):
    response = client_for(request.getfixturevalue(user_fixture)).get(workload_url(listeners))
    assert response.status_code == status
    if status == 200:
        assert rows_of(response) == ["Amir Khan", "Bea Lowe"]


def test_a_coordinator_sees_only_the_schemes_they_lead(client_for, coordinator, buddies, team):
    client = client_for(coordinator)
    assert client.get(workload_url(buddies)).status_code == 404
    assert client.get(reverse("welfare:workload_csv", args=[buddies.pk])).status_code == 404
    choices = client.get(reverse("welfare:workload_schemes"))
    assert [scheme.name for scheme in choices.context["schemes"]] == ["Listeners"]


def test_safer_custody_chooses_from_every_scheme(client_for, manager, schemes):
    response = client_for(manager).get(reverse("welfare:workload_schemes"))
    assert len(response.context["schemes"]) == len(schemes)
    assert workload_url(schemes["buddies"]) in response.content.decode()


def test_the_table_shows_the_last_4_weeks_or_the_last_12(client_for, manager, listeners, team):
    client = client_for(manager)
    four = client.get(workload_url(listeners))
    amir_cells = [cell.text for cell in four.context["rows"][0][1]]
    assert four.context["weeks"] == 4
    # Most call-out time first: Amir's 30 minutes last week. Shifts, hours, nights, night hours,
    # call-outs, time, night call-outs, off the rota, weeks over the limits.
    assert amir_cells == ["0", "0h 00m", "0", "0h 00m", "1", "0h 30m", "1", "0", "0"]
    twelve = client.get(workload_url(listeners), {"weeks": "12"})
    assert twelve.context["weeks"] == 12
    assert [cell.text for cell in twelve.context["rows"][0][1]][4:8] == ["2", "1h 15m", "1", "1"]
    page = twelve.content.decode()
    assert 'aria-current="page" data-testid="workload-weeks-12"' in page
    assert f"Monday {(this_monday() - timedelta(weeks=11)).day}" in page


@pytest.mark.parametrize("weeks", ["", "0", "5", "-12", "12.0", "x" * 5000])
def test_any_other_period_shows_the_last_4_weeks(client_for, manager, listeners, team, weeks):
    response = client_for(manager).get(workload_url(listeners), {"weeks": weeks})
    assert response.status_code == 200 and response.context["weeks"] == 4


def test_the_table_is_sorted_by_the_column_asked_for(client_for, manager, listeners, team):
    client = client_for(manager)
    assert rows_of(client.get(workload_url(listeners))) == ["Amir Khan", "Bea Lowe"]
    by_shifts = client.get(workload_url(listeners), {"order": "-shifts_4"})
    assert rows_of(by_shifts) == ["Bea Lowe", "Amir Khan"]
    headings = {heading.text: heading for heading in by_shifts.context["headings"]}
    assert headings["Rota shifts"].sorted == "descending"
    assert headings["Rota shifts"].order == "shifts_4"  # the link turns it round
    assert headings["Call-outs"].order == "-callouts_4"  # most first
    assert 'aria-sort="descending"' in by_shifts.content.decode()
    assert rows_of(client.get(workload_url(listeners), {"order": "-name"})) == ["Bea Lowe", "Amir Khan"]


@pytest.mark.parametrize("order", ["drop table", "-", "name;", "\u202e", "9" * 30, "-callouts_12 "])
def test_an_order_it_does_not_know_is_ignored(client_for, manager, listeners, team, order):
    response = client_for(manager).get(workload_url(listeners), {"order": order, "page": order})
    assert response.status_code == 200
    assert response.context["report"].order == "-callout_time_4"


def test_fifty_people_to_a_page(client_for, manager, listeners, duty_rota, contract_for):
    for n in range(53):
        contract_for(listeners, f"Person{n:02d}", "Able")
    client = client_for(manager)
    first = client.get(workload_url(listeners), {"order": "name"})
    assert len(first.context["rows"]) == 50
    assert rows_of(first)[0] == "Person00 Able"
    second = client.get(workload_url(listeners), {"order": "name", "page": "2"})
    assert rows_of(second) == ["Person50 Able", "Person51 Able", "Person52 Able"]
    assert "order=name&amp;page=2" in first.content.decode()  # the next page keeps the order
    beyond = client.get(workload_url(listeners), {"page": "999"})
    assert beyond.context["page"].number == 2


def test_the_csv_has_every_row_in_the_order_shown_with_both_periods(client_for, manager, listeners, team):
    response = client_for(manager).get(
        reverse("welfare:workload_csv", args=[listeners.pk]), {"order": "name"}
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate()
    assert f'filename="workload-listeners-alp-{today:%Y-%m-%d}.csv"' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    figures = [
        "Rota shifts",
        "Shift minutes",
        "Night shifts",
        "Night shift minutes",
        "Call-outs",
        "Call-out minutes",
        "Night call-outs",
        "Call-outs off the rota",
        "Weeks over the limits",
    ]
    assert rows[0] == ["Prison number", "Surname", "First name", "Wing"] + [
        f"{name}, last {weeks} weeks" for weeks in (4, 12) for name in figures
    ]
    assert rows[1:] == [
        ["A1111AA", "Khan", "Amir", "A wing"]
        + ["0", "0", "0", "0", "1", "30", "1", "0", "0"]
        + ["0", "0", "0", "0", "2", "75", "1", "1", "0"],
        ["B2222BB", "Lowe", "Bea", ""]
        + ["1", "480", "0", "0", "0", "0", "0", "0", "0"]
        + ["1", "480", "0", "0", "0", "0", "0", "0", "0"],
    ]


def test_the_page_costs_the_same_queries_for_two_people_or_sixty(
    client_for, manager, listeners, team, contract_for, callout, assign, day_shift, django_assert_num_queries
):
    """Five for the figures; the rest are every staff page's (session, user, establishment...)."""
    client = client_for(manager)
    with django_assert_num_queries(9):
        client.get(workload_url(listeners))
    today = timezone.localdate()
    for n in range(58):
        worker = contract_for(listeners, f"Person{n}", "Busy").worker
        assign(worker, today - timedelta(days=n % 70 + 1), day_shift)
        for week in range(12):
            callout(worker, london(today - timedelta(weeks=week, days=1), 8 + n % 14), minutes=10)
    with django_assert_num_queries(9):
        response = client.get(workload_url(listeners))
    assert response.context["page"].paginator.count == 60


def test_staff_find_it_from_the_scheme_and_from_more(client_for, coordinator, wing_officer, listeners):
    page = client_for(coordinator).get(reverse("schemes:scheme_detail", args=[listeners.pk])).content.decode()
    assert f'href="{workload_url(listeners)}"' in page
    on_more = [item["label"] for section in sections_for(user=coordinator) for item in section["items"]]
    assert "Workload" in on_more
    officer_more = [item["label"] for section in sections_for(user=wing_officer) for item in section["items"]]
    assert "Workload" not in officer_more
    officer_page = client_for(wing_officer).get(reverse("schemes:scheme_detail", args=[listeners.pk]))
    assert workload_url(listeners) not in officer_page.content.decode()


def test_the_call_out_reports_draw_call_outs_by_hour_with_the_table_behind(client_for, manager, team):
    response = client_for(manager).get(reverse("listeners:callout_reports"))
    page = response.content.decode()
    assert 'data-testid="callouts-by-hour-chart"' in page and "<svg" in page
    chart = response.context["report"].hour_chart
    assert [bar.value for bar in chart.bars if bar.value] == [1]  # Amir, 23:00 last week
    assert chart.bars[23].title == "23:00: 1 call-out"
    assert 'data-testid="callouts-by-hour-chart-table"' in page


def test_each_name_opens_the_persons_welfare_page_unless_they_have_left(
    client_for, manager, listeners, team, contract_for, callout, other_establishment
):
    leaver = contract_for(listeners, "Lee", "Moved", starts=-120, ends=-20, status="ended").worker
    callout(leaver, london(this_monday() - timedelta(weeks=4), 15))
    leaver.establishment = other_establishment
    leaver.save()
    page = client_for(manager).get(workload_url(listeners), {"order": "name"}).content.decode()
    assert f'href="{reverse("welfare:worker", args=[team["amir"].pk])}"' in page
    assert f'href="{reverse("welfare:worker", args=[leaver.pk])}"' not in page
    assert 'Lee Moved <span class="govuk-hint govuk-!-font-size-16">(no longer here)</span>' in page
