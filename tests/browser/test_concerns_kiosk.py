"""Concerns on the wing kiosk in a real browser: an Equality Representative raises a resident's
concern about health, follows it to the department's answer and says it was sorted; a Listener
on the same kiosk is never offered a form. Every concerns page is checked by axe-core at 1280px
and 390px, measured for touch targets, and narrowed to 320px without scrolling sideways.
"""

import re
from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from concerns.models import Concern
from concerns.services import concern_answer
from tests.browser.test_accessibility_matrix import AXE, _known_govuk_issue
from tests.browser.test_kiosk_journey import assert_made_for_a_kiosk, heading, sign_in
from tests.concerns.kiosk_world import equality_rep, healthcare_owner

pytestmark = pytest.mark.browser

WIDE = {"width": 1280, "height": 1024}
NARROW = {"width": 390, "height": 844}
REFLOW = {"width": 320, "height": 640}
PROBLEM = "A resident has waited three weeks to see a dentist with toothache."
ANSWER = "The dentist sees him on Thursday morning."


@pytest.fixture
def on_the_kiosk(page, live_server, kiosk):
    """The browser is the enrolled A wing kiosk: it carries the device cookie."""
    page.context.add_cookies(
        [{"name": settings.KIOSK_DEVICE_COOKIE_NAME, "value": kiosk.token, "url": live_server.url}]
    )
    return page


@pytest.fixture
def owner(establishment, schemes, system_admin):
    return healthcare_owner(establishment=establishment, actor=system_admin)


@pytest.fixture
def rep(establishment, wing, schemes, owner, system_admin):
    """Raj Kaur, an Equality Representative on A wing, with the kiosk PIN."""
    return equality_rep(establishment=establishment, wing=wing, actor=system_admin)


def long_date(day) -> str:
    return f"{day.day} {day:%B %Y}"


def assert_accessible(page) -> None:
    """No axe-core violation of any impact, as the accessibility matrix asks, but GOV.UK
    Frontend's known aria-expanded on a radio that reveals a question (see the matrix)."""
    violations = []
    for violation in AXE.run(page).response["violations"]:
        nodes = [node for node in violation["nodes"] if not _known_govuk_issue(violation, node)]
        violations += [f"{violation['id']} ({violation['impact']}): {node['target']}" for node in nodes]
    assert not violations, f"{page.url}\n" + "\n".join(violations)


def check(page, save_screenshot, label: str) -> None:
    """axe-core at both widths, kiosk-sized at the wide one, and no sideways scroll at 320px."""
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        assert_accessible(page)
    page.set_viewport_size(WIDE)
    assert_made_for_a_kiosk(page)
    save_screenshot(f"kiosk-concerns-{label}")
    page.set_viewport_size(REFLOW)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        f"{page.url} scrolls sideways at 320px"
    )
    page.set_viewport_size(WIDE)


