"""In a real browser: a wing officer records a call-out, finds it in the call-out log and corrects
it within 24 hours, and its page shows what changed; a coordinator renews a contract, which awaits
the new compact's signature while the role continues, then records the signature.

Runs at the real time of day: every moment is taken from now.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from rota.models import CallOut
from schemes.models import Contract
from schemes.services import contracts as contract_services
from tests.factories import PASSWORD, PeerWorkerFactory

pytestmark = pytest.mark.browser


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_moment(page, legend, moment):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Date").fill(moment.date().isoformat())
    group.get_by_label("Time").fill(moment.strftime("%H:%M"))


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.fixture
def listener(establishment, wing, listeners, coordinator):
    """Ryan Ellis, a Listener for a month, held on A wing, cell 2-14."""
    today = timezone.localdate()
    worker = PeerWorkerFactory(
        prison_number="A1234BC",
        first_name="Ryan",
        last_name="Ellis",
        establishment=establishment,
        location=wing,
        cell="2-14",
    )
    contract = contract_services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=today - timedelta(days=30)
    )
    return contract_services.contract_sign(
        contract=contract, signed_on=today - timedelta(days=30), witnessed_by=coordinator, actor=coordinator
    )


def test_a_wing_officer_records_a_call_out_finds_it_in_the_log_and_corrects_it(
    page, live_server, wing_officer, listener, wing, save_screenshot
):
    sign_in(page, "wingofficer")
    page.goto(reverse("listeners:callout_record"))
    page.get_by_label("Which Listener attended?").select_option(value=str(listener.worker.pk))
    page.get_by_label("Where were they called to?").select_option(label=wing.name)
    page.get_by_label("An officer").check()
    now = timezone.localtime().replace(second=0, microsecond=0)
    requested, started, ended = (now - timedelta(minutes=m) for m in (60, 55, 40))
    fill_moment(page, "When was the Listener asked for?", requested)
    fill_moment(page, "When did the Listener start?", started)
    fill_moment(page, "When did the call-out finish?", ended)
    page.get_by_role("button", name="Record call-out").click()
    expect(success_banner(page)).to_contain_text("Call-out recorded: Ryan Ellis")

    # The log: in the navigation for a wing officer now, with their call-out in it.
    page.get_by_role("link", name="Call-outs", exact=True).first.click()
    expect(heading(page)).to_have_text("Call-outs")
    table = page.get_by_test_id("callout-table")
    expect(table).to_contain_text("Ryan Ellis")
    expect(page.get_by_role("link", name="Reports")).to_have_count(0)
    table.get_by_role("link", name=f"{requested:%-d %b %Y, %H:%M}").click()
    expect(heading(page)).to_have_text("Call-out")

    # The finish was mistyped: corrected within 24 hours, with the reason.
    page.get_by_role("link", name="Correct this call-out").click()
    expect(heading(page)).to_have_text("Correct a call-out")
    finished = page.get_by_role("group", name="When did the call-out finish?")
    expect(finished.get_by_label("Time")).to_have_value(f"{ended:%H:%M}")
    corrected_end = ended + timedelta(minutes=20)
    fill_moment(page, "When did the call-out finish?", corrected_end)
    page.get_by_label("What was wrong (never what was said)").fill("Finish time mistyped")
    page.get_by_role("button", name="Save correction").click()

    expect(success_banner(page)).to_contain_text("Call-out corrected.")
    history = page.get_by_test_id("history")
    expect(history).to_contain_text("Corrected: Finish time mistyped")
    expect(history).to_contain_text(f"{ended:%H:%M} → ")
    expect(history).to_contain_text(f"{corrected_end:%H:%M}")
    save_screenshot("officer-callout-corrected")
    callout = CallOut.objects.get()
    assert callout.ended_at == corrected_end
    assert callout.history.count() == 2


def test_a_renewal_awaits_its_signature_on_the_contract_page_then_is_signed(
    page, live_server, coordinator, listener, save_screenshot
):
    sign_in(page, "coordinator")
    page.goto(reverse("schemes:contract_detail", args=[listener.pk]))
    page.get_by_role("link", name="Renew", exact=True).click()
    expect(page.get_by_test_id("renewal-plan")).to_contain_text(
        "stays in the role, and on the rota, while the new contract awaits the signature"
    )
    page.get_by_role("button", name="Renew contract").click()

    expect(success_banner(page)).to_contain_text("Contract renewed until")
    expect(heading(page)).to_contain_text("Active")
    expect(page.get_by_test_id("renewal-unsigned")).to_have_text("Renewed: new compact not signed")
    expect(page.get_by_test_id("signed")).to_contain_text("The role continues under this renewal meanwhile")
    expect(page.get_by_role("link", name="Renew", exact=True)).to_have_count(0)
    save_screenshot("renewal-awaiting-signature")

    page.get_by_role("link", name="Record the signature").click()
    today = timezone.localdate()
    signed = page.get_by_role("group", name="Date signed")
    signed.get_by_label("Day").fill(str(today.day))
    signed.get_by_label("Month").fill(str(today.month))
    signed.get_by_label("Year").fill(str(today.year))
    page.get_by_label("Witnessed by").select_option(label=coordinator.get_full_name())
    page.get_by_role("button", name="Record the signature").click()
    expect(success_banner(page)).to_contain_text("Signature recorded.")
    expect(page.get_by_test_id("renewal-unsigned")).to_have_count(0)
    expect(page.get_by_test_id("signed")).to_contain_text("witnessed by")
    renewal = Contract.objects.get(renewal_of=listener)
    assert (renewal.status, renewal.signed_on) == (Contract.Status.ACTIVE, timezone.localdate())
