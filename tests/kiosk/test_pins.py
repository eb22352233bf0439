"""Setting and resetting peer workers' kiosk PINs: the service and the staff pages."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.test import Client
from django.urls import reverse

from kiosk.models import KioskCredential
from kiosk.services.pins import pin_set
from schemes.rules import RuleError
from schemes.services import contracts
from tests.conftest import KIOSK_PIN
from tests.factories import PeerWorkerFactory


def test_a_pin_is_stored_hashed_and_who_set_it_is_recorded(worker, establishment, manager):
    credential = pin_set(worker=worker, establishment=establishment, pin="4827", actor=manager)

    assert credential.pin_hash != "4827"
    assert check_password("4827", credential.pin_hash)
    assert (credential.pin_set_by, credential.establishment) == (manager, establishment)
    [created] = credential.history.all()
    assert (created.history_user, created.history_change_reason) == (manager, "PIN set")
    assert not hasattr(created, "pin_hash")


def test_a_reset_replaces_the_pin_and_records_who_reset_it_and_when(
    worker, establishment, manager, coordinator, clock
):
    pin_set(worker=worker, establishment=establishment, pin="4827", actor=manager)
    clock.shift(timedelta(hours=2))
    credential = pin_set(worker=worker, establishment=establishment, pin="3951", actor=coordinator)

    assert KioskCredential.objects.count() == 1
    assert check_password("3951", credential.pin_hash)
    assert not check_password("4827", credential.pin_hash)
    latest = credential.history.first()
    assert (latest.history_user, latest.history_change_reason) == (coordinator, "PIN reset")
    assert latest.pin_set_at == credential.pin_set_at
    assert credential.history.count() == 2


@pytest.mark.parametrize("pin", ["123", "1234567", "12a4", "１２３４", "1111", "1234", "98765", ""])
def test_a_pin_too_short_too_long_or_too_easy_is_refused_next_to_the_pin(worker, establishment, manager, pin):
    with pytest.raises(RuleError) as refused:
        pin_set(worker=worker, establishment=establishment, pin=pin, actor=manager)
    assert list(refused.value.message_dict) == ["pin"]
    assert not KioskCredential.objects.exists()


@pytest.mark.parametrize("pin", ["2580", "4827", "135790", "1357"])
def test_other_pins_of_four_to_six_digits_are_accepted(worker, establishment, manager, pin):
    pin_set(worker=worker, establishment=establishment, pin=pin, actor=manager)
    assert check_password(pin, KioskCredential.objects.get().pin_hash)


def test_a_pin_cannot_be_set_for_someone_held_elsewhere(other_worker, establishment, manager):
    with pytest.raises(RuleError, match="not in custody in HMP Alpha"):
        pin_set(worker=other_worker, establishment=establishment, pin="4827", actor=manager)
    assert not KioskCredential.objects.exists()


# --- Staff pages ------------------------------------------------------------------------------


def post_pin(client, worker, pin="4827", again=None):
    return client.post(reverse("kiosk:pin_set", args=[worker.pk]), {"pin": pin, "pin_again": again or pin})


def test_a_manager_sets_a_pin_from_the_pin_list(client_for, manager, worker, active_contract):
    client = client_for(manager)
    listing = client.get(reverse("kiosk:pin_list")).content.decode()
    assert "Ryan Ellis (A1234BC)" in listing
    assert "Not set" in listing

    response = post_pin(client, worker)
    assert response["Location"] == reverse("kiosk:pin_list")
    listing = client.get(reverse("kiosk:pin_list")).content.decode()
    assert "PIN set for Ryan Ellis. Tell them the PIN in private." in listing
    assert f"by {manager}" in listing
    assert "Reset PIN" in listing


def test_two_different_pins_reshow_the_form_next_to_the_second_and_change_nothing(
    client_for, manager, worker, worker_pin, active_contract
):
    response = post_pin(client_for(manager), worker, pin="4827", again="4828")
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "pin_again": ["The two PINs are different. Type the same PIN twice."]
    }
    assert check_password(KIOSK_PIN, KioskCredential.objects.get().pin_hash)


def test_a_weak_pin_from_the_page_is_shown_next_to_the_pin(client_for, manager, worker, active_contract):
    response = post_pin(client_for(manager), worker, pin="1234")
    assert list(response.context["form"].errors) == ["pin"]
    assert not KioskCredential.objects.exists()


def test_the_pin_page_shows_who_set_it_and_that_it_is_locked(
    kiosk_client, kiosk_on, manager, worker, worker_pin, active_contract
):
    for client in (kiosk_client, kiosk_client, kiosk_client, kiosk_on("B wing"), kiosk_on("C wing")):
        client.post(reverse("kiosk:sign_in"), {"prison_number": "A1234BC", "pin": "9999"})
    office = Client()  # the office PC, not the kiosk
    office.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")
    html = office.get(reverse("kiosk:pin_set", args=[worker.pk])).content.decode()
    assert f"PIN last set on 23 November 2026, 10:00 by {manager}." in html
    assert "It is locked after too many wrong tries" in html
    assert "PIN set" in html  # its history
    assert "Locked" in office.get(reverse("kiosk:pin_list")).content.decode()


def test_a_coordinator_sets_pins_only_for_the_schemes_they_lead(
    client_for, coordinator, worker, active_contract, buddies, establishment, system_admin
):
    buddy = PeerWorkerFactory(establishment=establishment, last_name="Buddyman")
    contracts.contract_issue(worker=buddy, scheme=buddies, actor=system_admin, start_date=date(2026, 11, 2))
    client = client_for(coordinator)

    listing = client.get(reverse("kiosk:pin_list")).content.decode()
    assert "Ryan Ellis" in listing
    assert "Buddyman" not in listing

    assert post_pin(client, worker).status_code == 302
    assert post_pin(client, buddy).status_code == 403
    assert KioskCredential.objects.filter(worker=buddy).count() == 0


def test_a_wing_officer_cannot_set_pins(client_for, wing_officer, worker, active_contract):
    client = client_for(wing_officer)
    assert client.get(reverse("kiosk:pin_list")).status_code == 403
    assert post_pin(client, worker).status_code == 403
    assert not KioskCredential.objects.exists()


def test_another_prisons_peer_worker_is_not_found(client_for, outsider, worker, active_contract):
    client = client_for(outsider)
    assert client.get(reverse("kiosk:pin_set", args=[worker.pk])).status_code == 404
    assert post_pin(client, worker).status_code == 404
    assert "Ryan Ellis" not in client.get(reverse("kiosk:pin_list")).content.decode()


def test_the_pin_list_costs_the_same_however_many_peer_workers(
    client_for,
    manager,
    worker,
    worker_pin,
    active_contract,
    listeners,
    establishment,
    system_admin,
    django_assert_num_queries,
):
    client = client_for(manager)
    # The session, the user, their establishments, the workers with their PINs, their contracts.
    with django_assert_num_queries(5):
        client.get(reverse("kiosk:pin_list"))
    for _ in range(3):
        someone = PeerWorkerFactory(establishment=establishment)
        contracts.contract_issue(
            worker=someone, scheme=listeners, actor=system_admin, start_date=date(2026, 11, 2)
        )
        pin_set(worker=someone, establishment=establishment, pin="4827", actor=manager)
    with django_assert_num_queries(5):
        html = client.get(reverse("kiosk:pin_list")).content.decode()
    assert html.count("Reset PIN") == 4
