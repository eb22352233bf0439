"""Setting up the rota: rules, shifts, places and how many Listeners each needs. Mistakes are shown
next to the field with what was typed kept, and save nothing."""

import html
from datetime import time

import pytest
from django.urls import reverse

from accounts.models import Role
from rota.models import CoverNeed, CoverPoint, Rota, ShiftType
from rota.services.assignments import assignment_add
from tests.factories import LocationFactory, UserFactory
from tests.rota.conftest import on

LIMITS = {
    "max_shifts_per_week": "4",
    "max_nights_in_a_row": "2",
    "max_callout_hours_per_week": "6",
    "max_night_callouts_per_week": "3",
}


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_manager_starts_the_rota_with_its_rules(client_for, manager, listeners, establishment):
    client = client_for(manager)
    form = client.get(reverse("rota:rules_edit")).context["form"]
    assert (form["max_shifts_per_week"].value(), form["max_nights_in_a_row"].value()) == (4, 2)
    # The workload limits the welfare flags use start at 6 hours and 3 night call-outs a week.
    assert (form["max_callout_hours_per_week"].value(), form["max_night_callouts_per_week"].value()) == (6, 3)
    response = client.post(
        reverse("rota:rules_edit"),
        {**LIMITS, "max_shifts_per_week": "3", "max_night_callouts_per_week": "2", "requires_training": "on"},
    )
    assert response.url == reverse("rota:setup")
    rota = Rota.objects.get()
    assert (rota.establishment, rota.scheme, rota.max_shifts_per_week) == (establishment, listeners, 3)
    assert (rota.max_callout_hours_per_week, rota.max_night_callouts_per_week) == (6, 2)
    assert rota.history.get().history_user == manager


def test_a_limit_of_zero_is_refused_next_to_the_field(client_for, manager, listeners):
    response = client_for(manager).post(
        reverse("rota:rules_edit"), {"max_shifts_per_week": "0", "max_nights_in_a_row": "2"}
    )
    assert response.context["form"].errors["max_shifts_per_week"] == [
        "Ensure this value is greater than or equal to 1."
    ]
    assert 'value="0"' in text(response)
    assert not Rota.objects.exists()


def test_only_the_listener_schemes_coordinator_may_start_the_rota(
    client_for, establishment, coordinator, listeners
):
    other = UserFactory(username="buddieslead", role=Role.SCHEME_COORDINATOR, establishments=[establishment])
    data = LIMITS
    assert client_for(other).post(reverse("rota:rules_edit"), data).status_code == 403
    assert not Rota.objects.exists()
    assert client_for(coordinator).post(reverse("rota:rules_edit"), data).status_code == 302


def test_the_setup_page_shows_the_pattern(client_for, coordinator, pattern):
    body = text(client_for(coordinator).get(reverse("rota:setup")))
    assert "Night" in body and "21:00–07:00" in body
    assert "A wing" in body and "B wing" in body


def test_adding_a_night_shift(client_for, coordinator, rota):
    response = client_for(coordinator).post(
        reverse("rota:shift_type_create"),
        {"name": "Night", "starts": "21:00", "ends": "07:00", "is_night": "on", "order": "3"},
    )
    assert response.url == reverse("rota:setup")
    shift = ShiftType.objects.get()
    assert (shift.starts, shift.ends, shift.is_night) == (time(21), time(7), True)


def test_a_shift_that_ends_when_it_starts_is_refused(client_for, coordinator, rota):
    response = client_for(coordinator).post(
        reverse("rota:shift_type_create"), {"name": "Odd", "starts": "09:00", "ends": "09:00", "order": "0"}
    )
    assert response.context["form"].errors["ends"] == [
        "A shift must end at a different time from when it starts."
    ]
    assert not ShiftType.objects.exists()


def test_a_second_shift_with_the_same_name_is_refused(client_for, coordinator, night):
    response = client_for(coordinator).post(
        reverse("rota:shift_type_create"), {"name": "Night", "starts": "22:00", "ends": "06:00", "order": "0"}
    )
    assert "This rota already has a shift with this name." in text(response)
    assert ShiftType.objects.count() == 1


def test_a_shift_with_listeners_on_it_keeps_its_times_and_cannot_retire(
    client_for, coordinator, pattern, amir, night, a_point
):
    assignment_add(
        rota=pattern, day=on(1), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )
    client = client_for(coordinator)
    response = client.post(
        reverse("rota:shift_type_update", args=[night.pk]),
        {"name": "Night", "starts": "22:00", "ends": "07:00", "is_night": "on", "order": "3"},
    )
    assert response.context["form"].errors["starts"] == [
        "1 Listener shift is on the rota at the old Night times from Tue 24 Nov. Take it off the rota first."
    ]
    renamed = client.post(
        reverse("rota:shift_type_update", args=[night.pk]),
        {"name": "Nights", "starts": "21:00", "ends": "07:00", "is_night": "on", "order": "3"},
    )
    assert renamed.status_code == 302
    retire = client.post(reverse("rota:shift_type_archive", args=[night.pk]), follow=True)
    assert "Take it off the rota first." in text(retire)
    night.refresh_from_db()
    assert (night.name, night.starts, night.archived_at) == ("Nights", time(21), None)


