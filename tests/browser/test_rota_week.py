"""A coordinator builds next week's Listener rota in a real browser: puts Listeners on shifts by
hand (and is refused a clash), fills the gaps from the proposals, publishes, then covers a shift
after publishing. Everything through the pages: links, buttons and labelled fields.

The officers' side (who is on duty now, call-outs) is tested with its own pages.
"""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from peerwork.dates import monday_of
from rota.models import Assignment, RotaWeek
from rota.rules import short_day
from rota.services import setup
from schemes.services.contracts import contract_issue, contract_sign
from tests.factories import PASSWORD, LocationFactory, PeerWorkerFactory

pytestmark = pytest.mark.browser


def sign_in(page, username, password=PASSWORD):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def success_banner(page):
    return page.locator(".govuk-notification-banner--success")


def heading(page):
    return page.get_by_role("heading", level=1)


@pytest.fixture
def rota_pattern(establishment, wing, listeners, coordinator):
    """Day, Evening and Night at A wing and B wing: a Listener each night, and A wing in the evening."""
    rota = setup.rota_setup(
        establishment=establishment,
        actor=coordinator,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    shifts = {
        name: setup.shift_type_add(
            rota=rota,
            actor=coordinator,
            name=name,
            starts=starts,
            ends=ends,
            is_night=name == "Night",
            order=n,
        )
        for n, (name, starts, ends) in enumerate(
            [("Day", time(8), time(17)), ("Evening", time(17), time(21)), ("Night", time(21), time(7))]
        )
    }
    b_wing = LocationFactory(establishment=establishment, name="B wing")
    a_point = setup.cover_point_add(rota=rota, actor=coordinator, name="A wing", locations=[wing], order=1)
    b_point = setup.cover_point_add(rota=rota, actor=coordinator, name="B wing", locations=[b_wing], order=2)
    setup.cover_needs_set(
        rota=rota,
        actor=coordinator,
        needs={(a_point, shifts["Night"]): 1, (b_point, shifts["Night"]): 1, (a_point, shifts["Evening"]): 1},
    )
    return rota


@pytest.fixture
def team(rota_pattern, listeners, coordinator, establishment):
    """Four Listeners, signed; all but Dee (back on the wing after the course) with training recorded."""
    today = timezone.localdate()
    contracts = {}
    people = [
        ("A1111AA", "Amir", "Khan"),
        ("B2222BB", "Bea", "Lowe"),
        ("C3333CC", "Cy", "Moss"),
        ("D4444DD", "Dee", "Nash"),
    ]
    for number, first, last in people:
        worker = PeerWorkerFactory(
            prison_number=number, first_name=first, last_name=last, establishment=establishment
        )
        contract = contract_issue(
            worker=worker, scheme=listeners, actor=coordinator, start_date=today - timedelta(days=10)
        )
        contracts[first] = contract_sign(
            contract=contract,
            signed_on=today - timedelta(days=10),
            witnessed_by=coordinator,
            actor=coordinator,
        )
        if first != "Dee":
            setup.training_record(
                rota=rota_pattern,
                worker=worker,
                actor=coordinator,
                completed_on=today - timedelta(days=30),
                valid_until=None,
            )
    return contracts


def test_a_coordinator_builds_fills_and_publishes_next_weeks_rota(
    page, coordinator, rota_pattern, team, save_screenshot
):
    this_monday = monday_of(timezone.localdate())
    monday = this_monday + timedelta(days=7)
    tuesday = monday + timedelta(days=1)
    night = rota_pattern.shift_types.get(name="Night")
    a_wing = rota_pattern.cover_points.get(name="A wing")

    sign_in(page, "coordinator")
    page.get_by_role("navigation", name="Primary navigation").get_by_role(
        "link", name="Listener rota"
    ).click()
    expect(heading(page)).to_have_text(f"Week of Monday {this_monday.day} {this_monday:%B %Y}")
    page.get_by_role("link", name="Next week").click()
    expect(heading(page)).to_have_text(f"Week of Monday {monday.day} {monday:%B %Y}")
    expect(page.get_by_test_id("week-status")).to_contain_text("Not published")
    expect(page.get_by_test_id("week-gaps")).to_contain_text("21 Listeners short, 14 on nights")

    # 1. By hand: Amir on Monday night at A wing.
    page.get_by_role("link", name=f"Add Night at A wing on {short_day(monday)}").click()
    expect(heading(page)).to_have_text("Night at A wing")
    expect(page.get_by_test_id("cell-need")).to_contain_text("0 of 1 Listener on duty.")
    page.get_by_label("Amir Khan (A1111AA)").check()
    page.get_by_role("button", name="Add to this shift").click()
    expect(success_banner(page)).to_contain_text(f"Amir Khan is on Night at A wing on {short_day(monday)}.")
    expect(page.get_by_test_id("week-gaps")).to_contain_text("20 Listeners short, 13 on nights")

    # A clash is refused next to the choice, and nothing is saved.
    page.get_by_role("link", name=f"Add Night at B wing on {short_day(monday)}").click()
    page.get_by_label("Amir Khan (A1111AA)").check()
    page.get_by_role("button", name="Add to this shift").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        f"Amir Khan is already on Night at A wing on {short_day(monday)}."
    )
    expect(page.locator(".govuk-error-message")).to_contain_text(
        f"Amir Khan is already on Night at A wing on {short_day(monday)}."
    )
    assert Assignment.objects.count() == 1
    page.get_by_label("Bea Lowe (B2222BB)").check()
    page.get_by_role("button", name="Add to this shift").click()
    expect(success_banner(page)).to_contain_text(f"Bea Lowe is on Night at B wing on {short_day(monday)}.")

    # 2. Fill the gaps: proposals with reasons; the coordinator leaves one out.
    page.get_by_role("link", name="Fill the gaps").click()
    expect(heading(page)).to_have_text("Fill the gaps")
    proposals = page.get_by_test_id("proposal")
    expect(proposals.first).to_contain_text(f"Night at A wing on {short_day(tuesday)}")
    expect(proposals.first).to_contain_text(
        "Fewest shifts this week (no shifts yet); trained; contract until"
    )
    count = proposals.count()
    assert count == 10  # three Listeners at four shifts each, less the two already on
    expect(page.get_by_test_id("unfilled")).to_contain_text(
        "No Listener is free: 3 at their weekly limit, 1 not trained."
    )
    save_screenshot("peerwork-rota-fill")
    proposals.last.get_by_role("checkbox").uncheck()
    page.get_by_role("button", name="Accept the ticked proposals").click()
    expect(success_banner(page)).to_contain_text(f"{count - 1} Listener shifts added to the week.")
    assert Assignment.objects.count() == 2 + count - 1
    expect(page.get_by_test_id("listener-load")).to_contain_text("Amir Khan")

    # 3. Publish, warned about the gaps that are left.
    page.get_by_role("link", name="Publish this week").click()
    expect(page.get_by_test_id("publish-gaps")).to_contain_text("Listeners short")
    page.get_by_role("button", name="Publish the week").click()
    expect(success_banner(page)).to_contain_text(f"Week of {monday.day} {monday:%B %Y} published.")
    expect(page.get_by_test_id("week-status")).to_contain_text(f"Published {timezone.localdate():%-d %B %Y}")
    expect(page.get_by_role("link", name="Publish this week")).to_have_count(0)
    assert RotaWeek.objects.get(starts_on=monday).published_by == coordinator
    save_screenshot("peerwork-rota-published")

    # 4. After publishing: Dee's training is recorded, and she covers Amir, who is unwell on Monday night.
    page.get_by_role("link", name="Listeners and their training").click()
    page.get_by_role("link", name="Record training for Dee Nash").click()
    completed = page.get_by_role("group", name="Date completed")
    completed.get_by_label("Day").fill(str(timezone.localdate().day))
    completed.get_by_label("Month").fill(str(timezone.localdate().month))
    completed.get_by_label("Year").fill(str(timezone.localdate().year))
    page.get_by_role("button", name="Record training").click()
    expect(success_banner(page)).to_contain_text("Listener training recorded for Dee Nash.")

    page.goto(reverse("rota:week_detail", args=[monday]))
    page.get_by_role("link", name=f"Change Night at A wing on {short_day(monday)}").click()
    page.get_by_role("link", name="Ask for cover for Amir Khan").click()
    page.get_by_label("Why does the shift need cover?").fill("Unwell")
    page.get_by_role("button", name="Ask for cover").click()
    expect(heading(page)).to_have_text("Choose who covers for Amir Khan")
    expect(page.get_by_test_id("cover-reason")).to_contain_text("Needs cover: Unwell")
    expect(page.get_by_label("Amir Khan (A1111AA)")).to_have_count(0)
    page.get_by_label("Dee Nash (D4444DD)").check()
    page.get_by_role("button", name="Cover the shift").click()
    expect(success_banner(page)).to_contain_text(
        f"Dee Nash covers Amir Khan on Night at A wing on {short_day(monday)}."
    )

    page.get_by_role("link", name="Back to the week").click()
    cell = page.get_by_test_id(f"cell-{monday.isoformat()}-{night.pk}-{a_wing.pk}")
    expect(cell).to_contain_text("Dee Nash")
    expect(cell).not_to_contain_text("Amir Khan")
    expect(cell).to_contain_text("Changed since publishing")
    expect(page.get_by_test_id("changes")).to_contain_text(
        f"Covers for Amir Khan: Dee Nash, Night at A wing on {short_day(monday)}"
    )
    save_screenshot("peerwork-rota-changed")
