"""Error messages in GOV.UK's words, every error on the first submit, and "Error: " in the title."""

import re

import pytest
from django.urls import reverse

from schemes.models import Suspension
from tests.peerwork.hostile import project_form_classes

DJANGO_REQUIRED = "This field is required."


def title(response) -> str:
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_no_required_box_says_this_field_is_required():
    """Every required box of every form says what to do, in GOV.UK's words ("Enter a reason for
    the suspension", "Select a scheme"): a form's `required_messages` or the field's own."""
    classes = project_form_classes()
    assert len(classes) > 30, "the forms modules were not found"
    generic = []
    for form_class in classes:
        named = getattr(form_class, "required_messages", {})
        for name, field in form_class.base_fields.items():
            if field.required and str(named.get(name) or field.error_messages["required"]) == DJANGO_REQUIRED:
                generic.append(f"{form_class.__module__}.{form_class.__qualname__}.{name}")
    assert not generic, generic


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)


def test_a_suspension_reports_every_error_on_the_first_submit(client_for, coordinator, active_contract):
    response = client_for(coordinator).post(
        reverse("schemes:contract_suspend", args=[active_contract.pk]),
        {"starts_on": "30/11/2026", "ends_on": "25/11/2026", "reason": ""},
    )
    errors = response.context["form"].errors
    assert errors["reason"] == ["Enter a reason for the suspension"]
    assert errors["ends_on"] == ["The suspension must end on or after the day it starts."]
    assert title(response).startswith("Error: ")
    assert 'value="25/11/2026"' in response.content.decode()
    assert not Suspension.objects.exists()


def test_a_page_without_errors_has_no_error_in_its_title(client_for, coordinator, active_contract):
    response = client_for(coordinator).get(reverse("schemes:contract_suspend", args=[active_contract.pk]))
    assert not title(response).startswith("Error")


def test_a_date_input_error_is_listed_once_and_links_to_the_first_box_at_fault(
    client_for, coordinator, listeners, worker
):
    response = client_for(coordinator).post(
        reverse("schemes:application_create"),
        {
            "worker": worker.pk,
            "scheme": listeners.pk,
            "route": "applied",
            "received_on_0": "",
            "received_on_1": "",
            "received_on_2": "2026",
        },
    )
    page = response.content.decode()
    assert title(response).startswith("Error: ")
    assert page.count('href="#id_received_on_0">Date received must include a day and month</a>') == 1
    assert page.count("Date received must include a day and month") == 2  # the summary and the box
    assert 'id="id_received_on_2"' in page
    boxes = re.findall(r'<input[^>]*name="received_on_\d"[^>]*>', page)
    assert ["govuk-input--error" in box for box in boxes] == [True, True, False]


def test_the_staff_pages_that_set_their_own_error_title_still_say_it_once(client_for, wing_officer):
    response = client_for(wing_officer).post(reverse("listeners:callout_record"), {})
    assert title(response).startswith("Error: Record a call-out")


def test_a_whole_date_error_links_to_the_first_box(client_for, coordinator, listeners, worker):
    response = client_for(coordinator).post(
        reverse("schemes:application_create"),
        {"worker": worker.pk, "scheme": listeners.pk, "route": "applied"}
        | {"received_on_0": "31", "received_on_1": "2", "received_on_2": "2027"},
    )
    assert 'href="#id_received_on_0">Date received must be a real date</a>' in response.content.decode()
