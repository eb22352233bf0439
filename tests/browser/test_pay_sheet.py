"""The pay clerk's weekly sheet in a real browser: the safer-custody manager opens "Pay" from the
"More" page, sees last week's paid Buddies with their amounts and totals, steps back a week and
forward again with the links and the week picker, and confirms the week. The sheet passes axe-core
at both widths and never scrolls the page sideways at 320px (the table scrolls in its own box)."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pay.models import PayWeek
from peerwork.dates import monday_of
from schemes.services.contracts import contract_issue, contract_sign
from schemes.services.schemes import scheme_rate_set
from tests.browser.test_concerns_kiosk import NARROW, REFLOW, WIDE, assert_accessible
from tests.browser.test_coordinator_journey import heading, sign_in
from tests.factories import PeerWorkerFactory

pytestmark = pytest.mark.browser


@pytest.fixture
def paid_buddies(establishment, schemes, manager):
    """Buddies at £8.00 a week for two months; one Buddy all of last week, one from its Wednesday."""
    buddies = schemes["buddies"]
    last_monday = monday_of(timezone.localdate()) - timedelta(days=7)
    scheme_rate_set(
        scheme=buddies, weekly_rate_pence=800, effective_from=last_monday - timedelta(days=60), actor=manager
    )
    for number, last_name, start in (
        ("A1111AA", "Okafor", last_monday - timedelta(days=30)),
        ("A2222AA", "Price", last_monday + timedelta(days=2)),
    ):
        worker = PeerWorkerFactory(prison_number=number, last_name=last_name, establishment=establishment)
        contract = contract_issue(worker=worker, scheme=buddies, actor=manager, start_date=start)
        contract_sign(contract=contract, signed_on=start, witnessed_by=manager, actor=manager)
    return last_monday


def check(page) -> None:
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        assert_accessible(page)
    page.set_viewport_size(REFLOW)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        f"{page.url} scrolls sideways at 320px"
    )
    page.set_viewport_size(WIDE)


def test_the_manager_reads_and_confirms_last_weeks_pay(
    page, live_server, manager, paid_buddies, save_screenshot
):
    last_monday = paid_buddies
    sign_in(page, "manager")
    page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name="More").click()
    page.get_by_role("main").get_by_role("link", name="Pay").click()

    expect(heading(page)).to_have_text(f"Pay sheet, week of Monday {last_monday.day} {last_monday:%B %Y}")
    lines = page.get_by_test_id("pay-line")
    expect(lines).to_have_count(2)
    expect(lines.nth(0)).to_contain_text("A1111AA")
    expect(lines.nth(0)).to_contain_text("£8.00")
    expect(lines.nth(1)).to_contain_text("Wed to Sun")
    expect(lines.nth(1)).to_contain_text("£5.71")
    expect(page.get_by_test_id("pay-total")).to_have_text("£13.71")
    expect(page.get_by_test_id("pay-status")).to_contain_text("Not confirmed yet")
    check(page)

    page.get_by_test_id("previous-week").click()
    earlier = last_monday - timedelta(days=7)
    expect(heading(page)).to_have_text(f"Pay sheet, week of Monday {earlier.day} {earlier:%B %Y}")
    expect(page.get_by_test_id("pay-line")).to_have_count(1)
    page.get_by_label("Any day in the week").fill((last_monday + timedelta(days=4)).strftime("%d/%m/%Y"))
    page.get_by_role("button", name="Show the week").click()
    expect(heading(page)).to_have_text(f"Pay sheet, week of Monday {last_monday.day} {last_monday:%B %Y}")

    page.get_by_role("button", name="Confirm the pay for this week").click()
    expect(page.get_by_test_id("pay-message")).to_contain_text("is confirmed")
    expect(page.get_by_test_id("pay-status")).to_contain_text(f"Confirmed by {manager}")
    expect(page.get_by_role("button", name="Confirm the pay for this week")).to_have_count(0)
    check(page)
    save_screenshot("pay-sheet-confirmed")
    assert PayWeek.objects.get().lines.count() == 2
