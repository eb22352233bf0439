"""The day's roll in a real browser: a safer-custody manager uploads a CSV with three bad rows (a
prison number that is not one, a wing the prison does not have, a prison number given twice). The
preview lists each with its line and reason; "Apply the roll" then applies nothing; with "Skip the
rejected rows" the rest apply; and the same file uploaded and applied again changes nothing.
Every roll page is checked by axe-core and for sideways scrolling at 320px."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from establishments.models import Location
from roll.models import RollImport
from schemes.models import PeerWorker
from tests.browser.test_concerns_kiosk import NARROW, REFLOW, WIDE, assert_accessible
from tests.browser.test_coordinator_journey import heading, sign_in, success_banner

pytestmark = pytest.mark.browser

HEADER = "Prison Number,Surname,Forename,Wing,Cell,IEP Level,Earliest Release Date"
BAD_NUMBER = "The prison number must be a letter, four digits, then two letters (A1234BC)."
UNKNOWN_WING = "No wing or unit called “Z wing” here. Create it below, or correct the file."
DUPLICATE = "Duplicate row: B2345CD is already on line 4."
REJECTED = (
    "3 rows are rejected, so nothing was applied. Correct the file and upload it again, "
    "or tick “Skip the rejected rows”."
)


def release_in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).strftime("%d/%m/%Y")


def roll_csv() -> str:
    """Three good rows on A wing (Ryan Ellis, already on the records, moves cell; two are new)
    with the three bad ones between them, so that the line numbers are not simply 5, 6 and 7."""
    lines = [
        HEADER,
        f"A1234BC,Ellis,Ryan,A wing,2-14,Enhanced,{release_in(400)}",  # line 2: changed
        "12345,Nobody,Bad,A wing,1-01,Standard,",  # line 3: not a prison number
        f"B2345CD,Okafor,Daniel,A wing,1-03,Standard,{release_in(200)}",  # line 4: new
        "D4567EF,Kaur,Simran,Z wing,3-01,Standard,",  # line 5: no such wing here
        "C3456DE,Price,Tom,A wing,1-04,Basic,",  # line 6: new
        "B2345CD,Okafor,Daniel,A wing,1-03,Standard,",  # line 7: line 4 again
    ]
    return "\n".join(lines) + "\n"


def records() -> list[tuple]:
    """Everything a roll can change: the people, their history and the wings."""
    return [
        *sorted(
            PeerWorker.objects.values_list(
                "prison_number",
                "first_name",
                "last_name",
                "establishment_id",
                "location_id",
                "cell",
                "iep_level",
                "earliest_release_date",
                "custody_status",
            )
        ),
        ("history rows", PeerWorker.history.count()),
        *sorted(Location.objects.values_list("name", "establishment_id")),
    ]


def check(page) -> None:
    """axe-core at both widths, and no sideways scroll at 320px (the tables scroll in their box)."""
    for viewport in (WIDE, NARROW):
        page.set_viewport_size(viewport)
        assert_accessible(page)
    page.set_viewport_size(REFLOW)
    assert page.evaluate("document.documentElement.scrollWidth <= document.documentElement.clientWidth"), (
        f"{page.url} scrolls sideways at 320px"
    )
    page.set_viewport_size(WIDE)


def upload(page, path) -> None:
    """From any page, as the manager would: "More", then "Today's roll"."""
    page.get_by_role("navigation", name="Primary navigation").get_by_role("link", name="More").click()
    page.get_by_role("main").get_by_role("link", name="Today's roll").click()
    expect(heading(page)).to_have_text("Today's roll")
    check(page)
    page.get_by_label("Today's roll").set_input_files(str(path))
    page.get_by_role("button", name="Upload and preview").click()
    expect(heading(page)).to_have_text("Check the roll before it is applied")


def test_a_roll_with_three_bad_rows_applies_nothing_until_they_are_skipped_and_twice_changes_nothing(
    page, live_server, manager, worker, tmp_path
):
    roll = tmp_path / "roll.csv"
    roll.write_text(roll_csv(), encoding="utf-8")
    page.set_viewport_size(WIDE)
    sign_in(page, manager.username)
    before = records()

    # 1. The preview: each rejected row with its line and reason, in line order.
    upload(page, roll)
    roll_import = RollImport.objects.get()
    expect(page).to_have_url(
        re.compile(re.escape(reverse("roll:import_detail", args=[roll_import.pk])) + "$")
    )
    expect(page.get_by_test_id("count-new")).to_have_text("2")
    expect(page.get_by_test_id("count-changed")).to_have_text("1")
    expect(page.get_by_test_id("count-refused")).to_have_text("3")
    refused = page.get_by_test_id("refused-rows").locator("tbody tr")
    expect(refused).to_have_count(3)
    expect(refused.nth(0).locator("td")).to_have_text(["3", "12345", BAD_NUMBER])
    expect(refused.nth(1).locator("td")).to_have_text(["5", "D4567EF", UNKNOWN_WING])
    expect(refused.nth(2).locator("td")).to_have_text(["7", "B2345CD", DUPLICATE])
    new = page.get_by_test_id("new").locator("tbody tr")
    expect(new.nth(0).locator("td")).to_have_text(["4", "B2345CD", "Daniel Okafor", "A wing, cell 1-03"])
    expect(new.nth(1).locator("td")).to_have_text(["6", "C3456DE", "Tom Price", "A wing, cell 1-04"])
    expect(page.get_by_test_id("changed")).to_contain_text("Cell:")
    expect(page.get_by_test_id("nothing-to-change")).to_have_count(0)
    check(page)
    assert records() == before

    # 2. "Apply the roll" without skipping: refused next to the checkbox, and nothing changes.
    page.get_by_role("button", name="Apply the roll").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(REJECTED)
    skip = page.get_by_label("Skip the rejected rows and apply the rest")
    expect(skip).not_to_be_checked()
    expect(page.locator(".govuk-form-group--error .govuk-error-message")).to_contain_text(REJECTED)
    expect(page.get_by_test_id("refused-rows").locator("tbody tr")).to_have_count(3)
    check(page)
    summary.get_by_role("link").first.click()
    expect(skip).to_be_focused()
    assert records() == before
    roll_import.refresh_from_db()
    assert roll_import.status != RollImport.Status.APPLIED

    # 3. With "Skip the rejected rows", the rest apply.
    skip.check()
    page.get_by_role("button", name="Apply the roll").click()
    expect(heading(page)).to_have_text("Roll applied")
    expect(success_banner(page)).to_contain_text("The roll is applied: 2 added, 1 changed")
    expect(page.get_by_test_id("outcome-new")).to_have_text("2")
    expect(page.get_by_test_id("outcome-changed")).to_have_text("1")
    expect(page.get_by_test_id("outcome-arrived")).to_have_text("0")
    expect(page.get_by_test_id("outcome-skipped")).to_have_text("3")
    check(page)
    people = {
        person.prison_number: person
        for person in PeerWorker.objects.filter(establishment=worker.establishment).select_related("location")
    }
    assert sorted(people) == ["A1234BC", "B2345CD", "C3456DE"]
    assert not PeerWorker.objects.filter(prison_number="D4567EF").exists()
    assert not Location.objects.filter(name="Z wing").exists()
    okafor, price, ellis = people["B2345CD"], people["C3456DE"], people["A1234BC"]
    assert (okafor.first_name, okafor.last_name, okafor.location, okafor.cell) == (
        "Daniel",
        "Okafor",
        worker.location,
        "1-03",
    )
    assert okafor.earliest_release_date == timezone.localdate() + timedelta(days=200)
    assert (price.location, price.cell, price.iep_level, price.earliest_release_date) == (
        worker.location,
        "1-04",
        "basic",
        None,
    )
    assert (ellis.pk, ellis.cell, ellis.iep_level) == (worker.pk, "2-14", "enhanced")
    assert ellis.earliest_release_date == timezone.localdate() + timedelta(days=400)
    applied = records()

    # 4. The same file again: the preview has nothing new or changed, and applying it changes nothing.
    upload(page, roll)
    expect(page.get_by_test_id("count-new")).to_have_text("0")
    expect(page.get_by_test_id("count-changed")).to_have_text("0")
    expect(page.get_by_test_id("count-arrivals")).to_have_text("0")
    expect(page.get_by_test_id("count-refused")).to_have_text("3")
    expect(page.get_by_test_id("roll-counts")).to_contain_text("3 unchanged")
    expect(page.get_by_test_id("new")).to_have_count(0)
    expect(page.get_by_test_id("changed")).to_have_count(0)
    check(page)
    page.get_by_label("Skip the rejected rows and apply the rest").check()
    page.get_by_role("button", name="Apply the roll").click()
    expect(heading(page)).to_have_text("Roll applied")
    expect(success_banner(page)).to_contain_text(
        "The roll is applied. It changed nothing: the records already matched it."
    )
    expect(page.get_by_test_id("outcome-new")).to_have_text("0")
    expect(page.get_by_test_id("outcome-changed")).to_have_text("0")
    expect(page.get_by_test_id("outcome-skipped")).to_have_text("3")
    assert records() == applied
    assert RollImport.objects.filter(status=RollImport.Status.APPLIED).count() == 2
