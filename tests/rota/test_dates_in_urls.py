"""No day in an address, a query string or a form answers 500.

A day outside the days peerwork works with (peerwork.dates), an impossible day and a malformed
one are not found when they are in the address, and are refused next to their box when they are
in a query string or a form. The first and last weeks of the range open like any other.
"""

import html
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from peerwork.dates import FIRST_DAY, LAST_DAY, OUT_OF_RANGE, monday_of
from tests.forms import date_boxes

INVALID = "Enter a real date, for example 23/11/2026."

# (what is sent, the message shown next to the box when it comes in a query string or a form)
BAD_DAYS = [
    ("0001-01-01", OUT_OF_RANGE),
    ("9999-12-27", OUT_OF_RANGE),  # a Monday: the week after it cannot be written
    ("9999-12-31", OUT_OF_RANGE),
    ("1999-12-27", OUT_OF_RANGE),  # the Monday before the range
    ("2100-01-04", OUT_OF_RANGE),  # the Monday after it
    ("2027-02-29", INVALID),  # not a leap year
    ("2026-13-45", INVALID),
    ("abc", INVALID),
]
BAD_VALUES = [value for value, _ in BAD_DAYS]
WEEK_PAGES = ["", "fill/", "copy/", "publish/"]

FIRST_MONDAY = FIRST_DAY + timedelta(days=-FIRST_DAY.weekday() % 7)  # Monday 3 January 2000
LAST_MONDAY = monday_of(LAST_DAY)


def text(response) -> str:
    return html.unescape(response.content.decode())


def week_address(value: str, page: str = "") -> str:
    """Written by hand: reverse() cannot write a malformed day."""
    return f"{reverse('rota:home')}weeks/{value}/{page}"


def shift_address(value: str, shift_type, cover_point) -> str:
    return f"{reverse('rota:home')}shifts/{value}/{shift_type.pk}/{cover_point.pk}/"


# --- Days in the address: not found ------------------------------------------------------------


@pytest.mark.parametrize("page", WEEK_PAGES)
@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_week_outside_the_supported_days_is_not_found(client_for, coordinator, pattern, value, page):
    client = client_for(coordinator)
    assert client.get(week_address(value, page)).status_code == 404
    assert client.post(week_address(value, page)).status_code == 404


@pytest.mark.parametrize("value", BAD_VALUES)
def test_a_shift_outside_the_supported_days_is_not_found(
    client_for, coordinator, pattern, night, a_point, amir, value
):
    client = client_for(coordinator)
    address = shift_address(value, night, a_point)
    assert client.get(address).status_code == 404
    assert client.post(address, {"listener": amir.pk}).status_code == 404


@pytest.mark.parametrize("page", WEEK_PAGES)
def test_this_week_and_the_first_and_last_supported_weeks_open(client_for, coordinator, pattern, amir, page):
    client = client_for(coordinator)
    for monday in (monday_of(timezone.localdate()), FIRST_MONDAY, LAST_MONDAY):
        assert client.get(week_address(monday.isoformat(), page)).status_code == 200
        if page in ("copy/", "publish/"):
            assert client.post(week_address(monday.isoformat(), page)).status_code == 302


@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY])
def test_a_night_shift_on_the_first_or_last_supported_day_opens(
    client_for, coordinator, pattern, night, a_point, day
):
    response = client_for(coordinator).get(shift_address(day.isoformat(), night, a_point))
    assert response.status_code == 200


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2027-02-29"])
def test_a_posted_proposal_for_a_day_outside_the_supported_days_is_refused(
    client_for, coordinator, pattern, night, a_point, amir, value
):
    this_week = week_address(monday_of(timezone.localdate()).isoformat(), "fill/")
    slot = f"{value}:{night.pk}:{a_point.pk}"
    response = client_for(coordinator).post(
        this_week,
        {"rows": 1, "slot_0": slot, "proposed_0": amir.pk, "accept_0": "on", "listener_0": amir.pk},
    )
    assert response.status_code == 200
    assert "The proposals were not sent as shown. Start again from the week." in text(response)


# --- Days in a query string: the page, with the message next to the box ------------------------


@pytest.mark.parametrize(("value", "message"), BAD_DAYS)
def test_the_duty_notice_for_a_bad_week_asks_for_the_week_again(
    client_for, wing_officer, pattern, value, message
):
    response = client_for(wing_officer).get(reverse("listeners:notice"), {"week": value})
    assert response.status_code == 200
    body = text(response)
    assert message in body
    assert 'data-testid="notice-week"' in body
    assert "Download as PDF" not in body


