"""Sign-in under hostile input, and the client address behind a proxy (README, "Reliability")."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def _sign_in(client, username, password, **headers):
    return client.post(reverse("login"), {"username": username, "password": password}, **headers)


@pytest.mark.parametrize("username", ["m" * 256, "m" * 100_000, "manager\x00", "manager\u202e"])
def test_a_hostile_username_is_a_failed_sign_in_not_an_error(client, manager, username):
    response = _sign_in(client, username, "wrong")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_a_username_of_nothing_but_a_nul_byte_is_an_empty_one(client, manager):
    response = _sign_in(client, "\x00", "wrong")
    assert response.status_code == 200
    assert "Enter your username" in response.content.decode()


def test_nul_bytes_are_taken_out_at_the_edge(client, manager):
    response = _sign_in(client, "mana\x00ger", PASSWORD)
    assert response.status_code == 302


@pytest.fixture
def behind_a_proxy(settings):
    """What README tells a deployment behind a TLS proxy to set."""
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_REAL_IP", "REMOTE_ADDR"]


def test_behind_a_proxy_a_lockout_holds_for_the_address_that_made_it(client, manager, behind_a_proxy):
    for _ in range(5):
        _sign_in(client, "manager", "wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="10.20.1.7")
    assert (
        _sign_in(client, "manager", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="10.20.1.7").status_code
        == 429
    )

    # The same proxy, the manager's own PC: not locked out by someone else's guesses.
    elsewhere = _sign_in(client, "manager", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="10.20.4.31")
    assert elsewhere.status_code == 302


def test_without_the_setting_everyone_behind_one_proxy_shares_its_address(client, manager):
    for _ in range(5):
        _sign_in(client, "manager", "wrong", REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="10.20.1.7")
    assert (
        _sign_in(client, "manager", PASSWORD, REMOTE_ADDR="10.0.0.2", HTTP_X_REAL_IP="10.20.4.31").status_code
        == 429
    )
