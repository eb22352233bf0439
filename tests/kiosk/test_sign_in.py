"""Signing in on the kiosk with a prison number and PIN; the limits on wrong tries (a PIN locks after
five in a row on any kiosks, a kiosk pauses after four in a row on it), and one plain answer to
every refusal that tells nobody which prison numbers have a PIN or whose PIN is locked."""

from datetime import timedelta

import pytest
from django.contrib.auth.hashers import check_password
from django.core.checks import run_checks
from django.test import Client
from django.urls import reverse

from kiosk.models import KioskCredential, KioskDevice
from kiosk.services.devices import device_enrol
from kiosk.services.pins import pin_set
from kiosk.services.sign_in import _claim_attempt
from schemes.models import PeerWorker
from schemes.services.people import peer_worker_leave_custody, peer_worker_transfer
from tests.conftest import KIOSK_PIN
from tests.factories import LocationFactory, PeerWorkerFactory

NOT_SIGNED_IN = (
    "That prison number and PIN did not work. Check them and try again. If you are sure they are right, "
    "wait 15 minutes and try again, or ask your scheme lead."
)
WRONG = LOCKED = NOT_SIGNED_IN  # the same words: nobody can tell a locked PIN from a wrong one


def kiosk_paused(minutes: int) -> str:
    return (
        "This kiosk has stopped signing people in for a short while, after too many wrong tries. "
        f"Try again in {minutes} minutes, or ask an officer."
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


def test_five_wrong_pins_on_two_kiosks_lock_it_and_then_even_the_right_pin_is_refused(
    kiosk_client, worker_pin, kiosk_on
):
    b_wing = kiosk_on("B wing")
    for _ in range(3):
        assert errors(sign_in(kiosk_client, pin="9999")) == {"pin": [WRONG]}
    for _ in range(2):
        assert errors(sign_in(b_wing, pin="9999")) == {"pin": [WRONG]}

    assert errors(sign_in(kiosk_on("C wing"))) == {"pin": [LOCKED]}
    assert KioskCredential.objects.get().locked_until is not None
    assert not is_signed_in(kiosk_client)


def test_the_right_pin_on_the_last_try_still_signs_in_and_clears_the_count(
    kiosk_client, worker_pin, kiosk_on
):
    b_wing = kiosk_on("B wing")
    for client in (kiosk_client, kiosk_client, b_wing, b_wing):
        sign_in(client, pin="9999")
    assert sign_in(b_wing).status_code == 302
    credential = KioskCredential.objects.get()
    assert (credential.failed_attempts, credential.last_failed_at, credential.locked_until) == (0, None, None)


def test_the_lock_lifts_after_15_minutes_and_counting_starts_again(kiosk_client, worker_pin, kiosk_on, clock):
    b_wing = kiosk_on("B wing")
    for client in (kiosk_client, kiosk_client, kiosk_client, b_wing, b_wing):
        sign_in(client, pin="9999")
    clock.shift(timedelta(minutes=14))
    assert errors(sign_in(kiosk_client)) == {"pin": [LOCKED]}

    clock.shift(timedelta(minutes=2))
    assert errors(sign_in(kiosk_client, pin="9999")) == {"pin": [WRONG]}
    assert KioskCredential.objects.get().failed_attempts == 1
    assert sign_in(kiosk_client).status_code == 302


def test_wrong_pins_more_than_10_minutes_apart_start_the_count_again(
    kiosk_client, worker_pin, kiosk_on, clock
):
    b_wing = kiosk_on("B wing")
    for client in (kiosk_client, kiosk_client, b_wing, b_wing):
        sign_in(client, pin="9999")
    clock.shift(timedelta(minutes=10))

    assert errors(sign_in(b_wing, pin="9999")) == {"pin": [WRONG]}
    assert KioskCredential.objects.get().failed_attempts == 1
    assert sign_in(b_wing).status_code == 302


def test_a_pin_reset_by_staff_unlocks_it(
    kiosk_client, kiosk_on, worker, worker_pin, establishment, coordinator, active_contract
):
    b_wing = kiosk_on("B wing")
    for client in (kiosk_client, kiosk_client, kiosk_client, b_wing, b_wing):
        sign_in(client, pin="9999")

    pin_set(worker=worker, establishment=establishment, pin="4827", actor=coordinator)

    assert errors(sign_in(b_wing, pin=KIOSK_PIN)) == {"pin": [WRONG]}
    assert sign_in(b_wing, pin="4827").status_code == 302


def test_attempts_are_claimed_before_the_pin_is_checked_so_parallel_guesses_stop_at_the_limit(worker_pin):
    """Five claims use up the allowance whatever the PINs were: a sixth, in parallel, gets no check."""
    credential = KioskCredential.objects.get()
    now = credential.pin_set_at
    assert all(_claim_attempt(credential, now) for _ in range(5))
    assert not _claim_attempt(credential, now)
    assert KioskCredential.objects.get().locked_until == now + timedelta(minutes=15)


# --- One answer to every refusal ---------------------------------------------------------------


def test_no_pin_a_wrong_pin_and_a_locked_pin_get_the_same_answer(
    kiosk_client, kiosk_on, worker, worker_pin, establishment
):
    """Someone trying prison numbers learns nothing: not who has a PIN, nor whose is locked."""
    PeerWorkerFactory(establishment=establishment, prison_number="B2222CC")  # in custody, no PIN
    b_wing = kiosk_on("B wing")
    for client in (kiosk_client, kiosk_client, b_wing, b_wing, b_wing):
        sign_in(client, pin="9999")
    assert KioskCredential.objects.get().locked_until is not None

    c_wing = kiosk_on("C wing")
    no_pin = sign_in(c_wing, number="B2222CC", pin="9999")
    nobody = sign_in(c_wing, number="C3333DD", pin="9999")
    locked = sign_in(c_wing, number=worker.prison_number, pin="9999")

    assert errors(no_pin) == errors(nobody) == errors(locked) == {"pin": [NOT_SIGNED_IN]}
    page = locked.content.decode()
    assert "locked" not in page.lower()
    assert "wait 15 minutes and try again, or ask your scheme lead" in page


# --- A kiosk's own limit ---------------------------------------------------------------------


def test_four_wrong_tries_on_one_kiosk_pause_its_sign_in_for_10_minutes(
    kiosk_client, kiosk_on, worker, worker_pin, establishment, manager, clock
):
    neighbour = PeerWorkerFactory(establishment=establishment, prison_number="B2222CC")
    pin_set(worker=neighbour, establishment=establishment, pin="4827", actor=manager)
    for number in ("A1234BC", "B2222CC", "C3333DD"):
        assert errors(sign_in(kiosk_client, number=number, pin="1357")) == {"pin": [NOT_SIGNED_IN]}

    fourth = sign_in(kiosk_client, number="D4444EE", pin="1357")
    assert errors(fourth) == {"__all__": [kiosk_paused(10)]}

    # Even the right PIN waits, and the wait does not count against anyone.
    clock.shift(timedelta(minutes=3))
    assert errors(sign_in(kiosk_client)) == {"__all__": [kiosk_paused(7)]}
    assert [(c.failed_attempts, c.locked_until) for c in KioskCredential.objects.order_by("pk")] == [
        (1, None),
        (1, None),
    ]
    # Another kiosk is not paused, and after 10 minutes this one signs people in again.
    assert sign_in(kiosk_on("B wing"), number="B2222CC", pin="4827").status_code == 302
    clock.shift(timedelta(minutes=7))
    assert sign_in(kiosk_client).status_code == 302


def test_someone_at_one_kiosk_cannot_lock_a_peer_worker_out(kiosk_client, worker, worker_pin, clock):
    """Four wrong tries pause the kiosk before the fifth could lock the PIN, and the pause lasts
    until the PIN's count starts again: however long they keep at it, the PIN still works."""
    for _ in range(5):
        for _ in range(4):
            sign_in(kiosk_client, pin="9999")
        credential = KioskCredential.objects.get()
        assert credential.locked_until is None
        assert credential.failed_attempts <= 4
        clock.shift(timedelta(minutes=10))

    assert sign_in(kiosk_client).status_code == 302


def test_wrong_tries_on_a_kiosk_more_than_10_minutes_apart_do_not_pause_it(kiosk_client, worker_pin, clock):
    for _ in range(8):
        assert errors(sign_in(kiosk_client, pin="9999")) == {"pin": [NOT_SIGNED_IN]}
        clock.shift(timedelta(minutes=10))
    assert KioskDevice.objects.get().failed_sign_ins == 1
    assert sign_in(kiosk_client).status_code == 302


def test_signing_in_does_not_clear_the_kiosks_count(kiosk_client, worker_pin, establishment, manager):
    """Otherwise someone could type three wrong, sign in as themselves, and go on."""
    for _ in range(3):
        sign_in(kiosk_client, number="C3333DD", pin="1357")
    assert sign_in(kiosk_client).status_code == 302
    kiosk_client.post(reverse("kiosk:finish"))

    assert errors(sign_in(kiosk_client, number="C3333DD", pin="1357")) == {"__all__": [kiosk_paused(10)]}


def test_staff_see_that_a_kiosk_is_paused_and_until_when(kiosk_client, kiosk, worker_pin, manager):
    for _ in range(4):
        sign_in(kiosk_client, pin="9999")
    office = Client()
    office.force_login(manager, backend="django.contrib.auth.backends.ModelBackend")

    assert "Sign-in paused until 10:10" in office.get(reverse("kiosk:device_list")).content.decode()
    detail = office.get(reverse("kiosk:device_detail", args=[kiosk.device.pk])).content.decode()
    assert "Sign-in is paused until 10:10, after 4 wrong tries in a row; it starts again by itself." in detail


def test_a_warning_if_the_settings_would_let_one_kiosk_lock_a_pin(settings):
    assert not [message for message in run_checks() if message.id == "kiosk.W001"]
    settings.KIOSK_DEVICE_FAILURE_LIMIT = 5
    assert [message.id for message in run_checks() if message.id == "kiosk.W001"] == ["kiosk.W001"]


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