def test_a_shift_not_in_use_retires(client_for, coordinator, pattern, day_shift):
    client_for(coordinator).post(reverse("rota:shift_type_archive", args=[day_shift.pk]))
    day_shift.refresh_from_db()
    assert day_shift.archived_at is not None


def test_adding_a_place_that_groups_wings(client_for, coordinator, rota, wing, b_wing):
    response = client_for(coordinator).post(
        reverse("rota:cover_point_create"),
        {"name": "A and B wings", "locations": [wing.pk, b_wing.pk], "order": "1"},
    )
    assert response.url == reverse("rota:needs_edit")
    point = CoverPoint.objects.get()
    assert set(point.locations.all()) == {wing, b_wing}


def test_a_wing_already_covered_by_another_place_is_refused_next_to_the_wings(
    client_for, coordinator, a_point, wing, b_wing
):
    response = client_for(coordinator).post(
        reverse("rota:cover_point_create"),
        {"name": "Everywhere", "locations": [wing.pk, b_wing.pk], "order": "1"},
    )
    assert response.context["form"].errors["locations"] == [
        "Already covered by another place on this rota: A wing (A wing)."
    ]
    assert CoverPoint.objects.count() == 1


def test_another_prisons_wing_cannot_be_chosen(client_for, coordinator, rota, other_wing):
    response = client_for(coordinator).post(
        reverse("rota:cover_point_create"), {"name": "Theirs", "locations": [other_wing.pk], "order": "1"}
    )
    assert "locations" in response.context["form"].errors
    assert not CoverPoint.objects.exists()


def test_the_needs_are_a_number_per_place_and_shift(
    client_for, coordinator, pattern, night, evening, a_point, b_point
):
    client = client_for(coordinator)
    form = client.get(reverse("rota:needs_edit")).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[f"need_{b_point.pk}_{night.pk}"] = 2
    response = client.post(reverse("rota:needs_edit"), data, follow=True)
    assert "Listeners needed saved (1 change)." in text(response)
    assert CoverNeed.objects.get(cover_point=b_point, shift_type=night).listeners == 2


def test_a_need_that_is_not_a_number_is_shown_next_to_it_and_nothing_is_saved(
    client_for, coordinator, pattern, night, a_point, b_point
):
    client = client_for(coordinator)
    form = client.get(reverse("rota:needs_edit")).context["form"]
    data = {name: field.initial for name, field in form.fields.items()}
    data[f"need_{a_point.pk}_{night.pk}"] = "two"
    data[f"need_{b_point.pk}_{night.pk}"] = 2
    response = client.post(reverse("rota:needs_edit"), data)
    assert response.context["form"].errors[f"need_{a_point.pk}_{night.pk}"] == [
        "Enter a whole number of Listeners for A wing on Night."
    ]
    assert 'value="two"' in text(response)
    assert CoverNeed.objects.get(cover_point=b_point, shift_type=night).listeners == 1


@pytest.mark.parametrize(
    "name",
    ["rota:setup", "rota:rules_edit", "rota:shift_type_create", "rota:cover_point_create", "rota:needs_edit"],
)
def test_a_wing_officer_may_not_set_up_the_rota(client_for, wing_officer, pattern, name):
    assert client_for(wing_officer).get(reverse(name)).status_code == 403


def test_another_prisons_manager_cannot_reach_this_rotas_shifts_or_places(
    client_for, outsider, night, a_point
):
    client = client_for(outsider)
    assert client.get(reverse("rota:shift_type_update", args=[night.pk])).status_code == 404
    assert client.post(reverse("rota:shift_type_archive", args=[night.pk])).status_code == 404
    assert client.get(reverse("rota:cover_point_update", args=[a_point.pk])).status_code == 404
    assert client.post(reverse("rota:cover_point_archive", args=[a_point.pk])).status_code == 404
    assert client.get(reverse("rota:needs_edit")).status_code == 404
    night.refresh_from_db()
    assert night.archived_at is None


def test_a_place_can_be_renamed_and_its_wings_changed(client_for, coordinator, a_point, wing, establishment):
    c_wing = LocationFactory(establishment=establishment, name="C wing")
    client_for(coordinator).post(
        reverse("rota:cover_point_update", args=[a_point.pk]),
        {"name": "A and C wings", "locations": [wing.pk, c_wing.pk], "order": "1"},
    )
    a_point.refresh_from_db()
    assert a_point.name == "A and C wings"
    assert set(a_point.locations.all()) == {wing, c_wing}
