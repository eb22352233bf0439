"""What keeps the kiosk and the staff pages apart, ends idle kiosk sessions, and stops caching."""

from datetime import timedelta

import pytest
from django.urls import reverse

from kiosk.services.devices import device_enrol, device_revoke
from tests.factories import LocationFactory

REFUSED = "This page does not open on the kiosk"
NOT_SET_UP = "This screen is not set up as a kiosk"
IDLE = "You were signed out because the screen was not touched for a minute."

STAFF_PAGES = [
    ("home", []),
    ("login", []),
    ("accounts:settings", []),
    ("schemes:worker_list", []),
    ("flags:flag_list", []),
    ("kiosk:device_list", []),
    ("kiosk:device_enrol", []),
    ("kiosk:pin_list", []),
    ("admin:index", []),
]
KIOSK_PAGES = [
    "kiosk:start",
    "kiosk:wing",
    "kiosk:sign_in",
    "kiosk:menu",
    "kiosk:my_role",
    "kiosk:my_contract",
    "kiosk:my_shifts",
    "kiosk:my_meetings",
    "kiosk:report_list",
    "kiosk:report_create",
]
PEER_WORKER_PAGES = KIOSK_PAGES[3:]


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_an_enrolled_kiosk_refuses_every_staff_page(kiosk_client, name, args):
    response = kiosk_client.get(reverse(name, args=args))
    assert response.status_code == 403
    assert REFUSED in response.content.decode()


@pytest.mark.parametrize(("name", "args"), STAFF_PAGES)
def test_a_signed_in_peer_worker_is_refused_every_staff_page(kiosk_signed_in, name, args):
    response = kiosk_signed_in.get(reverse(name, args=args))
    assert response.status_code == 403
    assert REFUSED in response.content.decode()


def test_another_prisoners_record_is_refused_from_a_kiosk_session(
    kiosk_signed_in, other_worker, establishment
):
    from tests.factories import PeerWorkerFactory

    neighbour = PeerWorkerFactory(establishment=establishment, last_name="Neighbour")
    for worker in (neighbour, other_worker):
        for name in ("schemes:worker_detail", "schemes:worker_record", "kiosk:pin_set"):
            response = kiosk_signed_in.get(reverse(name, args=[worker.pk]))
            assert response.status_code == 403
            assert worker.last_name not in response.content.decode()


def test_a_staff_sign_in_posted_from_the_kiosk_is_refused_and_signs_no_one_in(kiosk_client, manager):
    from tests.factories import PASSWORD

    response = kiosk_client.post(reverse("login"), {"username": "manager", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in kiosk_client.session


@pytest.mark.parametrize("name", PEER_WORKER_PAGES)
def test_a_staff_session_is_not_a_kiosk_session(client_for, manager, name):
    response = client_for(manager).get(reverse(name))
    assert response.status_code == 403
    assert NOT_SET_UP in response.content.decode()


def test_a_member_of_staff_left_signed_in_on_the_kiosk_is_signed_out(client_for, manager, kiosk, settings):
    client = client_for(manager)
    client.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = kiosk.token

    response = client.get(reverse("kiosk:start"))

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 403


@pytest.mark.parametrize("name", KIOSK_PAGES)
def test_kiosk_pages_need_an_enrolled_device(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert NOT_SET_UP in response.content.decode()


def test_a_revoked_kiosk_stops_at_once_signs_out_and_forgets_its_cookie(
    kiosk_signed_in, kiosk, manager, settings
):
    device_revoke(device=kiosk.device, actor=manager)

    response = kiosk_signed_in.get(reverse("kiosk:my_role"))

    assert response.status_code == 403
    assert NOT_SET_UP in response.content.decode()
    assert response.cookies[settings.KIOSK_DEVICE_COOKIE_NAME].value == ""
    assert "kiosk_worker_id" not in kiosk_signed_in.session


def test_a_kiosk_session_taken_to_another_kiosk_ends(kiosk_signed_in, establishment, manager, settings):
    _, token = device_enrol(
        establishment=establishment,
        location=LocationFactory(establishment=establishment, name="B wing"),
        name="B wing kiosk",
        actor=manager,
    )
    kiosk_signed_in.cookies[settings.KIOSK_DEVICE_COOKIE_NAME] = token

    response = kiosk_signed_in.get(reverse("kiosk:my_role"))
    assert response.status_code == 302
    assert response["Location"] == reverse("kiosk:sign_in")


@pytest.mark.parametrize("name", KIOSK_PAGES + ["kiosk:finish"])
def test_every_kiosk_response_is_never_cached(kiosk_signed_in, active_contract, name):
    response = kiosk_signed_in.get(reverse(name))
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private", "no-cache"} <= cache_control


@pytest.mark.parametrize(
    "url",
    ["/kiosk/nowhere/", "/kiosk/me/outside-my-role/999/", "/", "/workers/"],
    ids=["404", "404-report", "403", "403-staff"],
)
def test_refusals_on_the_kiosk_are_never_cached_either(kiosk_signed_in, url):
    response = kiosk_signed_in.get(url)
    assert response.status_code in (403, 404)
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_request_within_a_minute_keeps_the_peer_worker_signed_in(kiosk_signed_in, clock):
    for _ in range(3):
        clock.shift(timedelta(seconds=59))
        assert kiosk_signed_in.get(reverse("kiosk:my_role")).status_code == 200


def test_a_request_more_than_a_minute_after_the_last_finds_them_signed_out(
    kiosk_signed_in, active_contract, clock
):
    clock.shift(timedelta(seconds=61))

    response = kiosk_signed_in.get(reverse("kiosk:my_role"), follow=True)

    assert response.redirect_chain == [(reverse("kiosk:sign_in"), 302)]
    page = response.content.decode()
    assert IDLE in page
    assert "Ryan" not in page
    assert "Listen without judging" not in page
    assert "kiosk_worker_id" not in kiosk_signed_in.session


def test_finish_signs_out_and_nothing_personal_can_be_reached_afterwards(kiosk_signed_in, active_contract):
    response = kiosk_signed_in.post(reverse("kiosk:finish"), follow=True)

    assert response.redirect_chain == [(reverse("kiosk:start"), 302)]
    assert "You have finished. Nothing about you is left on the screen." in response.content.decode()
    for name in PEER_WORKER_PAGES:
        after = kiosk_signed_in.get(reverse(name))
        assert after.status_code == 302
        assert after["Location"] == reverse("kiosk:sign_in")


def test_the_idle_timer_in_the_page_signs_out_with_its_own_message(kiosk_signed_in):
    response = kiosk_signed_in.post(reverse("kiosk:finish"), {"reason": "idle"}, follow=True)
    assert IDLE in response.content.decode()
    assert kiosk_signed_in.get(reverse("kiosk:menu")).status_code == 302


def test_finish_must_be_posted(kiosk_signed_in):
    assert kiosk_signed_in.get(reverse("kiosk:finish")).status_code == 405
    assert kiosk_signed_in.get(reverse("kiosk:menu")).status_code == 200


def test_a_peer_worker_released_while_signed_in_sees_nothing_more(kiosk_signed_in, worker, manager):
    from schemes.models import PeerWorker
    from schemes.services.people import peer_worker_leave_custody

    peer_worker_leave_custody(worker=worker, status=PeerWorker.CustodyStatus.RELEASED, actor=manager)

    response = kiosk_signed_in.get(reverse("kiosk:menu"))
    assert response["Location"] == reverse("kiosk:sign_in")
    assert "kiosk_worker_id" not in kiosk_signed_in.session
