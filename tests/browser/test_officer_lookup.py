"""A wing officer, in a real browser, checks whether a prisoner is a Listener on duty and records
the call-out; a call-out that ends before it starts is refused with a clear message and saves
nothing.

Runs at the real time of day: the Listener is put on whichever shift covers now (Day 07:00-21:00 or
Night 21:00-07:00) of a published week, so the answer is "on duty" whenever the test runs.
"""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.dates import monday_of
from rota.models import Assignment, CallOut, CoverPoint, Rota, RotaWeek, ShiftType
from schemes.services import contracts as contract_services
from tests.factories import PASSWORD, LocationFactory, PeerWorkerFactory

pytestmark = pytest.mark.browser


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def on_duty_now(establishment, wing, listeners, coordinator):
    """Ryan Ellis, a Listener since last week, on duty on B wing right now."""
    today = timezone.localdate()
    worker = PeerWorkerFactory(
        prison_number="A1234BC",
        first_name="Ryan",
        last_name="Ellis",
        establishment=establishment,
        location=wing,
    )
    contract = contract_services.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=today - timedelta(days=7)
    )
    contract = contract_services.contract_sign(
        contract=contract, signed_on=today - timedelta(days=7), witnessed_by=coordinator, actor=coordinator
    )
    rota = Rota.objects.create(establishment=establishment, scheme=listeners)
    day = ShiftType.objects.create(rota=rota, name="Day", starts=time(7), ends=time(21))
    night = ShiftType.objects.create(rota=rota, name="Night", starts=time(21), ends=time(7), is_night=True)
    b_wing = LocationFactory(establishment=establishment, name="B wing")
    point = CoverPoint.objects.create(rota=rota, name="B wing")
    point.locations.add(b_wing)

    now = timezone.localtime()
    if time(7) <= now.time() < time(21):
        shift, shift_day, expected = day, today, "On duty now: B wing, 07:00 to 21:00."
    else:
        shift_day = today if now.time() >= time(21) else today - timedelta(days=1)
        shift, expected = night, "On duty tonight: B wing, 21:00 to 07:00."
    week = RotaWeek.objects.create(
        rota=rota,
        starts_on=monday_of(shift_day),
        published_at=timezone.now(),
        published_by=coordinator,
    )
    starts_at, ends_at = shift.span(shift_day)
    Assignment.objects.create(
        week=week,
        day=shift_day,
        shift_type=shift,
        cover_point=point,
        worker=worker,
        starts_at=starts_at,
        ends_at=ends_at,
        created_by=coordinator,
        created_at=timezone.now(),
    )
    return {"contract": contract, "expected": expected, "b_wing": b_wing}


def fill_moment(page, legend, moment):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Date", exact=True).fill(f"{moment:%d/%m/%Y}")
    group.get_by_label("Time").fill(moment.strftime("%H:%M"))


def test_an_officer_looks_up_a_listener_and_records_a_call_out(
    page, live_server, wing_officer, on_duty_now, save_screenshot
):
    contract = on_duty_now["contract"]
    sign_in(page, "wingofficer")

    # The home page: who is on duty now, and the look-up.
    expect(page.get_by_role("heading", level=1)).to_have_text("Wing office")
    expect(page.get_by_test_id("on-duty-now")).to_contain_text("Ryan Ellis")

    page.get_by_label("Is this prisoner a Listener?").fill("a1234bc")
    page.get_by_role("button", name="Check").click()
    answer = page.get_by_test_id("lookup-answer")
    expect(answer).to_have_count(1)
    expect(page.get_by_test_id("lookup-headline")).to_have_text(
        f"Current Listener, contract until {contract.end_date:%-d %B %Y}."
    )
    expect(page.get_by_test_id("lookup-detail")).to_have_text(on_duty_now["expected"])
    expect(answer.locator(".govuk-tag")).to_have_text("On duty now")
    save_screenshot("officer-lookup")

    # The call-out, started from the answer: the Listener is already chosen.
    answer.get_by_role("link", name="Record a call-out for Ryan Ellis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a call-out")
    expect(page.get_by_label("Which Listener attended?")).to_have_value(str(contract.worker.pk))
    page.get_by_label("Where were they called to?").select_option(label="B wing")
    page.get_by_label("A prisoner asked").check()

    now = timezone.localtime().replace(second=0, microsecond=0)
    requested, started = now - timedelta(minutes=50), now - timedelta(minutes=45)
    fill_moment(page, "When was the Listener asked for?", requested)
    fill_moment(page, "When did the Listener start?", started)
    fill_moment(page, "When did the call-out finish?", started - timedelta(minutes=5))
    page.get_by_role("button", name="Record call-out").click()

    # Refused, with the message at the top and next to the finish time; nothing saved.
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("The call-out must end after it started.")
    finished = page.get_by_role("group", name="When did the call-out finish?")
    expect(finished.locator(".govuk-error-message")).to_contain_text(
        "If it ended after midnight, enter the next day as the date it finished."
    )
    expect(page.get_by_label("Which Listener attended?")).to_have_value(str(contract.worker.pk))
    expect(page.get_by_label("A prisoner asked")).to_be_checked()
    assert not CallOut.objects.exists()
    save_screenshot("officer-callout-refused")

    # Put right, it is recorded, on the rota.
    ended = now - timedelta(minutes=10)
    fill_moment(page, "When did the call-out finish?", ended)
    page.get_by_role("button", name="Record call-out").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        f"Call-out recorded: Ryan Ellis, B wing, {started:%-d %B %H:%M} to {ended:%H:%M}, on the rota."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Wing office")
    callout = CallOut.objects.get()
    assert (callout.listener, callout.location, callout.recorded_by) == (
        contract.worker,
        on_duty_now["b_wing"],
        wing_officer,
    )
    assert callout.requested_by == CallOut.RequestedBy.PRISONER
    assert callout.off_rota is False
    assert callout.ended_at - callout.started_at == timedelta(minutes=35)
