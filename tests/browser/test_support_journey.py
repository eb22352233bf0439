"""One-to-one support from the office to the wing and back, in a real browser: a coordinator pairs
a Toe by Toe mentor with a learner who agreed; over three days the mentor records on the kiosk two
sessions and one that did not happen because the learner was not unlocked; the coordinator sees
them on the pair's page and the stumbling-blocks report counts them; ending the mentor's contract
ends the pair."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from schemes.services.contracts import contract_end
from schemes.services.schemes import scheme_lead_add
from support.models import EndReason, Pair
from tests.browser.test_coordinator_journey import sign_in as staff_sign_in
from tests.browser.test_kiosk_journey import sign_in
from tests.browser.test_support_kiosk import eli, on_the_kiosk, reece  # noqa: F401  fixtures
from tests.support.kiosk_world import TOE_BY_TOE

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
MONDAY = datetime(2026, 11, 23, 9, 0, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Monday 23 November 2026, 9:00 in London, ticking."""
    time_machine.move_to(MONDAY, tick=True)
    return time_machine


def record_on_the_kiosk(kiosk, mentor, *, button: str, choice: str) -> None:
    sign_in(kiosk, prison_number=mentor.prison_number)
    kiosk.get_by_role("link", name="My learner").click()
    kiosk.get_by_test_id("kiosk-pair").get_by_role("link", name=button).click()
    kiosk.get_by_role("button", name=choice).click()
    expect(kiosk.get_by_test_id("kiosk-message")).to_have_text("Thank you. Today is recorded for Reece.")
    kiosk.get_by_role("button", name="Finish").click()


def test_a_pair_from_the_office_to_the_kiosk_and_its_stumbling_blocks(
    on_the_kiosk,  # noqa: F811
    eli,  # noqa: F811
    reece,  # noqa: F811
    schemes,
    coordinator,
    system_admin,
    browser,
    live_server,
    clock,
):
    toe_by_toe = schemes[TOE_BY_TOE]
    scheme_lead_add(scheme=toe_by_toe, user=coordinator, actor=system_admin)
    office = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    ).new_page()
    staff_sign_in(office, coordinator.username)

    # The coordinator pairs Eli with Reece, who agreed.
    office.goto(reverse("support:pair_create"))
    office.get_by_label("Resident's prison number or name").fill(reece.prison_number)
    office.get_by_role("button", name="Find").click()
    office.get_by_role("radio", name="Eli Nash").check()
    office.get_by_role("radio", name="Reece Dunn").check()
    office.get_by_role("button", name="Pair them").click()
    expect(office.get_by_text("Record that the resident agreed").first).to_be_visible()
    assert not Pair.objects.exists()
    office.get_by_label("The resident agreed to be supported and to have sessions recorded").check()
    office.get_by_role("button", name="Pair them").click()
    expect(office.get_by_test_id("pair-status")).to_have_text("Open")
    pair = Pair.objects.get()
    assert (pair.mentor, pair.supported, pair.started_on) == (eli, reece, timezone.localdate())

    # Monday and Tuesday they meet; on Wednesday Reece is not unlocked.
    kiosk = on_the_kiosk
    record_on_the_kiosk(kiosk, eli, button="We met today", choice="30 minutes")
    clock.move_to(MONDAY + timedelta(days=1), tick=True)
    record_on_the_kiosk(kiosk, eli, button="We met today", choice="45 minutes")
    clock.move_to(MONDAY + timedelta(days=2), tick=True)
    record_on_the_kiosk(kiosk, eli, button="It did not happen", choice="They were not unlocked")

    # Two days on, the coordinator signs in again and sees the three on the pair's page.
    staff_sign_in(office, coordinator.username)
    office.goto(reverse("support:pair_detail", args=[pair.pk]))
    sessions = office.get_by_test_id("sessions")
    expect(sessions.locator("tbody tr")).to_have_count(3)
    expect(sessions).to_contain_text("Held, about 30 minutes")
    expect(sessions).to_contain_text("Held, about 45 minutes")
    expect(sessions).to_contain_text("Not held")
    expect(sessions).to_contain_text("Eli Nash, on the kiosk")

    # The stumbling-blocks report counts them: two held, one not held because Reece was not unlocked.
    office.goto(reverse("support:stumbling_blocks"))
    expect(office.get_by_test_id("sb-held")).to_have_text("2")
    expect(office.get_by_test_id("sb-not-held")).to_have_text("1")
    expect(office.get_by_test_id("sb-reasons")).to_contain_text("Learner not unlocked")
    expect(office.get_by_test_id("sb-chart")).to_be_visible()

    # Eli's contract ends: the pair ends with it.
    contract_end(
        contract=eli.contracts.get(), reason="resigned", ended_on=timezone.localdate(), actor=coordinator
    )
    office.goto(reverse("support:pair_detail", args=[pair.pk]))
    expect(office.get_by_test_id("pair-status")).to_have_text("Ended")
    expect(office.get_by_test_id("ended")).to_contain_text(str(EndReason.MENTOR_CONTRACT_ENDED.label))
    office.context.close()
