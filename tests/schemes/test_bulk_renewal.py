from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from schemes import selectors
from schemes.models import Contract, EndReason
from schemes.services import contracts as services
from schemes.services.schemes import scheme_presets_ensure
from tests.factories import PeerWorkerFactory


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)


def signed_contract(scheme, actor, *, start=date(2026, 6, 10), end=date(2026, 12, 10), worker=None):
    worker = worker or PeerWorkerFactory(establishment=scheme.establishment)
    contract = services.contract_issue(
        worker=worker, scheme=scheme, actor=actor, start_date=start, end_date=end
    )
    return services.contract_sign(contract=contract, signed_on=start, witnessed_by=actor, actor=actor)


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def expiring(listeners, manager):
    """Two Listener contracts ending within 28 days, and one ending later."""
    return [
        signed_contract(listeners, manager, end=date(2026, 12, 10)),
        signed_contract(listeners, manager, end=date(2026, 12, 1)),
        signed_contract(listeners, manager, end=date(2027, 3, 1)),
    ]


# --- The list of contracts ending soon ---------------------------------------------------


def test_the_list_shows_contracts_ending_within_28_days_soonest_first(client_for, manager, expiring):
    response = client_for(manager).get(reverse("schemes:contracts_expiring"))
    listed = [row["contract"] for row in response.context["rows"]]
    assert listed == [expiring[1], expiring[0]]
    assert [row["days_left"] for row in response.context["rows"]] == [8, 17]


def test_the_list_can_look_further_ahead(client_for, manager, expiring):
    response = client_for(manager).get(reverse("schemes:contracts_expiring") + "?days=120")
    assert len(response.context["rows"]) == 3
    assert "Contracts ending within 120 days" in response.content.decode()


@pytest.mark.parametrize(("lead_times", "listed"), [([120, 14, 7], 3), ([28, 14, 7], 2), ([10], 1)])
def test_the_list_looks_as_far_ahead_as_the_widest_warning_lead_time(
    client_for, manager, listeners, expiring, settings, lead_times, listed
):
    settings.CONTRACT_WARNING_DAYS = lead_times
    response = client_for(manager).get(reverse("schemes:contracts_expiring"))
    assert response.context["within_days"] == max(lead_times)
    assert len(response.context["rows"]) == listed
    assert f"Leave blank for {max(lead_times)} days." in response.content.decode()
    (scheme,) = [s for s in selectors.scheme_list(establishment=listeners.establishment) if s == listeners]
    assert scheme.expiring_count == listed


@pytest.mark.parametrize("days", ["0", "366", "soon"])
def test_a_number_of_days_out_of_range_is_explained_and_the_default_used(client_for, manager, expiring, days):
    response = client_for(manager).get(reverse("schemes:contracts_expiring") + f"?days={days}")
    assert response.context["filter_form"].errors["days"] == ["Enter a number of days from 1 to 365."]
    assert response.context["within_days"] == 28
    assert len(response.context["rows"]) == 2


def test_only_contracts_the_user_may_manage_get_a_checkbox(
    client_for, coordinator, manager, listeners, buddies
):
    listener_contract = signed_contract(listeners, manager)
    buddy_contract = signed_contract(buddies, manager)
    body = client_for(coordinator).get(reverse("schemes:contracts_expiring")).content.decode()
    assert f'name="contract" type="checkbox" value="{listener_contract.pk}"' in body
    assert f'value="{buddy_contract.pk}"' not in body
    assert "Renew selected" in body


def test_a_wing_officer_may_not_see_the_list(client_for, wing_officer, expiring):
    assert client_for(wing_officer).get(reverse("schemes:contracts_expiring")).status_code == 403


def test_the_outsider_does_not_see_another_prisons_contracts(client_for, outsider, expiring):
    response = client_for(outsider).get(reverse("schemes:contracts_expiring"))
    assert response.context["rows"] == []


@pytest.mark.parametrize("user", ["manager", "coordinator"])
def test_the_list_query_count_does_not_grow_with_rows(
    client_for, request, listeners, buddies, manager, user, django_assert_num_queries
):
    client = client_for(request.getfixturevalue(user))
    for scheme in (listeners, buddies):
        signed_contract(scheme, manager)
    # A coordinator's leadership is looked up once per scheme (2 here), and the model backend
    # loads their permissions once for a menu item they may not see (2 more).
    queries = 8 if user == "coordinator" else 4
    with django_assert_num_queries(queries):
        assert len(client.get(reverse("schemes:contracts_expiring")).context["rows"]) == 2
    for _ in range(5):
        for scheme in (listeners, buddies):
            signed_contract(scheme, manager)
    with django_assert_num_queries(queries):
        assert len(client.get(reverse("schemes:contracts_expiring")).context["rows"]) == 12


