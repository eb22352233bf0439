"""Signing in on the kiosk with a prison number and PIN, and the lockout after wrong PINs."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.urls import reverse

from kiosk.models import KioskCredential
from kiosk.services.devices import device_enrol
from kiosk.services.pins import pin_set
from kiosk.services.sign_in import _claim_attempt
from schemes.models import PeerWorker
from schemes.services.people import peer_worker_leave_custody, peer_worker_transfer
from tests.conftest import KIOSK_PIN
from tests.factories import LocationFactory

WRONG = "The prison number or PIN is not right. Check them and try again."
LOCKED = (
    "Your PIN is locked after too many wrong tries. Ask an officer or your scheme lead to reset it, "
    "or try again in 15 minutes."
)


def sign_in(client, number="A1234BC", pin=KIOSK_PIN):
    return client.post(reverse("kiosk:sign_in"), {"prison_number": number, "pin": pin})


def errors(response) -> dict:
    return response.context["form"].errors


def is_signed_in(client) -> bool:
    return client.get(reverse("kiosk:menu")).status_code == 200


def test_the_right_pin_signs_the_peer_worker_in_to_their_own_page(kiosk_client, worker, worker_pin):
    response = sign_in(kiosk_client, number=" a1234bc ")

    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk:menu")
    page = kiosk_client.get(reverse("kiosk:menu"))
    assert "Hello, Ryan" in page.content.decode()


def test_the_kiosk_session_is_not_a_staff_sign_in(kiosk_signed_in, worker):
    assert "_auth_user_id" not in kiosk_signed_in.session
    assert kiosk_signed_in.session["kiosk_worker_id"] == worker.pk
    assert kiosk_signed_in.get(reverse("kiosk:menu")).wsgi_request.user.is_anonymous


def test_the_pin_is_stored_only_as_a_hash(worker_pin):
    credential = KioskCredential.objects.get()
    assert KIOSK_PIN not in credential.pin_hash
    assert check_password(KIOSK_PIN, credential.pin_hash)


def test_a_wrong_pin_reshows_the_form_with_the_message_next_to_the_pin(kiosk_client, worker_pin):
    response = sign_in(kiosk_client, pin="9999")

    assert response.status_code == 200
    assert errors(response) == {"pin": [WRONG]}
    assert 'id="id_pin_1_error"' in response.content.decode()
    assert not is_signed_in(kiosk_client)


def test_a_mistyped_prison_number_is_shown_next_to_it_and_costs_no_try(kiosk_client, worker_pin):
    response = sign_in(kiosk_client, number="12345")

    assert list(errors(response)) == ["prison_number"]
    assert "A1234BC" in errors(response)["prison_number"][0]
    assert KioskCredential.objects.get().failed_attempts == 0


def test_an_unknown_prison_number_gets_the_same_answer_as_a_wrong_pin(kiosk_client, worker_pin):
    assert errors(sign_in(kiosk_client, number="B2222CC")) == {"pin": [WRONG]}


def test_five_wrong_pins_lock_it_and_then_even_the_right_pin_is_refused(kiosk_client, worker_pin):
    for _ in range(4):
        assert errors(sign_in(kiosk_client, pin="9999")) == {"pin": [WRONG]}
    assert errors(sign_in(kiosk_client, pin="9999")) == {"pin": [LOCKED]}

    assert errors(sign_in(kiosk_client)) == {"pin": [LOCKED]}
    assert not is_signed_in(kiosk_client)


def test_the_right_pin_on_the_last_try_still_signs_in_and_clears_the_count(kiosk_client, worker_pin):
    for _ in range(4):
        sign_in(kiosk_client, pin="9999")
    assert sign_in(kiosk_client).status_code == 302
    credential = KioskCredential.objects.get()
    assert (credential.failed_attempts, credential.locked_until) == (0, None)


def test_the_lock_lifts_after_15_minutes_and_counting_starts_again(kiosk_client, worker_pin, clock):
    for _ in range(5):
        sign_in(kiosk_client, pin="9999")
    clock.shift(timedelta(minutes=14))
    assert errors(sign_in(kiosk_client)) == {"pin": [LOCKED]}

    clock.shift(timedelta(minutes=2))
    assert errors(sign_in(kiosk_client, pin="9999")) == {"pin": [WRONG]}
    assert KioskCredential.objects.get().failed_attempts == 1
    assert sign_in(kiosk_client).status_code == 302


def test_a_pin_reset_by_staff_unlocks_it(
    kiosk_client, worker, worker_pin, establishment, coordinator, active_contract
):
    for _ in range(5):
        sign_in(kiosk_client, pin="9999")

    pin_set(worker=worker, establishment=establishment, pin="4827", actor=coordinator)

    assert errors(sign_in(kiosk_client, pin=KIOSK_PIN)) == {"pin": [WRONG]}
    assert sign_in(kiosk_client, pin="4827").status_code == 302


def test_attempts_are_claimed_before_the_pin_is_checked_so_parallel_guesses_stop_at_the_limit(worker_pin):
    """Five claims use up the allowance whatever the PINs were: a sixth, in parallel, gets no check."""
    credential = KioskCredential.objects.get()
    now = credential.pin_set_at
    assert all(_claim_attempt(credential, now) for _ in range(5))
    assert not _claim_attempt(credential, now)
    assert KioskCredential.objects.get().locked_until == now + timedelta(minutes=15)


def test_a_peer_worker_from_another_prison_cannot_sign_in_here(
    kiosk_client, other_worker, other_establishment, outsider
):
    pin_set(worker=other_worker, establishment=other_establishment, pin=KIOSK_PIN, actor=outsider)
    assert errors(sign_in(kiosk_client, number=other_worker.prison_number)) == {"pin": [WRONG]}


def test_a_released_peer_worker_cannot_sign_in(kiosk_client, worker, worker_pin, manager):
    peer_worker_leave_custody(worker=worker, status=PeerWorker.CustodyStatus.RELEASED, actor=manager)
    assert errors(sign_in(kiosk_client)) == {"pin": [WRONG]}


def test_after_a_transfer_the_old_prisons_pin_does_not_work_at_the_new_one(
    client, settings, worker, worker_pin, other_establishment, outsider, manager
):
    peer_worker_transfer(worker=worker, to=other_establishment, actor=manager)
    _, token = device_enrol(
        establishment=other_establishment,
        location=LocationFactory(establishment=other_establishment, name="B wing"),
        name="B wing kiosk",
        actor=outsider,
    )
    client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = token

    assert errors(sign_in(client)) == {"pin": [WRONG]}
    pin_set(worker=worker, establishment=other_establishment, pin="4827", actor=outsider)
    assert sign_in(client, pin="4827").status_code == 302


@pytest.mark.parametrize(("pin", "renewed"), [(KIOSK_PIN, True), ("9999", False)], ids=["right", "wrong"])
def test_signing_in_renews_the_device_enrolment_only_when_it_succeeds(
    kiosk_client, worker_pin, settings, pin, renewed
):
    response = sign_in(kiosk_client, pin=pin)
    assert (settings.KIOSK_DEVICE_COOKIE_NAME in response.cookies) == renewed
    if renewed:
        assert response.cookies[settings.KIOSK_DEVICE_COOKIE_NAME]["max-age"] == 400 * 24 * 60 * 60
