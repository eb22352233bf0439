"""A scheme coordinator's whole journey in a real browser, and what the journey refuses.

Application -> eligibility checks -> interview -> approval -> contract -> signature -> compact
(HTML and PDF) -> renewal -> ending, then the worker page with the whole history. Everything is
done through the pages, as the coordinator would: links, buttons and labelled fields.
"""

import re
from datetime import date

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from playwright.sync_api import expect

from schemes.models import Application, ApplicationCheck
from schemes.services import applications as application_services
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

CONTRACT_SCREENSHOT = "/tmp/peerwork-contract.png"
WORKER_SCREENSHOT = "/tmp/peerwork-worker.png"
LISTENER_PURPOSE = "Listen, in confidence, to prisoners who are struggling, at any time of day or night."


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_date_input(page, legend: str, day: date) -> None:
    """Type a day into a GOV.UK date input's Day, Month and Year boxes."""
    boxes = page.get_by_role("group", name=legend)
    boxes.get_by_label("Day").fill(str(day.day))
    boxes.get_by_label("Month").fill(str(day.month))
    boxes.get_by_label("Year").fill(str(day.year))


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def heading(page):
    return page.get_by_role("heading", level=1)


def test_a_coordinator_takes_a_listener_from_application_to_the_end_of_a_renewed_contract(
    page, live_server, coordinator, listeners, worker, browser_problems, save_screenshot
):
    today = date.today()
    first_end = today + relativedelta(months=6)
    renewal_end = first_end + relativedelta(months=6)

    sign_in(page, "coordinator")
    primary_navigation = page.get_by_role("navigation", name="Primary navigation")

    # 1. The application, started from the scheme page.
    primary_navigation.get_by_role("link", name="Schemes").click()
    page.get_by_role("link", name="Listeners", exact=True).click()
    expect(heading(page)).to_have_text("Listeners")
    page.get_by_role("link", name="New application").click()
    expect(heading(page)).to_have_text("Record an application")
    expect(page.get_by_label("Which scheme?")).to_have_value(str(listeners.pk))
    page.get_by_label("Who is applying?").select_option(label="Ryan Ellis (A1234BC)")
    expect(page.get_by_label("Applied themselves")).to_be_checked()
    received = page.get_by_role("group", name="Date received")
    expect(received.get_by_label("Day")).to_have_value(str(today.day))
    expect(received.get_by_label("Month")).to_have_value(str(today.month))
    expect(received.get_by_label("Year")).to_have_value(str(today.year))
    page.get_by_label("Why they want the role").fill("Wants to help people on the wing at night.")
    page.get_by_role("button", name="Record application").click()

    expect(success_banner(page)).to_contain_text("Application from Ryan Ellis to Listeners recorded.")
    expect(heading(page)).to_have_text("Ryan Ellis (A1234BC)")
    status = page.get_by_test_id("application-status")
    expect(status).to_have_text("Received")

    # 2. Checks, interview, approval.
    page.get_by_role("button", name="Move to eligibility checks").click()
    expect(success_banner(page)).to_contain_text("Moved to eligibility checks.")
    expect(status).to_have_text("Checks")

    checks = page.locator(".govuk-summary-card")
    expect(checks).to_have_count(5)
    for index in range(5):
        card = checks.nth(index)
        label = card.locator(".govuk-summary-card__title").inner_text()
        expect(card.locator(".govuk-tag")).to_have_text("Not checked yet")
        card.get_by_label("Passed", exact=True).check()
        card.get_by_role("button", name="Save check").click()
        expect(success_banner(page)).to_contain_text("recorded as passed")
        card = checks.nth(index)
        expect(card.locator(".govuk-summary-card__title")).to_have_text(label)
        expect(card.locator(".govuk-tag")).to_have_text("Passed")
        expect(card).to_contain_text(coordinator.get_full_name())
    for index in range(5):
        expect(checks.nth(index).locator(".govuk-tag")).to_have_text("Passed")

    fill_date_input(page, "Interview date", today)
    page.get_by_label("Interview notes (optional)").fill("Panel: the coordinator and a Samaritans volunteer.")
    page.get_by_role("button", name="Move to interview").click()
    expect(success_banner(page)).to_contain_text("Moved to interview.")
    expect(status).to_have_text("Interview")

    save_screenshot("peerwork-application")
    page.get_by_label("Why they were chosen (optional)").fill("Calm, patient, and trusted on the wing.")
    page.get_by_role("button", name="Approve", exact=True).click()

    # Approval leads straight to the contract, worker and scheme already chosen.
    expect(success_banner(page)).to_contain_text(
        "Ryan Ellis approved for Listeners. Now issue their contract."
    )
    expect(heading(page)).to_have_text("Issue a contract")
    expect(page.get_by_text("Following Ryan Ellis's approved application to Listeners.")).to_be_visible()
    expect(page.get_by_label("Peer worker")).to_have_value(str(worker.pk))
    expect(page.get_by_label("Scheme", exact=True)).to_have_value(str(listeners.pk))
    page.get_by_label("Start date", exact=True).fill(f"{today:%d/%m/%Y}")
    page.get_by_role("button", name="Issue contract").click()

    # 3. The contract, signed.
    expect(success_banner(page)).to_contain_text("Contract issued to Ryan Ellis.")
    expect(page).to_have_url(re.compile(r"/contracts/\d+/$"))
    first_contract_url = page.url
    expect(heading(page)).to_contain_text("Awaiting signature")
    summary = page.get_by_test_id("contract-summary")
    expect(summary).to_contain_text(f"{long_date(today)} to {long_date(first_end)}")
    expect(summary).to_contain_text("Not signed yet")
    expect(page.get_by_test_id("role-version")).to_have_text("Version 1")

    page.get_by_role("link", name="Record the signature").click()
    expect(heading(page)).to_have_text("Record the signature")
    fill_date_input(page, "Date signed", today)
    page.get_by_label("Witnessed by").select_option(label=coordinator.get_full_name())
    page.get_by_role("button", name="Record the signature").click()

    expect(success_banner(page)).to_contain_text("Signature recorded. Ryan Ellis's contract is in force.")
    expect(heading(page)).to_contain_text("Active")
    expect(summary).to_contain_text(f"{long_date(today)}, witnessed by {coordinator.get_full_name()}")
    expect(page.get_by_role("link", name="Record the signature")).to_have_count(0)
    page.screenshot(path=CONTRACT_SCREENSHOT, full_page=True)

    # 4. The compact: a PDF, and a page to print with the role description it was issued under.
    pdf_href = page.get_by_role("link", name="Download the compact (PDF)").get_attribute("href")
    pdf = page.request.get(live_server.url + pdf_href)
    assert pdf.status == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")

    page.get_by_role("link", name="Open the compact to print").click()
    expect(heading(page)).to_have_text("Peer work compact")
    expect(page.get_by_text("An agreement between Ryan Ellis and HMP Alpha")).to_be_visible()
    expect(page.get_by_test_id("compact-role-version")).to_contain_text(
        "This is version 1 of the role description"
    )
    expect(page.get_by_test_id("role-description")).to_contain_text(LISTENER_PURPOSE)
    page.wait_for_load_state("networkidle")
    save_screenshot("peerwork-compact")
    page.get_by_role("link", name="Back to the contract").click()
    expect(page).to_have_url(first_contract_url)

    # 5. Renewal: a confirmation page, then the new contract, linked to the first.
    page.get_by_role("link", name="Renew", exact=True).click()
    expect(heading(page)).to_have_text("Renew the contract")
    expect(page.get_by_test_id("renewal-plan")).to_contain_text(
        f"a new contract runs from today, {long_date(today)}, to {long_date(renewal_end)}"
    )
    page.get_by_role("button", name="Renew contract").click()

    expect(success_banner(page)).to_contain_text(f"Contract renewed until {long_date(renewal_end)}.")
    expect(page).not_to_have_url(first_contract_url)
    renewal_url = page.url
    save_screenshot("peerwork-renewal")
    expect(heading(page)).to_contain_text("Active")
    expect(summary).to_contain_text(f"{long_date(today)} to {long_date(renewal_end)}")
    renewal_of = page.get_by_test_id("renewal-of")
    expect(renewal_of).to_have_text(f"the contract from {long_date(today)} to {long_date(first_end)}")
    renewal_of.click()
    expect(page).to_have_url(first_contract_url)
    expect(page.get_by_test_id("ending")).to_contain_text("Renewed (continued under a new contract)")
    expect(page.get_by_test_id("renewed-by")).to_have_text(
        f"the contract from {long_date(today)} to {long_date(renewal_end)}"
    )
    page.get_by_test_id("renewed-by").click()
    expect(page).to_have_url(renewal_url)

    # 6. The worker resigns: the coordinator ends the new contract today.
    page.get_by_role("link", name="End contract").click()
    expect(heading(page)).to_have_text("End the contract")
    page.get_by_label("Resigned").check()
    last_day = page.get_by_role("group", name="Last day in the role")
    expect(last_day.get_by_label("Day")).to_have_value(str(today.day))
    expect(last_day.get_by_label("Month")).to_have_value(str(today.month))
    expect(last_day.get_by_label("Year")).to_have_value(str(today.year))
    page.get_by_role("button", name="End contract").click()
    expect(success_banner(page)).to_contain_text("Contract ended. Its history is kept.")
    expect(page).to_have_url(renewal_url)
    expect(heading(page)).to_contain_text("Ended")
    expect(page.get_by_test_id("ending")).to_contain_text(
        f"Resigned, recorded by {coordinator.get_full_name()}"
    )
    expect(page.get_by_role("link", name="End contract")).to_have_count(0)
    save_screenshot("peerwork-contract-ended")
    expect(page.get_by_role("link", name="Renew", exact=True)).to_have_count(0)

    # 7. The worker page: both contracts, with their end reasons, and the approved application.
    page.get_by_test_id("contract-summary").get_by_role("link", name="Ryan Ellis").click()
    expect(heading(page)).to_have_text("Ryan Ellis")
    expect(page.get_by_text("No open contracts.")).to_be_visible()
    past = page.get_by_test_id("past-contracts").locator("tbody tr")
    expect(past).to_have_count(2)
    renewed_row, first_row = past.nth(0), past.nth(1)
    expect(renewed_row).to_contain_text("Listeners")
    expect(renewed_row.locator("td").nth(2)).to_have_text(f"{long_date(today)} to {long_date(today)}")
    expect(renewed_row).to_contain_text("Ended")
    expect(renewed_row.locator("td").last).to_have_text("Resigned")
    expect(first_row).to_contain_text("Listeners")
    # The record is continuous: the first contract closed on the day of renewal, when the new one began.
    expect(first_row.locator("td").nth(2)).to_have_text(f"{long_date(today)} to {long_date(today)}")
    expect(first_row.locator("td").last).to_have_text("Renewed (continued under a new contract)")
    applications = page.get_by_test_id("applications").locator("tbody tr")
    expect(applications).to_have_count(1)
    expect(applications.first).to_contain_text("Listeners")
    expect(applications.first).to_contain_text(long_date(today))
    expect(applications.first.locator(".govuk-tag")).to_have_text("Approved")
    expect(applications.first).to_contain_text(
        f"{long_date(today)} by {coordinator.get_full_name()}: Calm, patient, and trusted on the wing."
    )
    page.screenshot(path=WORKER_SCREENSHOT, full_page=True)