# --- Renewing several at once --------------------------------------------------------------


def test_the_confirmation_lists_each_contract_and_changes_nothing(client_for, coordinator, expiring):
    first, second, _ = expiring
    response = client_for(coordinator).post(
        reverse("schemes:contracts_bulk_renew"), {"contract": [first.pk, second.pk]}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert [item["contract"] for item in response.context["plan"]] == [second, first]
    assert f"{second.worker.full_name} ({second.worker.prison_number})" in body
    assert "23 November 2026 to 1 June 2027" in body
    assert "23 November 2026 to 10 June 2027" in body
    assert f'<input type="hidden" name="contract" value="{first.pk}">' in body
    assert '<input type="hidden" name="confirm" value="yes">' in body
    assert "Confirm renewals" in body
    assert Contract.objects.count() == 3
    assert set(Contract.objects.values_list("status", flat=True)) == {Contract.Status.ACTIVE}


def test_confirming_renews_every_chosen_contract(client_for, coordinator, expiring):
    first, second, later = expiring
    response = client_for(coordinator).post(
        reverse("schemes:contracts_bulk_renew"), {"contract": [first.pk, second.pk], "confirm": "yes"}
    )
    assert response.status_code == 302
    assert response.url == reverse("schemes:contracts_expiring")
    assert messages_of(response) == ["2 contracts renewed."]
    for old in (first, second):
        old.refresh_from_db()
        assert old.end_reason == EndReason.RENEWED
        assert old.ended_on == old.renewed_by.start_date == date(2026, 11, 23)  # no gap, no overlap
        assert old.renewed_by.status == Contract.Status.ACTIVE
    later.refresh_from_db()
    assert later.status == Contract.Status.ACTIVE


def test_if_one_cannot_be_renewed_none_are(client_for, coordinator, expiring, listeners, manager):
    unsigned = services.contract_issue(
        worker=PeerWorkerFactory(establishment=listeners.establishment),
        scheme=listeners,
        actor=manager,
        start_date=date(2026, 11, 20),
    )
    response = client_for(coordinator).post(
        reverse("schemes:contracts_bulk_renew"), {"contract": [expiring[0].pk, unsigned.pk], "confirm": "yes"}
    )
    assert response.status_code == 302
    assert "No contracts were renewed." in messages_of(response)[0]
    assert Contract.objects.count() == 4
    expiring[0].refresh_from_db()
    assert expiring[0].status == Contract.Status.ACTIVE


def test_choosing_nothing_goes_back_with_a_message(client_for, coordinator, expiring):
    response = client_for(coordinator).post(reverse("schemes:contracts_bulk_renew"), {"confirm": "yes"})
    assert response.url == reverse("schemes:contracts_expiring")
    assert messages_of(response) == ["Choose at least one contract to renew."]
    assert Contract.objects.filter(end_reason=EndReason.RENEWED).count() == 0


def test_another_prisons_contract_is_not_found(
    client_for, manager, outsider, other_establishment, other_worker, expiring
):
    bravo_listeners = {
        s.preset: s for s in scheme_presets_ensure(establishment=other_establishment, actor=outsider)
    }
    theirs = signed_contract(bravo_listeners["listeners"], outsider, worker=other_worker)
    response = client_for(manager).post(
        reverse("schemes:contracts_bulk_renew"), {"contract": [expiring[0].pk, theirs.pk], "confirm": "yes"}
    )
    assert response.status_code == 404
    assert Contract.objects.filter(end_reason=EndReason.RENEWED).count() == 0


def test_a_coordinator_may_not_renew_a_scheme_they_do_not_lead(
    client_for, coordinator, manager, expiring, buddies
):
    buddy_contract = signed_contract(buddies, manager)
    response = client_for(coordinator).post(
        reverse("schemes:contracts_bulk_renew"),
        {"contract": [expiring[0].pk, buddy_contract.pk], "confirm": "yes"},
    )
    assert response.status_code == 403
    assert Contract.objects.filter(end_reason=EndReason.RENEWED).count() == 0


def test_bulk_renewal_only_accepts_a_post(client_for, coordinator, expiring):
    response = client_for(coordinator).get(
        reverse("schemes:contracts_bulk_renew") + f"?contract={expiring[0].pk}"
    )
    assert response.status_code == 405
