"""Signing in and out, in a real browser: what a member of staff sees, role by role."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD

pytestmark = pytest.mark.browser


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def primary_navigation(page):
    return page.get_by_role("navigation", name="Primary navigation")


def test_a_manager_signs_in_sees_their_overview_and_signs_out(page, manager, wing, save_screenshot):
    sign_in(page, "manager")

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Safer custody overview")
    expect(page.get_by_test_id("current-establishment")).to_have_text("HMP Alpha")
    expect(page.get_by_test_id("signed-in-as")).to_contain_text("Safer-custody manager")
    expect(page.get_by_role("banner")).to_contain_text("Safer-custody manager")
    expect(page.get_by_text("A wing")).to_be_visible()
    save_screenshot("peerwork-home")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Peer work")

    page.goto(reverse("home"))
    expect(page).to_have_url(re.compile(r"/sign-in/\?next=/$"))
    expect(page.get_by_label("Username")).to_be_visible()


def test_a_wing_officer_lands_on_the_wing_office_and_is_refused_adding_a_wing(
    page, wing_officer, wing, browser_problems
):
    sign_in(page, "wingofficer")
    expect(page.get_by_role("heading", level=1)).to_have_text("Wing office")
    expect(primary_navigation(page).get_by_role("link", name="Home")).to_be_visible()
    expect(primary_navigation(page).get_by_role("link", name="Staff")).to_have_count(0)

    # Chromium logs the 403 status of the refusal page itself as a console error.
    add_a_wing = reverse("schemes:location_create")
    browser_problems.allow(rf"status of 403 .*{re.escape(add_a_wing)}\)")
    response = page.goto(add_a_wing)
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot see this page")
    expect(page.get_by_label("Name")).to_have_count(0)


def test_the_manager_finds_staff_under_more_in_the_navigation(page, manager):
    sign_in(page, "manager")
    expect(primary_navigation(page).get_by_role("link", name="Staff")).to_have_count(0)
    more = primary_navigation(page).get_by_role("link", name="More")
    more.click()
    expect(more).to_have_attribute("aria-current", "page")
    page.get_by_role("main").get_by_role("link", name="Staff").click()
    expect(page).to_have_url(re.compile(re.escape(reverse("accounts:staff_list")) + "$"))
    expect(more).to_have_attribute("aria-current", "page")


def test_a_wrong_password_reshows_the_form_with_the_username_and_an_error_summary(page, manager):
    sign_in(page, "manager", "not the password")

    expect(page).to_have_url(re.compile(r"/sign-in/$"))
    expect(page.get_by_label("Username")).to_have_value("manager")
    expect(page.get_by_label("Password")).to_have_value("")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("There is a problem")
    # GOV.UK Frontend's error summary takes the focus, so screen reader users hear it first.
    expect(summary).to_be_focused()


def test_govuk_frontend_javascript_starts_under_the_content_security_policy(page, manager):
    page.goto(reverse("login"))
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    assert page.evaluate("document.body.classList.contains('js-enabled')")
    # The skip link is a GOV.UK Frontend component: app.js (a module) started it.
    expect(page.locator("a.govuk-skip-link")).to_have_attribute("data-govuk-skip-link-init", "")


def test_an_outsider_who_opens_another_prisons_wing_by_url_sees_page_not_found(
    page, outsider, wing, browser_problems
):
    sign_in(page, "outsider")
    expect(page.get_by_test_id("current-establishment")).to_have_text("HMP Bravo")

    their_wing = reverse("schemes:location_detail", args=[wing.pk])
    browser_problems.allow(rf"status of 404 .*{re.escape(their_wing)}\)")
    response = page.goto(their_wing)
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.get_by_text("A wing")).to_have_count(0)
