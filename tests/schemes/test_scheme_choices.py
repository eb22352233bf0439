"""Forms offer only the schemes the person may act on (selectors.schemes_user_may_act_on); a
forged choice is refused next to the box, with what was typed kept, and changes nothing."""

import pytest
from django.urls import reverse

from schemes.forms.contracts import SCHEME_NOT_OFFERED
from schemes.models import Application, Contract
from schemes.selectors import schemes_user_may_act_on


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)


def offered(response, field: str = "scheme") -> list[str]:
    return [scheme.name for scheme in response.context["form"].fields[field].queryset]


def test_a_coordinator_may_act_on_the_schemes_they_lead_only(coordinator, listeners, establishment):
    assert list(schemes_user_may_act_on(user=coordinator, establishment=establishment)) == [listeners]


def test_safer_custody_may_act_on_every_running_scheme(manager, schemes, establishment):
    schemes["buddies"].is_active = False
    schemes["buddies"].save()
    may = set(schemes_user_may_act_on(user=manager, establishment=establishment))
    assert may == {scheme for scheme in schemes.values() if scheme.is_active}
    assert len(may) == len(schemes) - 1


def test_a_wing_officer_may_act_on_no_scheme(wing_officer, schemes, establishment):
    assert not schemes_user_may_act_on(user=wing_officer, establishment=establishment).exists()


def test_no_one_may_act_on_another_prisons_schemes(manager, schemes, other_establishment):
    assert not schemes_user_may_act_on(user=manager, establishment=other_establishment).exists()


@pytest.mark.parametrize("page", ["schemes:contract_issue", "schemes:application_create"])
def test_a_listeners_coordinator_is_offered_only_listeners(client_for, coordinator, listeners, buddies, page):
    response = client_for(coordinator).get(reverse(page))
    assert offered(response) == ["Listeners"]
    assert "Buddies" not in response.content.decode()


def test_a_manager_is_offered_every_scheme(client_for, manager, schemes):
    response = client_for(manager).get(reverse("schemes:contract_issue"))
    assert len(offered(response)) == len(schemes)


def test_the_meeting_scheme_choice_lists_only_the_coordinators_schemes(
    client_for, coordinator, listeners, buddies
):
    response = client_for(coordinator).get(reverse("schemes:meeting_create"))
    assert offered(response) == ["Listeners"]


def test_a_forged_scheme_on_a_contract_is_refused_next_to_the_box(
    client_for, coordinator, listeners, buddies, worker
):
    response = client_for(coordinator).post(
        reverse("schemes:contract_issue"),
        {
            "worker": worker.pk,
            "scheme": buddies.pk,
            "start_date": "01/12/2026",
            "end_date": "",
            "weekly_pay": "",
            "privileges": "An extra hour unlocked",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scheme"] == [SCHEME_NOT_OFFERED]
    page = response.content.decode()
    assert "An extra hour unlocked" in page and 'value="01/12/2026"' in page
    assert not Contract.objects.exists()


def test_a_forged_scheme_on_an_application_is_refused_next_to_the_box(
    client_for, coordinator, listeners, buddies, worker
):
    response = client_for(coordinator).post(
        reverse("schemes:application_create"),
        {
            "worker": worker.pk,
            "scheme": buddies.pk,
            "route": "applied",
            "received_on_0": "20",
            "received_on_1": "11",
            "received_on_2": "2026",
            "why_they_want_the_role": "To help new arrivals",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["scheme"] == [SCHEME_NOT_OFFERED]
    page = response.content.decode()
    assert "To help new arrivals" in page and 'value="20"' in page
    assert not Application.objects.exists()
