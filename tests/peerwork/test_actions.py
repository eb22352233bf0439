"""A button that calls one service (peerwork.views.act) and the rota pages' guard
(rota.views._common.rota_builder), seen as the user sees them."""

import html

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from rota.services import setup as rota_setup
from schemes.models import Application, Contract
from schemes.services import applications
from schemes.services.locations import location_archive
from tests.factories import UserFactory


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_refused_button_shows_why_and_changes_nothing(client_for, coordinator, active_contract):
    versions = active_contract.history.count()
    response = client_for(coordinator).post(
        reverse("schemes:contract_lift_suspension", args=[active_contract.pk]), follow=True
    )
    assert response.redirect_chain == [(reverse("schemes:contract_detail", args=[active_contract.pk]), 302)]
    assert "This contract is not suspended." in text(response)
    assert "Suspension lifted" not in text(response)
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE
    assert active_contract.history.count() == versions


def test_a_button_that_works_says_so(client_for, manager, wing):
    location_archive(location=wing, actor=manager)
    response = client_for(manager).post(reverse("schemes:location_restore", args=[wing.pk]), follow=True)
    assert response.redirect_chain == [(reverse("schemes:location_detail", args=[wing.pk]), 302)]
    assert "A wing restored." in text(response)
    wing.refresh_from_db()
    assert not wing.is_archived


@pytest.mark.parametrize(
    ("status", "shown", "now"),
    [
        ("checks", "Moved to eligibility checks.", Application.Status.CHECKS),
        (
            "nonsense",
            "An application can move only to checks or interview this way.",
            Application.Status.RECEIVED,
        ),
    ],
)
def test_a_success_message_that_needs_the_result_is_only_worked_out_on_success(
    client_for, coordinator, listeners, worker, status, shown, now
):
    application = applications.application_create(
        worker=worker, scheme=listeners, actor=coordinator, received_on=timezone.localdate()
    )
    response = client_for(coordinator).post(
        reverse("schemes:application_advance", args=[application.pk]), {"status": status}, follow=True
    )
    assert response.status_code == 200
    assert shown in text(response)
    application.refresh_from_db()
    assert application.status == now


def test_the_rota_pages_are_given_the_rota_of_those_who_build_it(
    client_for, coordinator, establishment, listeners, system_admin
):
    url = reverse("rota:listener_list")
    assert client_for(coordinator).get(url).status_code == 404  # no rota yet

    rota = rota_setup.rota_setup(
        establishment=establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    assert client_for(coordinator).get(url).context["rota"] == rota

    not_a_listener_lead = UserFactory(
        username="buddylead", role=Role.SCHEME_COORDINATOR, establishments=[establishment]
    )
    assert client_for(not_a_listener_lead).get(url).status_code == 403
