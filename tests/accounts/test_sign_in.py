from datetime import timedelta

import time_machine
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

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


def _expires(client):
    return Session.objects.get(session_key=client.session.session_key).expire_date


def test_a_session_in_use_stays_signed_in_and_is_written_at_most_once_a_minute(client_for, manager):
    client = client_for(manager)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        first = _expires(client)  # signing in wrote it
        client.get(reverse("home"))
        clock.shift(timedelta(seconds=30))
        client.get(reverse("home"))
        assert _expires(client) == first  # half a minute of pages: not written again

        # Using it for 40 minutes, a page every 10, keeps it signed in well past the 30-minute limit.
        for _ in range(4):
            clock.shift(timedelta(minutes=10))
            assert client.get(reverse("home")).status_code == 200
        assert _expires(client) > first + timedelta(minutes=30)


def test_a_session_left_idle_for_the_limit_signs_out(client_for, manager, settings):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    client = client_for(manager)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(reverse("home"))
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=30, seconds=1))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_signing_out_is_not_undone_by_the_session_write(client_for, manager):
    client = client_for(manager)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        client.get(reverse("home"))
        clock.shift(timedelta(minutes=5))
        client.post(reverse("logout"))
    assert not Session.objects.filter(expire_date__gt=timezone.now()).exists()
    assert client.get(reverse("home")).status_code == 302
