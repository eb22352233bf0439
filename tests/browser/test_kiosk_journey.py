"""The wing kiosk in a real browser, on an enrolled device: what a peer worker sees and does.

Sign in, read the role, report being asked to work outside it and follow what happened, finish;
the idle sign-out with the browser's clock under the test's control; the back button after
sign-out; and every kiosk page checked by axe-core, measured for touch targets and type size
at both kiosk screen sizes.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse
from playwright.sync_api import expect

from flags.models import Flag
from flags.services import flag_acknowledge, flag_resolve
from tests.conftest import KIOSK_PIN
from tests.factories import PASSWORD

pytestmark = pytest.mark.browser

LANDSCAPE = {"width": 1280, "height": 1024}
PORTRAIT = {"width": 1080, "height": 1920}
MIN_TOUCH_TARGET_PX = 44
MIN_BODY_TEXT_PX = 24
DUTY = "Listen without judging and without giving advice."
NOT_PART = "Sharing a cell with someone to keep an eye on them."
CONFIDENTIALITY = "What you tell a Listener stays between you."
AXE = Axe()

# Everything a touch can land on, that is on screen.
SMALL_TOUCH_TARGETS_JS = """(minimum) => Array.from(document.querySelectorAll(
    'a[href], button, input:not([type=hidden]), select, textarea, label.govuk-radios__label'))
  .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
  .map((el) => ({html: el.outerHTML.slice(0, 120), rect: el.getBoundingClientRect()}))
  .filter(({rect}) => rect.width < minimum || rect.height < minimum)
  .map(({html, rect}) => `${Math.round(rect.width)}x${Math.round(rect.height)} ${html}`)"""


@pytest.fixture
def on_the_kiosk(page, live_server, kiosk):
    """The browser is the enrolled A wing kiosk: it carries the device cookie."""
    page.context.add_cookies(
        [{"name": settings.KIOSK_DEVICE_COOKIE_NAME, "value": kiosk.token, "url": live_server.url}]
    )
    return page


def heading(page):
    return page.get_by_role("heading", level=1)


def sign_in(page, prison_number="A1234BC", pin=KIOSK_PIN):
    page.goto(reverse("kiosk:start"))
    page.get_by_role("link", name="Peer workers: sign in").click()
    page.get_by_label("Your prison number").fill(prison_number)
    page.get_by_label("Your PIN").fill(pin)
    page.get_by_role("button", name="Sign in").click()


def assert_accessible(page):
    results = AXE.run(page)
    serious = [v for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, f"{page.url}\n" + "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} {[n['target'] for n in v['nodes']]}" for v in serious
    )


def assert_made_for_a_kiosk(page):
    """Touch targets of at least 44px, large body text, and nothing wider than the screen."""
    small = page.evaluate(SMALL_TOUCH_TARGETS_JS, MIN_TOUCH_TARGET_PX)
    assert not small, f"{page.url}: touch targets under {MIN_TOUCH_TARGET_PX}px:\n" + "\n".join(small)
    body_text = page.locator("main .govuk-body").first
    font_size = float(body_text.evaluate("(el) => getComputedStyle(el).fontSize").removesuffix("px"))
    assert font_size >= MIN_BODY_TEXT_PX, f"{page.url}: body text is {font_size}px"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), (
        f"{page.url} scrolls sideways"
    )


def test_a_peer_worker_signs_in_reads_their_role_reports_work_outside_it_and_finishes(
    on_the_kiosk, worker_pin, active_contract, manager, save_screenshot
):
    page = on_the_kiosk
    page.goto(reverse("kiosk:start"))
    expect(heading(page)).to_have_text("Peer work on A wing")
    save_screenshot("kiosk-start")

    # A mistyped PIN: the form comes back with the message next to the PIN.
    sign_in(page, prison_number="a1234bc", pin="1111")
    expect(heading(page)).to_have_text("Sign in")
    expect(page.locator(".govuk-error-summary")).to_contain_text("That prison number and PIN did not work")
    expect(page.locator("#id_pin_1_error")).to_contain_text("That prison number and PIN did not work")
    expect(page.get_by_label("Your prison number")).to_have_value("a1234bc")
    expect(page.get_by_label("Your PIN")).to_have_value("")

    page.get_by_label("Your PIN").fill(KIOSK_PIN)
    page.get_by_role("button", name="Sign in").click()
    expect(heading(page)).to_have_text("Hello, Ryan")
    save_screenshot("kiosk-menu")

    # My role, in large type: what to do, what is not part of it, confidentiality, who to go to.
    page.get_by_role("link", name="My role", exact=True).click()
    expect(heading(page)).to_have_text("My role")
    role = page.get_by_test_id("kiosk-role")
    expect(role.get_by_role("heading", level=2)).to_have_text("Listeners")
    expect(page.get_by_test_id("kiosk-duties")).to_contain_text(DUTY)
    expect(page.get_by_test_id("kiosk-not-part-of-role")).to_contain_text(NOT_PART)
    expect(page.get_by_test_id("kiosk-confidentiality")).to_contain_text(CONFIDENTIALITY)
    expect(page.get_by_test_id("kiosk-who-to-go-to")).to_contain_text("Your Samaritans branch contact")
    save_screenshot("kiosk-role")

    # Reporting a request outside the role, straight from the role page.
    page.get_by_role("link", name="I was asked to do something outside my role").click()
    expect(heading(page)).to_have_text("Tell the safer-custody team")
    page.get_by_role("button", name="Send this to the safer-custody team").click()
    expect(page.locator("#id_description_1_error")).to_contain_text("Tell us what you were asked to do.")
    page.get_by_label("What were you asked to do?").fill(
        "An officer asked me to share a cell to watch someone."
    )
    page.get_by_role("button", name="Send this to the safer-custody team").click()
    expect(page.get_by_test_id("kiosk-message")).to_have_text(
        "Thank you. The safer-custody team has got your message."
    )
    expect(page.get_by_test_id("kiosk-report-status")).to_have_text("Received")
    expect(page.get_by_test_id("kiosk-report-description")).to_have_text(
        "An officer asked me to share a cell to watch someone."
    )

    # Safer custody deal with it; the peer worker sees what happened.
    flag = Flag.objects.get(kind=Flag.Kind.OUT_OF_ROLE)
    flag_acknowledge(flag=flag, actor=manager, note="Speaking to the wing manager.")
    page.reload()
    expect(page.get_by_test_id("kiosk-report-status")).to_have_text("Staff are looking into it")
    flag_resolve(flag=flag, actor=manager, resolution="We spoke to the wing. You will not be asked again.")
    page.reload()
    expect(page.get_by_test_id("kiosk-report-status")).to_have_text("Dealt with")
    expect(page.get_by_test_id("kiosk-report-outcome")).to_have_text(
        "We spoke to the wing. You will not be asked again."
    )
    save_screenshot("kiosk-report")

    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_have_text("Peer work on A wing")
    expect(page.get_by_test_id("kiosk-message")).to_have_text(
        "You have finished. Nothing about you is left on the screen."
    )
    expect(page.get_by_role("button", name="Finish")).to_have_count(0)


def test_the_back_button_after_finishing_shows_nothing_personal(on_the_kiosk, worker_pin, active_contract):
    page = on_the_kiosk
    sign_in(page)
    page.get_by_role("link", name="My role", exact=True).click()
    expect(page.get_by_test_id("kiosk-duties")).to_contain_text(DUTY)
    page.get_by_role("link", name="Back to my page").click()
    page.get_by_role("link", name="My contract").click()
    expect(page.get_by_test_id("kiosk-contract")).to_be_visible()
    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_have_text("Peer work on A wing")

    for _ in range(3):  # contract, menu, role: each comes back as the sign-in page
        page.go_back()
        expect(heading(page)).to_have_text("Sign in")
        expect(page).to_have_url(re.compile(re.escape(reverse("kiosk:sign_in")) + "$"))
        expect(page.get_by_label("Your prison number")).to_have_value("")
        content = page.content()
        for personal in ("Ryan", "Ellis", DUTY, "Listeners", "Days left"):
            assert personal not in content


def test_the_kiosk_warns_then_signs_out_after_60_seconds_without_a_touch(
    on_the_kiosk, worker_pin, active_contract
):
    page = on_the_kiosk
    page.clock.install()
    sign_in(page)
    page.get_by_role("link", name="My role", exact=True).click()
    warning = page.locator("#kiosk-idle-warning")
    expect(warning).to_be_hidden()

    page.clock.run_for(46_000)
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("Are you still there?")
    expect(warning.locator("[data-idle-countdown]")).to_have_text("14")

    # A touch keeps them signed in.
    page.get_by_role("button", name="I am still here").click()
    expect(warning).to_be_hidden()
    page.clock.run_for(50_000)
    expect(heading(page)).to_have_text("My role")

    page.clock.run_for(11_000)
    expect(page).to_have_url(re.compile(re.escape(reverse("kiosk:start")) + "$"))
    expect(page.get_by_test_id("kiosk-message")).to_have_text(
        "You were signed out because the screen was not touched for a minute."
    )
    page.goto(reverse("kiosk:my_role"))
    expect(heading(page)).to_have_text("Sign in")
    assert DUTY not in page.content()


def test_staff_pages_and_other_prisoners_records_are_refused_on_the_kiosk(
    on_the_kiosk, worker_pin, active_contract, other_worker, browser_problems
):
    page = on_the_kiosk
    sign_in(page)
    expect(heading(page)).to_have_text("Hello, Ryan")
    for url in (reverse("home"), reverse("schemes:worker_detail", args=[other_worker.pk]), "/admin/"):
        browser_problems.allow(rf"status of 403 .*{re.escape(url)}\)")
        response = page.goto(url)
        assert response.status == 403
        expect(heading(page)).to_have_text("This page does not open on the kiosk")
        assert other_worker.last_name not in page.content()
    page.get_by_role("link", name="Go to the kiosk").click()
    expect(heading(page)).to_have_text("Hello, Ryan")


def test_a_manager_enrols_the_screen_as_a_kiosk_and_is_signed_out(page, manager, wing):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name="More").click()
    page.get_by_role("main").get_by_role("link", name="Wing kiosks").click()
    page.get_by_role("link", name="Enrol a kiosk").click()
    page.get_by_label("Wing or unit").select_option(label="A wing")
    page.get_by_label("Name").fill("A wing, by the servery")
    page.get_by_role("button", name="Enrol this device as a kiosk").click()

    expect(heading(page)).to_have_text("Peer work on A wing")
    expect(page.get_by_test_id("kiosk-message")).to_have_text(
        "This screen is now the kiosk for A wing. You have been signed out."
    )
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.KIOSK_DEVICE_COOKIE_NAME)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Strict"
    assert page.get_by_test_id("signed-in-as").count() == 0


@pytest.mark.parametrize("viewport", [LANDSCAPE, PORTRAIT], ids=["1280x1024", "1080x1920-portrait"])
def test_every_kiosk_page_is_accessible_large_and_easy_to_touch(
    on_the_kiosk, viewport, worker_pin, active_contract, browser_problems, save_screenshot
):
    page = on_the_kiosk
    page.set_viewport_size(viewport)
    name = f"{viewport['width']}x{viewport['height']}"

    def check(label):
        assert_accessible(page)
        assert_made_for_a_kiosk(page)
        save_screenshot(f"kiosk-{label}-{name}")

    page.goto(reverse("kiosk:start"))
    check("start")
    page.get_by_role("link", name="What peer workers do, and how to get help").click()
    expect(heading(page)).to_have_text("What peer workers do")
    check("wing")
    page.goto(reverse("kiosk:sign_in"))
    page.get_by_role("button", name="Sign in").click()  # nothing typed: the errors
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("sign-in-errors")

    sign_in(page)
    expect(heading(page)).to_have_text("Hello, Ryan")
    check("menu")
    for link, title in [
        ("My role", "My role"),
        ("My contract", "My contract"),
        ("My shifts", "My shifts"),
        ("My meetings", "My meetings"),
        ("I was asked to do something outside my role", "Were you asked to do something outside your role?"),
    ]:
        page.goto(reverse("kiosk:menu"))
        page.get_by_role("link", name=link, exact=True).click()
        expect(heading(page)).to_have_text(title)
        check(title.lower().split("?")[0].replace(" ", "-"))

    page.get_by_role("link", name="Tell the safer-custody team").click()
    page.get_by_role("button", name="Send this to the safer-custody team").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    check("report-form-errors")
    page.get_by_label("What were you asked to do?").fill("Search another prisoner's cell.")
    page.get_by_role("button", name="Send this to the safer-custody team").click()
    expect(page.get_by_test_id("kiosk-report-status")).to_have_text("Received")
    check("report-detail")

    browser_problems.allow(r"status of 404 ")
    page.goto(reverse("kiosk:report_detail", args=[999_999]))
    expect(heading(page)).to_have_text("Page not found")
    check("not-found")