def test_an_equality_rep_raises_a_concern_about_health_and_says_the_answer_sorted_it(
    on_the_kiosk, rep, owner, save_screenshot
):
    page = on_the_kiosk
    page.set_viewport_size(WIDE)
    sign_in(page, prison_number=rep.prison_number)
    expect(heading(page)).to_have_text("Hello, Raj")

    page.get_by_role("link", name="My concerns").click()
    expect(heading(page)).to_have_text("My concerns")
    expect(page.get_by_text("You have not raised any concerns yet.")).to_be_visible()
    check(page, save_screenshot, "list-empty")

    page.get_by_role("link", name="Raise a new concern").click()
    expect(heading(page)).to_have_text("Raise a concern")
    expect(page.get_by_text("Which of your roles is this for?")).to_have_count(0)  # one role
    expect(page.get_by_role("radio", name="A wing")).to_be_checked()  # the kiosk's wing
    # The protected characteristic opens under Discrimination only.
    characteristic = page.get_by_role("group", name="If it is about discrimination: what is it about?")
    expect(characteristic).to_be_hidden()
    page.get_by_role("radio", name="Discrimination").check()
    expect(characteristic).to_be_visible()
    check(page, save_screenshot, "form")

    # Nothing typed: every question says what it needs.
    page.get_by_role("button", name="Send this concern").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose what the discrimination is about.")
    expect(summary).to_contain_text("Tell us what the problem is.")
    expect(summary).to_contain_text("Say whether the resident agreed to be named.")
    check(page, save_screenshot, "form-errors")

    page.get_by_role("radio", name="Health and medication").check()
    expect(characteristic).to_be_hidden()
    page.get_by_role("radio", name="One resident").check()
    page.get_by_label("What is the problem?").fill(PROBLEM)
    page.get_by_role("radio", name="Yes").check()
    page.get_by_label("The resident's name").fill("Daniel Ross")
    page.get_by_role("radio", name="No", exact=True).check()  # changed their mind: not named
    page.get_by_role("button", name="Send this concern").click()

    expect(page.get_by_test_id("kiosk-message")).to_have_text(
        "Thank you. Your concern has gone to Healthcare."
    )
    expect(page.get_by_test_id("kiosk-concern-status")).to_have_text("Sent to the department")
    due = long_date(timezone.localdate() + timedelta(days=7))
    expect(page.get_by_test_id("kiosk-concern-due")).to_have_text(f"Healthcare should answer by {due}.")
    expect(page.get_by_test_id("kiosk-concern-problem")).to_have_text(PROBLEM)
    concern = Concern.objects.get()
    assert (concern.worker, concern.topic.name, concern.resident_name) == (rep, "Health and medication", "")
    check(page, save_screenshot, "detail-sent")

    page.get_by_role("link", name="Back to my concerns").click()
    listed = page.get_by_test_id("kiosk-concern")
    expect(listed).to_have_count(1)
    expect(listed.get_by_test_id("kiosk-concern-status")).to_have_text("Sent to the department")
    expect(listed).to_contain_text(PROBLEM)
    check(page, save_screenshot, "list")

    # Healthcare's owner answers it, in the office.
    concern_answer(concern=concern, actor=owner, answer=ANSWER)
    listed.get_by_role("link", name=re.compile("See this concern")).click()
    expect(page.get_by_test_id("kiosk-concern-status")).to_have_text("Answered")
    expect(page.get_by_test_id("kiosk-concern-answer")).to_have_text(ANSWER)
    expect(page.get_by_test_id("kiosk-concern-timeline")).not_to_contain_text(owner.last_name)
    check(page, save_screenshot, "detail-answered")

    page.get_by_role("button", name="This was sorted").click()
    expect(page.get_by_test_id("kiosk-message")).to_have_text("Thank you. This concern is now closed.")
    expect(page.get_by_test_id("kiosk-concern-status")).to_have_text("Closed")
    expect(page.get_by_role("button", name="This was sorted")).to_have_count(0)
    expect(page.get_by_test_id("kiosk-concern-timeline")).to_contain_text("You said this was sorted.")
    concern.refresh_from_db()
    assert (concern.status, concern.verdict) == (Concern.Status.CLOSED, Concern.Verdict.SORTED)

    page.get_by_role("button", name="Finish").click()
    expect(heading(page)).to_have_text("Peer work on A wing")


def test_a_listener_on_the_same_kiosk_is_offered_no_concerns_form(
    on_the_kiosk, rep, worker_pin, active_contract, browser_problems, save_screenshot
):
    page = on_the_kiosk
    page.set_viewport_size(WIDE)
    sign_in(page)
    expect(heading(page)).to_have_text("Hello, Ryan")
    expect(page.get_by_role("link", name="My concerns")).to_have_count(0)

    page.goto(reverse("concerns:kiosk_list"))
    expect(heading(page)).to_have_text("My concerns")
    expect(page.get_by_test_id("kiosk-listener-confidential")).to_contain_text(
        "What a caller tells you stays with you."
    )
    expect(page.get_by_role("link", name="Raise a new concern")).to_have_count(0)
    check(page, save_screenshot, "listener")

    browser_problems.allow(r"status of 403 ")
    response = page.goto(reverse("concerns:kiosk_raise"))
    assert response.status == 403
    expect(heading(page)).to_have_text("You cannot raise a concern here")
    expect(page.get_by_label("What is the problem?")).to_have_count(0)
    check(page, save_screenshot, "listener-refused")
