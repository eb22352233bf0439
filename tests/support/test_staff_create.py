"""Pairing a mentor with a resident: find the resident (a GET form, no JavaScript needed), then
choose the mentor, the resident found, the start and record their agreement. Every refusal is
shown next to its box and saves nothing."""

import re
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from support.models import Pair
from tests.factories import PeerWorkerFactory, UserFactory
from tests.forms import date_boxes
from tests.support.office_world import *  # noqa: F403  the fixtures
from tests.support.office_world import make_pair

URL = reverse("support:pair_create")


def found(scheme, query="Moss"):
    return f"{URL}?scheme={scheme.pk}&q={query}"


def answers(mentor, learner, **changes):
    return {
        "mentor": mentor.pk,
        "supported": learner.pk,
        **date_boxes("started_on", timezone.localdate()),
        "consent": "on",
    } | changes


def test_the_find_step_lists_the_resident_and_the_mentors(
    client_for, coordinator, toe_by_toe, mentor, learner
):
    response = client_for(coordinator).get(found(toe_by_toe))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kyle Moss (A3002AA), A wing" in html
    assert "Calum Hart (A3001AA), supports 0 of 1" in html
    assert "The resident agreed to be supported and to have sessions recorded" in html


def test_a_prison_number_finds_them_too(client_for, coordinator, toe_by_toe, mentor, learner):
    assert "Kyle Moss (A3002AA)" in client_for(coordinator).get(found(toe_by_toe, "a3002aa")).content.decode()


def test_it_pairs_them(client_for, coordinator, toe_by_toe, mentor, learner):
    response = client_for(coordinator).post(found(toe_by_toe), answers(mentor, learner))
    pair = Pair.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "support:pair_detail", args=[pair.pk]
    )
    assert (pair.mentor, pair.supported, pair.created_by) == (mentor, learner, coordinator)
    assert pair.started_on == timezone.localdate()


def test_without_the_residents_agreement_nothing_is_saved(
    client_for, coordinator, toe_by_toe, mentor, learner
):
    response = client_for(coordinator).post(found(toe_by_toe), answers(mentor, learner, consent=""))
    assert response.status_code == 200
    assert "Record that the resident agreed" in response.content.decode()
    assert not Pair.objects.exists()


def test_over_the_schemes_limit_is_refused_next_to_the_mentor(
    client_for, coordinator, toe_by_toe, mentor, learner, establishment
):
    make_pair(toe_by_toe, mentor, PeerWorkerFactory(establishment=establishment), coordinator)
    response = client_for(coordinator).post(found(toe_by_toe), answers(mentor, learner))
    html = response.content.decode()
    assert response.status_code == 200
    next_to_the_mentor = r'error-message">.{0,80}Calum Hart already supports 1 resident.*?<input\s+type="radio"\s+name="mentor"'
    assert re.search(next_to_the_mentor, html, re.S)
    assert Pair.objects.count() == 1


def test_a_start_in_the_future_is_refused(client_for, coordinator, toe_by_toe, mentor, learner):
    tomorrow = timezone.localdate() + timedelta(days=1)
    response = client_for(coordinator).post(
        found(toe_by_toe), answers(mentor, learner, **date_boxes("started_on", tomorrow))
    )
    assert "Enter today or a day before" in response.content.decode()
    assert not Pair.objects.exists()


def test_another_prisons_resident_cannot_be_found_or_chosen(
    client_for, coordinator, toe_by_toe, mentor, other_worker
):
    html = client_for(coordinator).get(found(toe_by_toe, other_worker.prison_number)).content.decode()
    assert 'data-testid="no-residents"' in html
    client_for(coordinator).post(found(toe_by_toe, other_worker.prison_number), answers(mentor, other_worker))
    assert not Pair.objects.exists()


def test_a_mentor_out_of_role_is_not_offered_and_cannot_be_chosen(
    client_for, coordinator, toe_by_toe, mentor, learner, establishment
):
    stranger = PeerWorkerFactory(establishment=establishment, first_name="Noah", last_name="Role")
    assert "Noah Role" not in client_for(coordinator).get(found(toe_by_toe)).content.decode()
    client_for(coordinator).post(found(toe_by_toe), answers(stranger, learner))
    assert not Pair.objects.exists()


def test_a_coordinator_who_does_not_lead_the_scheme_cannot_choose_it(
    client_for, toe_by_toe, mentor, learner, establishment
):
    other = UserFactory(username="othercoord", role=Role.SCHEME_COORDINATOR, establishments=[establishment])
    client = client_for(other)
    assert "Kyle Moss" not in client.get(found(toe_by_toe)).content.decode()
    client.post(found(toe_by_toe), answers(mentor, learner))
    assert not Pair.objects.exists()


def test_a_wing_officer_is_refused(client_for, wing_officer, toe_by_toe):
    assert client_for(wing_officer).get(found(toe_by_toe)).status_code == 403
