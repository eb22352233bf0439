"""One shift at one place: adding a Listener (refusals shown next to the choice, nothing saved),
taking one off, asking for cover and choosing who covers."""

import html

import pytest
from django.urls import reverse

from accounts.models import Role
from rota.models import Assignment
from rota.services import setup
from rota.services.assignments import assignment_add, assignment_needs_cover
from schemes.models import Contract
from schemes.services.schemes import scheme_presets_ensure
from tests.factories import UserFactory
from tests.rota.conftest import on


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def shift_url(night, a_point):
    return reverse("rota:shift_detail", args=[on(1), night.pk, a_point.pk])


@pytest.fixture
def amir_on(pattern, amir, night, a_point, coordinator):
    return assignment_add(
        rota=pattern, day=on(1), shift_type=night, cover_point=a_point, contract=amir, actor=coordinator
    )


def test_the_shift_page_lists_every_listener_and_says_why_some_cannot(
    client_for, coordinator, pattern, amir, listener, shift_url
):
    listener("Cy", "Moss", status=Contract.Status.SUSPENDED)
    response = client_for(coordinator).get(shift_url)
    body = text(response)
    assert "Night at A wing" in body
    assert "0 of 1 Listener on duty." in body
    assert "Amir Khan (" in body and "This week: no shifts yet" in body
    assert "Cannot: Cy Moss's Listener contract is suspended, so they cannot be on the rota." in body


def test_a_coordinator_adds_a_listener_to_a_shift(client_for, coordinator, pattern, amir, shift_url):
    response = client_for(coordinator).post(shift_url, {"listener": amir.pk}, follow=True)
    assignment = Assignment.objects.get()
    assert (assignment.worker, assignment.created_by) == (amir.worker, coordinator)
    assert "Amir Khan is on Night at A wing on Tue 24 Nov." in text(response)


def test_a_suspended_listener_is_refused_next_to_the_choice_and_nothing_is_saved(
    client_for, coordinator, pattern, listener, shift_url
):
    cy = listener("Cy", "Moss", status=Contract.Status.SUSPENDED)
    response = client_for(coordinator).post(shift_url, {"listener": cy.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["listener"] == [
        "Cy Moss's Listener contract is suspended, so they cannot be on the rota."
    ]
    assert response.context["form"]["listener"].value() == str(cy.pk)
    assert "govuk-error-summary" in text(response)
    assert not Assignment.objects.exists()


def test_a_listener_assigned_twice_at_once_is_refused_next_to_the_choice(
    client_for, coordinator, amir_on, amir, night, b_point
):
    url = reverse("rota:shift_detail", args=[on(1), night.pk, b_point.pk])
    response = client_for(coordinator).post(url, {"listener": amir.pk})
    assert response.context["form"].errors["listener"] == [
        "Amir Khan is already on Night at A wing on Tue 24 Nov."
    ]
    assert Assignment.objects.count() == 1


def test_choosing_nobody_asks_for_a_listener(client_for, coordinator, pattern, amir, shift_url):
    response = client_for(coordinator).post(shift_url, {})
    assert response.context["form"].errors["listener"] == ["Choose a Listener."]


def test_taking_a_listener_off_needs_a_reason_and_keeps_the_record(
    client_for, coordinator, amir_on, shift_url
):
    client = client_for(coordinator)
    url = reverse("rota:assignment_remove", args=[amir_on.pk])
    response = client.post(url, {"reason": ""})
    assert response.context["form"].errors["reason"] == ["Say why they are coming off this shift."]
    amir_on.refresh_from_db()
    assert amir_on.status == Assignment.Status.ON

    response = client.post(url, {"reason": "Moved to C wing"}, follow=True)
    amir_on.refresh_from_db()
    assert (amir_on.status, amir_on.removed_by) == (Assignment.Status.REMOVED, coordinator)
    assert "Amir Khan: Moved to C wing" in text(response)  # listed as taken off on the shift page


def test_asking_for_cover_then_choosing_who_covers(client_for, coordinator, amir_on, bea, listener):
    suspended = listener("Cy", "Moss", status=Contract.Status.SUSPENDED)
    client = client_for(coordinator)
    response = client.post(reverse("rota:assignment_needs_cover", args=[amir_on.pk]), {"reason": "Unwell"})
    assert response.url == reverse("rota:assignment_cover", args=[amir_on.pk])

    page = client.get(response.url)
    choices = [value for value, _label in page.context["form"].fields["listener"].choices]
    assert choices == [bea.pk]  # only those who pass every rule; never Amir himself
    assert "Needs cover: Unwell" in text(page)
    assert "Cy Moss's Listener contract is suspended" in text(page)

    refused = client.post(response.url, {"listener": suspended.pk})
    assert refused.context["form"].errors["listener"] == ["Choose a Listener from the list."]

    done = client.post(response.url, {"listener": bea.pk}, follow=True)
    assert "Bea Lowe covers Amir Khan on Night at A wing on Tue 24 Nov." in text(done)
    cover = Assignment.objects.get(cover_for=amir_on)
    assert cover.worker == bea.worker


def test_a_listener_who_can_do_it_after_all_goes_back_on(client_for, coordinator, amir_on):
    assignment_needs_cover(assignment=amir_on, actor=coordinator, reason="Visit")
    client_for(coordinator).post(reverse("rota:assignment_cover_withdraw", args=[amir_on.pk]))
    amir_on.refresh_from_db()
    assert amir_on.status == Assignment.Status.ON


def test_the_cover_page_is_only_for_a_shift_that_needs_cover(client_for, coordinator, amir_on):
    response = client_for(coordinator).get(reverse("rota:assignment_cover", args=[amir_on.pk]))
    assert response.status_code == 302


# --- Who may --------------------------------------------------------------------------------


def test_a_wing_officer_may_not_change_shifts(client_for, wing_officer, amir_on, amir, shift_url):
    client = client_for(wing_officer)
    assert client.get(shift_url).status_code == 403
    assert client.post(shift_url, {"listener": amir.pk}).status_code == 403
    assert (
        client.post(reverse("rota:assignment_remove", args=[amir_on.pk]), {"reason": "x"}).status_code == 403
    )
    assert (
        client.post(reverse("rota:assignment_needs_cover", args=[amir_on.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert Assignment.objects.get().status == Assignment.Status.ON


def test_a_coordinator_who_does_not_lead_listeners_may_not_change_shifts(
    client_for, establishment, amir_on, shift_url
):
    other = UserFactory(username="buddieslead", role=Role.SCHEME_COORDINATOR, establishments=[establishment])
    client = client_for(other)
    assert client.get(shift_url).status_code == 403
    assert (
        client.post(reverse("rota:assignment_remove", args=[amir_on.pk]), {"reason": "x"}).status_code == 403
    )


def test_another_prisons_manager_finds_nothing_here_even_with_a_rota_of_their_own(
    client_for, outsider, other_establishment, system_admin, amir_on, amir, shift_url
):
    scheme_presets_ensure(establishment=other_establishment, actor=system_admin)
    setup.rota_setup(
        establishment=other_establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    client = client_for(outsider)
    assert client.get(shift_url).status_code == 404
    assert client.post(shift_url, {"listener": amir.pk}).status_code == 404
    for name in ("rota:assignment_remove", "rota:assignment_needs_cover", "rota:assignment_cover"):
        assert client.post(reverse(name, args=[amir_on.pk]), {"reason": "x"}).status_code == 404
    assert Assignment.objects.get().status == Assignment.Status.ON
