import pytest
from django.urls import reverse

from tests.factories import PASSWORD


def _sign_in(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_it_redirects_anonymous_visitors_to_sign_in(client, db):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_it_signs_in_with_the_right_password(client, manager):
    response = _sign_in(client, "manager", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == manager


def test_a_wrong_password_reshows_the_form_with_the_username(client, manager):
    response = _sign_in(client, "manager", "wrong")
    assert response.status_code == 200
    assert 'value="manager"' in response.content.decode()
    assert "Please enter a correct username and password" in response.content.decode()


def test_it_locks_the_account_after_five_failures(client, manager, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for _ in range(4):
        assert _sign_in(client, "manager", "wrong").status_code == 200
    locked = _sign_in(client, "manager", "wrong")
    assert locked.status_code == 429
    assert "Your account is locked for now" in locked.content.decode()

    # Even the right password is refused while the lock holds.
    after = _sign_in(client, "manager", PASSWORD)
    assert after.status_code == 429
    assert not client.session.get("_auth_user_id")


def test_lockout_of_one_user_does_not_lock_a_colleague_on_the_same_pc(client, manager, wing_officer):
    for _ in range(5):
        _sign_in(client, "manager", "wrong")
    response = _sign_in(client, "wingofficer", PASSWORD)
    assert response.status_code == 302


def test_sign_out_ends_the_session(client_for, manager):
    client = client_for(manager)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.parametrize("setting", ["SESSION_SAVE_EVERY_REQUEST", "SESSION_EXPIRE_AT_BROWSER_CLOSE"])
def test_sessions_expire_when_idle(settings, setting):
    assert getattr(settings, setting) is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60
