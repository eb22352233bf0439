"""A concern from the wing to the office and back, in a real browser: an Equality Representative
raises a concern about health on the kiosk; it lands with Healthcare's owner, who sees it on
their home page and answers it in the office; the Representative reads the answer on the kiosk
and says it was sorted. Another peer worker on the same kiosk cannot open it, and another
prison's staff get "Page not found"."""

import pytest
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from concerns.models import Concern
from tests.browser.test_concerns_kiosk import on_the_kiosk, owner, rep  # noqa: F401  fixtures
from tests.browser.test_coordinator_journey import sign_in as staff_sign_in
from tests.browser.test_kiosk_journey import heading, sign_in
from tests.concerns.kiosk_world import equality_rep

pytestmark = pytest.mark.browser

PROBLEM = "A resident on A wing has waited three weeks for a dentist with toothache."
ANSWER = "The dentist sees him on Thursday morning, and the waiting list is now checked weekly."


def test_a_concern_goes_from_the_kiosk_to_healthcare_and_its_answer_comes_back(
    on_the_kiosk,  # noqa: F811
    rep,  # noqa: F811
    owner,  # noqa: F811
    establishment,
    wing,
    system_admin,
    outsider,
    browser,
    live_server,
    browser_problems,
):
    kiosk = on_the_kiosk
    sign_in(kiosk, prison_number=rep.prison_number)
    kiosk.get_by_role("link", name="My concerns").click()
    kiosk.get_by_role("link", name="Raise a new concern").click()
    kiosk.get_by_role("radio", name="Health and medication").check()
    kiosk.get_by_role("radio", name="One resident").check()
    kiosk.get_by_label("What is the problem?").fill(PROBLEM)
    kiosk.get_by_role("radio", name="No", exact=True).check()
    kiosk.get_by_role("button", name="Send this concern").click()
    expect(kiosk.get_by_test_id("kiosk-message")).to_have_text(
        "Thank you. Your concern has gone to Healthcare."
    )
    concern = Concern.objects.get()
    kiosk.get_by_role("button", name="Finish").click()

    # In the office: Healthcare's owner sees it waiting on their home page and answers it.
    office = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London"
    ).new_page()
    staff_sign_in(office, owner.username)
    expect(office.get_by_test_id("home-concerns")).to_contain_text("1 concern for Healthcare, none overdue")
    office.get_by_role("link", name="1 concern for Healthcare").click()
    office.get_by_role("link", name="Health and medication, A wing").click()
    expect(office.get_by_text(PROBLEM)).to_be_visible()
    office.get_by_role("link", name="Answer", exact=True).click()
    office.get_by_label("Answer").fill(ANSWER)
    office.get_by_role("button", name="Send the answer").click()
    expect(office.locator(".govuk-notification-banner--success")).to_be_visible()
    expect(office.get_by_test_id("timeline")).to_contain_text(ANSWER)
    office.context.close()

    # Back on the wing: another peer worker on the same kiosk cannot open it.
    other = equality_rep(
        establishment=establishment, wing=wing, actor=system_admin, prison_number="A1011AA", first_name="Sol"
    )
    sign_in(kiosk, prison_number=other.prison_number)
    kiosk.get_by_role("link", name="My concerns").click()
    expect(kiosk.get_by_text("You have not raised any concerns yet.")).to_be_visible()
    browser_problems.allow(r"status of 404 ")
    response = kiosk.goto(reverse("concerns:kiosk_detail", args=[concern.pk]))
    assert response.status == 404
    expect(kiosk.get_by_text(ANSWER)).to_have_count(0)
    expect(kiosk.get_by_text(PROBLEM)).to_have_count(0)
    kiosk.goto(reverse("kiosk:menu"))
    kiosk.get_by_role("button", name="Finish").click()

    # The Representative reads the answer and says it was sorted.
    sign_in(kiosk, prison_number=rep.prison_number)
    kiosk.get_by_role("link", name="My concerns").click()
    expect(kiosk.get_by_test_id("kiosk-concern-status")).to_have_text("Answered")
    kiosk.get_by_test_id("kiosk-concern").get_by_role("link").click()
    expect(kiosk.get_by_test_id("kiosk-concern-answer")).to_have_text(ANSWER)
    kiosk.get_by_role("button", name="This was sorted").click()
    expect(kiosk.get_by_test_id("kiosk-concern-status")).to_have_text("Closed")
    expect(heading(kiosk)).to_be_visible()
    concern.refresh_from_db()
    assert (concern.status, concern.verdict, concern.answered_by) == (
        Concern.Status.CLOSED,
        Concern.Verdict.SORTED,
        owner,
    )

    # Another prison's staff: "Page not found", however they ask.
    stranger = Client()
    stranger.force_login(outsider, backend="django.contrib.auth.backends.ModelBackend")
    for name in ("concerns:concern_detail", "concerns:concern_answer"):
        assert stranger.get(reverse(name, args=[concern.pk])).status_code == 404
    assert (
        stranger.post(reverse("concerns:concern_answer", args=[concern.pk]), {"answer": "x"}).status_code
        == 404
    )
