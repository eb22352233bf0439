"""A coordinator checks in with a Listener in a real browser and finds they need a break: from the
peer worker's page to "Welfare and workload", records the check-in (a date in the future is
refused first, with what was typed kept), is offered the break, takes them off the rota, and the
Listener's shift in the break now needs cover while the "needs a break" flag has closed. Every
page is checked by axe-core and for sideways scrolling at 320px."""

import re
from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from flags.models import Flag
from rota.models import Assignment, ListenerTraining
from rota.services import setup
from rota.services.assignments import assignment_add
from tests.browser.test_coordinator_journey import fill_date_input, heading, sign_in, success_banner
from tests.browser.test_roll_journey import check
from tests.concerns.helpers import in_role
from tests.factories import PeerWorkerFactory
from welfare.models import CheckIn, HowItWent

pytestmark = pytest.mark.browser


@pytest.fixture
def amir_on_the_rota(establishment, wing, listeners, coordinator):
    """Amir Khan, a trained Listener for 40 days, on tomorrow night's shift at A wing."""
    rota = setup.rota_setup(
        establishment=establishment,
        actor=coordinator,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    night = setup.shift_type_add(
        rota=rota, actor=coordinator, name="Night", starts=time(21), ends=time(7), is_night=True, order=0
    )
    point = setup.cover_point_add(rota=rota, actor=coordinator, name="A wing", locations=[wing], order=1)
    amir = PeerWorkerFactory(
        establishment=establishment,
        location=wing,
        first_name="Amir",
        last_name="Khan",
        prison_number="A7001WF",
    )
    contract = in_role(worker=amir, scheme=listeners, actor=coordinator, days_ago=40)
    ListenerTraining.objects.create(
        worker=amir,
        establishment=establishment,
        completed_on=timezone.localdate() - timedelta(days=60),
        recorded_by=coordinator,
        recorded_at=timezone.now(),
    )
    tomorrow = timezone.localdate() + timedelta(days=1)
    shift = assignment_add(
        rota=rota, day=tomorrow, shift_type=night, cover_point=point, contract=contract, actor=coordinator
    )
    return amir, shift


def test_a_check_in_that_finds_a_listener_needs_a_break_takes_them_off_the_rota(
    page, live_server, coordinator, amir_on_the_rota
):
    amir, shift = amir_on_the_rota
    today = timezone.localdate()
    sign_in(page, coordinator.username)

    page.goto(live_server.url + reverse("schemes:worker_detail", args=[amir.pk]))
    page.get_by_test_id("worker-welfare").click()
    expect(heading(page)).to_have_text("Welfare and workload")
    expect(page.get_by_test_id("no-checkins")).to_be_visible()
    check(page)

    # A date in the future is refused next to the date, and what was typed stays.
    page.get_by_test_id("record-checkin").click()
    expect(heading(page)).to_have_text("Record a welfare check-in")
    check(page)
    fill_date_input(page, "Date of the check-in", today + timedelta(days=2))
    page.get_by_label("Needs a break").check()
    page.get_by_label("What was agreed (optional)").fill("Two weeks off nights; talk again after.")
    page.get_by_role("button", name="Save the check-in").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".govuk-error-summary")).to_contain_text("enter today or an earlier date")
    expect(page.get_by_label("What was agreed (optional)")).to_have_value(
        "Two weeks off nights; talk again after."
    )
    expect(page.get_by_label("Needs a break")).to_be_checked()
    check(page)
    assert not CheckIn.objects.exists()

    # Corrected, the check-in is saved and the break is offered straight away.
    fill_date_input(page, "Date of the check-in", today)
    page.get_by_role("button", name="Save the check-in").click()
    expect(heading(page)).to_have_text("Take them off the rota for a break")
    expect(success_banner(page)).to_contain_text("Amir Khan needs a break")
    expect(page.get_by_label("Reason")).to_have_value(re.compile(r"^Needs a break \(welfare check-in on "))
    check(page)
    assert CheckIn.objects.get().how == HowItWent.NEEDS_BREAK
    assert Flag.objects.filter(kind=Flag.Kind.NEEDS_BREAK, resolved_at=None).count() == 1

    page.get_by_role("button", name="Take them off the rota").click()
    expect(heading(page)).to_have_text("Welfare and workload")
    expect(success_banner(page)).to_contain_text("Any shift they had then now needs cover.")
    expect(page.get_by_test_id("on-a-break")).to_contain_text("Needs a break (welfare check-in on")
    expect(page.get_by_test_id("checkins")).to_contain_text("Two weeks off nights; talk again after.")
    check(page)

    assert not Flag.objects.filter(kind=Flag.Kind.NEEDS_BREAK, resolved_at=None).exists()
    standing = Assignment.objects.with_standing().get(pk=shift.pk)
    assert standing.needs_cover and standing.standing_label == "Needs cover: off the rota that day (a break)"