@pytest.mark.parametrize("value", BAD_VALUES)
def test_the_duty_notice_pdf_for_a_bad_week_is_not_found(client_for, wing_officer, pattern, value):
    response = client_for(wing_officer).get(reverse("listeners:notice_pdf"), {"week": value})
    assert response.status_code == 404


@pytest.mark.parametrize("day", [FIRST_DAY, LAST_DAY, timezone.localdate])
def test_the_duty_notice_opens_for_the_first_and_last_supported_weeks(client_for, wing_officer, pattern, day):
    day = day() if callable(day) else day
    client = client_for(wing_officer)
    response = client.get(reverse("listeners:notice"), {"week": day.isoformat()})
    assert response.status_code == 200
    assert f"The rota for the week of {monday_of(day).day} {monday_of(day):%B %Y}" in text(response)
    assert client.get(reverse("listeners:notice_pdf"), {"week": day.isoformat()}).status_code == 200


@pytest.mark.parametrize("box", ["starts_on", "ends_on"])
@pytest.mark.parametrize(("value", "message"), BAD_DAYS)
def test_a_bad_report_period_is_shown_next_to_its_box(client_for, manager, value, message, box):
    response = client_for(manager).get(reverse("listeners:callout_reports"), {box: value})
    assert response.status_code == 200
    assert response.context["form"].errors[box] == [message]
    assert message in text(response)


def test_the_widest_report_period_at_the_edges_is_refused_not_overflowed(client_for, manager):
    response = client_for(manager).get(
        reverse("listeners:callout_reports"),
        {"starts_on": FIRST_DAY.isoformat(), "ends_on": LAST_DAY.isoformat()},
    )
    assert response.status_code == 200
    assert "Choose a period of a year or less." in text(response)


# --- Days in a form: the message next to the box -----------------------------------------------


@pytest.mark.parametrize(("value", "message"), BAD_DAYS)
def test_a_call_out_on_a_bad_day_is_refused_next_to_the_date(
    client_for, wing_officer, pattern, value, message
):
    response = client_for(wing_officer).post(
        reverse("listeners:callout_record"),
        {"requested_on": value, "started_on": value, "ended_on": value, "requested_time": "23:40"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["requested_on"] == [message]


# The training days are GOV.UK date inputs: Day, Month and Year boxes, and GOV.UK's messages.
BAD_BOXES = [
    (("1", "1", "0001"), OUT_OF_RANGE, OUT_OF_RANGE),
    (("31", "12", "9999"), OUT_OF_RANGE, OUT_OF_RANGE),
    (("29", "2", "2027"), "Date completed must be a real date", "Valid until must be a real date"),
    (("45", "13", "2026"), "Date completed must be a real date", "Valid until must be a real date"),
    (("abc", "11", "2026"), "Date completed must be a real date", "Valid until must be a real date"),
    (
        ("23", "", ""),
        "Date completed must include a month and year",
        "Valid until must include a month and year",
    ),
]


@pytest.mark.parametrize(("boxes", "completed_message", "until_message"), BAD_BOXES)
def test_training_on_a_bad_day_is_refused_next_to_the_date(
    client_for, coordinator, pattern, amir, boxes, completed_message, until_message
):
    url = reverse("rota:training_record", args=[amir.worker.pk])
    data = {
        f"{name}_{index}": part
        for name in ("completed_on", "valid_until")
        for index, part in enumerate(boxes)
    }
    response = client_for(coordinator).post(url, data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["completed_on"] == [completed_message] and errors["valid_until"] == [until_message]


@pytest.mark.parametrize(("value", "message"), BAD_DAYS)
def test_a_contract_starting_on_a_bad_day_is_refused_next_to_the_date(
    client_for, coordinator, listeners, worker, value, message
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_issue"),
        {"worker": worker.pk, "scheme": listeners.pk, "start_date": value, "end_date": value},
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["start_date"] == [message] and errors["end_date"] == [message]


def test_the_supported_days_themselves_are_accepted(client_for, coordinator, pattern, amir):
    url = reverse("rota:training_record", args=[amir.worker.pk])
    response = client_for(coordinator).post(
        url,
        {
            **date_boxes("completed_on", FIRST_DAY.isoformat()),
            **date_boxes("valid_until", LAST_DAY.isoformat()),
        },
    )
    assert response.status_code == 302
