"""One-to-one support on the wing kiosk in a real browser: a Toe by Toe mentor records that they
met their learner today for about 30 minutes, and the next day that it did not happen because the
learner was not unlocked, and sees both in the week. Every support page is checked by axe-core at
1280px and 390px, measured for touch targets, and narrowed to 320px without scrolling sideways.
"""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from support.models import NotHeld, Session
from tests.browser.test_concerns_kiosk import NARROW, REFLOW, WIDE, assert_accessible
from tests.browser.test_kiosk_journey import assert_made_for_a_kiosk, heading, sign_in
from tests.factories import LocationFactory
from tests.support.kiosk_world import TOE_BY_TOE, mentor, paired, resident

pytestmark = pytest.mark.browser

LONDON = ZoneInfo("Europe/London")
TUESDAY = datetime(2026, 11, 24, 9, 30, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def clock(time_machine):
    """Tuesday 24 November 2026, 9:30 in London, ticking: the pair and the contract date from it."""
    time_machine.move_to(TUESDAY, tick=True)
    return time_machine


@pytest.fixture
def on_the_kiosk(page, live_server, kiosk):
    """The browser is the enrolled A wing kiosk: it carries the device cookie."""
    page.context.add_cookies(
        [{"name": settings.KIOSK_DEVICE_COOKIE_NAME, "value": kiosk.token, "url": live_server.url}]
    )
    return page


@pytest.fixture
def eli(establishment, wing, schemes, system_admin):
    """Eli Nash, a Toe by Toe mentor on A wing, with the kiosk PIN."""
    return mentor(establishment=establishment, wing=wing, scheme=schemes[TOE_BY_TOE], actor=system_admin)


@pytest.fixture
def reece(establishment):
    c_wing = LocationFactory(establishment=establishment, name="C wing")
    return resident(
        establishment=establishment,
        wing=c_wing,
        prison_number="A2002AA",
        first_name="Reece",
        last_name="Dunn",
    )


def day_says(day: str, record: str) -> re.Pattern:
    """A day of the week and its record, as the list shows them side by side."""
    return re.compile(rf"{day}\s+{re.escape(record)}")


def check(page, save_screenshot, label: str) -> None:
    """axe-core at both widths, kiosk-sized at the wide one, and no sideways scroll at 320px."""
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        assert_accessible(page)
    page.set_viewport_size(WIDE)
    assert_made_for_a_kiosk(page)
    save_screenshot(f"kiosk-support-{label}")
    page.set_viewport_size(REFLOW)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        f"{page.url} scrolls sideways at 320px"
    )
    page.set_viewport_size(WIDE)


def test_a_mentor_records_a_session_and_the_next_day_one_that_did_not_happen(
    on_the_kiosk, eli, reece, schemes, coordinator, clock, save_screenshot
):
    pair = paired(scheme=schemes[TOE_BY_TOE], mentor=eli, supported=reece, actor=coordinator)
    page = on_the_kiosk
    page.set_viewport_size(WIDE)
    sign_in(page, prison_number=eli.prison_number)
    expect(heading(page)).to_have_text("Hello, Eli")

    page.get_by_role("link", name="My learner").click()
    expect(heading(page)).to_have_text("My learner")
    card = page.get_by_test_id("kiosk-pair")
    expect(card.get_by_role("heading", level=2)).to_have_text("Reece")
    expect(card).to_contain_text("On C wing. Toe by Toe.")
    expect(card.get_by_test_id("kiosk-pair-held")).to_have_text("You have not met this week yet.")
    for secret in (reece.last_name, reece.prison_number):
        expect(page.locator("main")).not_to_contain_text(secret)
    check(page, save_screenshot, "list")

    card.get_by_role("link", name=re.compile("^We met today")).click()
    expect(heading(page)).to_have_text("About how long did you meet Reece today?")
    check(page, save_screenshot, "met")
    page.get_by_role("button", name="30 minutes").click()

    expect(page.get_by_test_id("kiosk-message")).to_have_text("Thank you. Today is recorded for Reece.")
    expect(card.get_by_test_id("kiosk-pair-held")).to_have_text("You met once this week.")
    expect(card.get_by_test_id("kiosk-pair-week")).to_contain_text(
        day_says("Today", "You met, for about 30 minutes.")
    )
    expect(card.get_by_role("link", name=re.compile("^We met today"))).to_have_count(0)
    check(page, save_screenshot, "recorded")
    page.get_by_role("button", name="Finish").click()

    # Wednesday morning: signed in again, it did not happen.
    clock.move_to(TUESDAY + timedelta(days=1), tick=True)
    sign_in(page, prison_number=eli.prison_number)
    page.get_by_role("link", name="My learner").click()
    card.get_by_role("link", name=re.compile("^It did not happen")).click()
    expect(heading(page)).to_have_text("Why did you not meet Reece today?")
    check(page, save_screenshot, "not-held")
    page.get_by_role("button", name="They were not unlocked").click()

    expect(page.get_by_test_id("kiosk-message")).to_have_text("Thank you. Today is recorded for Reece.")
    week = card.get_by_test_id("kiosk-pair-week")
    expect(week).to_contain_text(day_says("Monday 23 November", "Nothing recorded."))
    expect(week).to_contain_text(day_says("Tuesday 24 November", "You met, for about 30 minutes."))
    expect(week).to_contain_text(day_says("Today", "It did not happen: They were not unlocked."))
    expect(card.get_by_test_id("kiosk-pair-held")).to_have_text("You met once this week.")
    assert list(Session.objects.order_by("on").values_list("held", "minutes", "not_held_because")) == [
        (True, 30, ""),
        (False, None, NotHeld.LEARNER_NOT_UNLOCKED),
    ]

    # Back to "We met today" by the browser's history: today is already recorded, and says what.
    page.goto(reverse("support:kiosk_met", args=[pair.pk]))
    expect(heading(page)).to_have_text("Today is already recorded")
    expect(page.get_by_test_id("kiosk-already-recorded")).to_have_text(
        "It did not happen: They were not unlocked."
    )
    check(page, save_screenshot, "already-recorded")
    page.get_by_role("link", name="Back to the list").click()
    expect(heading(page)).to_have_text("My learner")
