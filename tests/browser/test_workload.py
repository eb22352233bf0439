"""Workload in a real browser: a coordinator opens a Listener scheme's workload from the scheme's
page, sorts it, switches to 12 weeks, and reads the call-out reports' chart by the hour; every page
passes axe-core with no violation of any impact, the charts' numbers in a table behind them."""

from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.test_forms_journey import sign_in
from tests.welfare.workload_fixtures import *  # noqa: F403  the fixtures
from tests.welfare.workload_fixtures import london, this_monday

pytestmark = pytest.mark.browser

AXE = Axe()


@pytest.fixture(autouse=True)
def _noon_today(time_machine):
    """Noon today in London, ticking: the live server and the browser keep time."""
    time_machine.move_to(london(timezone.localdate(), 12), tick=True)


def assert_no_violations(page) -> None:
    violations = AXE.run(page).response["violations"]
    assert not violations, f"{page.url}\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in violations
    )


@pytest.fixture
def busy_listeners(listeners, duty_rota, contract_for, callout, assign, day_shift, night_shift, wing):
    monday = this_monday()
    amir = contract_for(listeners, "Amir", "Khan", location=wing).worker
    bea = contract_for(listeners, "Bea", "Lowe", location=wing).worker
    for day in range(4):  # four night call-outs last week: over the rota's limit of three
        callout(amir, london(monday - timedelta(weeks=1, days=-day), 23), minutes=40)
    callout(bea, london(monday - timedelta(weeks=6), 14), minutes=20, off_rota=True)
    assign(bea, monday - timedelta(weeks=1), day_shift)
    assign(bea, monday - timedelta(weeks=2), day_shift)
    assign(amir, monday - timedelta(weeks=2), night_shift)
    return {"amir": amir, "bea": bea}


def test_a_coordinator_reads_a_schemes_workload_and_sorts_it(page, live_server, coordinator, busy_listeners):
    sign_in(page, coordinator.username)
    page.goto(reverse("schemes:scheme_detail", args=[busy_listeners["amir"].contracts.get().scheme_id]))
    page.get_by_test_id("scheme-workload").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Workload: Listeners")
    table = page.get_by_test_id("workload-table")
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Amir Khan")  # the most call-out time first
    expect(rows.first.locator(".govuk-tag--red")).to_have_text("1")  # a week over the limits
    assert_no_violations(page)

    table.get_by_role("link", name="Rota shifts").click()
    expect(table.locator("th[aria-sort=descending]")).to_contain_text("Rota shifts")
    expect(rows.first).to_contain_text("Bea Lowe")

    page.get_by_role("link", name="Last 12 weeks").click()
    expect(page.get_by_test_id("workload-window")).to_contain_text("The last 12 weeks")
    expect(rows.first).to_contain_text("Bea Lowe")  # the order is kept
    expect(rows.nth(1).locator("td").nth(7)).to_have_text("0")
    expect(rows.first.locator("td").nth(7)).to_have_text("1")  # Bea's call-out off the rota
    assert_no_violations(page)


def test_the_call_out_reports_chart_reads_as_an_image_with_its_table_behind(
    page, live_server, manager, busy_listeners
):
    sign_in(page, manager.username)
    monday = this_monday()
    page.goto(
        reverse("listeners:callout_reports")
        + f"?starts_on={monday - timedelta(weeks=8):%Y-%m-%d}&ends_on={timezone.localdate():%Y-%m-%d}"
    )
    chart = page.get_by_role("img", name="Call-outs by the hour they were asked for, every wing")
    expect(chart).to_be_visible()
    numbers = page.get_by_test_id("callouts-by-hour-chart-table")
    expect(numbers).to_be_hidden()
    page.get_by_text("The chart's numbers as a table").click()
    expect(numbers).to_be_visible()
    expect(numbers.get_by_role("row", name="23:00 4")).to_be_visible()
    expect(numbers.get_by_role("row", name="14:00 1")).to_be_visible()
    assert_no_violations(page)
