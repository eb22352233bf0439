"""Forms in a real browser: GOV.UK's date input and its errors, the MoJ date picker, and a
coordinator offered only the schemes they lead. Every page is checked by axe-core."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from schemes.services import contracts as contract_services
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

AXE = Axe()


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def assert_accessible(page):
    results = AXE.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{page.url}\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in serious
    )


def test_an_impossible_day_is_refused_next_to_the_date_boxes(
    page, live_server, coordinator, listeners, worker
):
    contract = contract_services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=timezone.localdate()
    )
    sign_in(page, "coordinator")
    page.goto(reverse("schemes:contract_sign", args=[contract.pk]))
    signed = page.get_by_role("group", name="Date signed")
    expect(signed.get_by_text("For example, 27 3 2007")).to_be_visible()
    signed.get_by_label("Day").fill("31")
    signed.get_by_label("Month").fill("2")
    signed.get_by_label("Year").fill("2027")
    page.get_by_label("Witnessed by").select_option(label=coordinator.get_full_name())
    assert_accessible(page)
    page.get_by_role("button", name="Record the signature").click()

    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name="Date signed must be a real date")).to_have_count(1)
    signed = page.get_by_role("group", name="Date signed")
    expect(signed.locator(".govuk-error-message")).to_contain_text("Date signed must be a real date")
    # What was typed is kept, and every box is marked: the day does not exist as a whole.
    expect(signed.get_by_label("Day")).to_have_value("31")
    expect(signed.locator(".govuk-input--error")).to_have_count(3)
    assert_accessible(page)
    summary.get_by_role("link", name="Date signed must be a real date").click()
    expect(signed.get_by_label("Day")).to_be_focused()

    signed.get_by_label("Day").fill("28")
    signed.get_by_label("Month").fill("")
    page.get_by_role("button", name="Record the signature").click()
    signed = page.get_by_role("group", name="Date signed")
    expect(signed.locator(".govuk-error-message")).to_contain_text("Date signed must include a month")
    expect(signed.locator(".govuk-input--error")).to_have_count(1)
    expect(signed.get_by_label("Month")).to_have_class(re.compile("govuk-input--error"))
    expect(signed.get_by_label("Day")).to_have_value("28")
    assert_accessible(page)


def test_a_coordinator_is_offered_only_the_schemes_they_lead(
    page, live_server, coordinator, listeners, buddies, worker
):
    sign_in(page, "coordinator")
    page.goto(reverse("schemes:contract_issue"))
    options = page.get_by_label("Scheme", exact=True).locator("option")
    expect(options).to_have_text(["Choose a scheme", "Listeners"])
    assert_accessible(page)

    page.goto(reverse("schemes:application_create"))
    options = page.get_by_label("Which scheme?").locator("option")
    expect(options).to_have_text(["Choose a scheme", "Listeners"])


def test_the_date_picker_chooses_a_day_from_its_calendar(page, live_server, coordinator, listeners, worker):
    sign_in(page, "coordinator")
    page.goto(reverse("schemes:contract_issue"))
    start = page.get_by_label("Start date", exact=True)
    start.fill("")
    page.get_by_role("button", name="Choose date").first.click()
    dialog = page.get_by_role("dialog")
    expect(dialog).to_be_visible()
    assert_accessible(page)
    dialog.get_by_role("button", name="Select").click()
    expect(start).to_have_value(re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"))