def test_a_wing_officer_cannot_issue_contracts_and_approval_waits_for_every_check(
    page, wing_officer, coordinator, listeners, worker, browser_problems
):
    issue = reverse("schemes:contract_issue")
    browser_problems.allow(rf"status of 403 .*{re.escape(issue)}\)")
    sign_in(page, "wingofficer")
    response = page.goto(issue)
    assert response.status == 403
    expect(heading(page)).to_have_text("You cannot see this page")
    expect(page.get_by_role("button", name="Issue contract")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    application = application_services.application_create(
        worker=worker, scheme=listeners, actor=coordinator, received_on=date.today()
    )
    checks = list(application.checks.select_related("requirement").order_by("pk"))
    missing = checks[-1]
    for check in checks[:-1]:
        application_services.application_check_record(check=check, outcome="passed", actor=coordinator)

    sign_in(page, "coordinator")
    page.goto(reverse("schemes:application_detail", args=[application.pk]))
    status = page.get_by_test_id("application-status")
    expect(status).to_have_text("Received")
    page.get_by_role("button", name="Approve", exact=True).click()

    expect(page).to_have_url(
        re.compile(re.escape(reverse("schemes:application_detail", args=[application.pk])))
    )
    refusal = page.locator(".govuk-notification-banner").filter(has_text="Still to do")
    expect(refusal).to_contain_text(
        "Every required check must be confirmed as passed before approval. "
        f"Still to do: {missing.requirement.label}."
    )
    expect(status).to_have_text("Received")
    expect(page.get_by_role("heading", name="Issue a contract")).to_have_count(0)
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    assert application.decided_at is None
    missing.refresh_from_db()
    assert missing.outcome == ApplicationCheck.Outcome.PENDING
