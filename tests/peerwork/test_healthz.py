from django.core.cache import cache
from django.urls import reverse

from peerwork.health import HEARTBEAT_KEY, heartbeat


def test_it_is_unhealthy_until_a_worker_has_answered(client, db):
    cache.delete(HEARTBEAT_KEY)
    response = client.get(reverse("healthz"))
    report = response.json()
    assert response.status_code == 503
    assert report["database"]["ok"] is True
    assert report["broker"]["ok"] is True
    assert report["worker"] == {"ok": False, "last_seen": None}


def test_it_is_healthy_after_a_heartbeat(client, db):
    heartbeat.apply()
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert response.json()["worker"]["ok"] is True


def test_a_stale_heartbeat_counts_as_no_worker(client, db, time_machine):
    time_machine.move_to("2026-11-23 09:00:00+00:00", tick=False)
    heartbeat.apply()
    time_machine.move_to("2026-11-23 09:05:00+00:00", tick=False)
    worker = client.get(reverse("healthz")).json()["worker"]
    assert worker["ok"] is False
    assert worker["seconds_ago"] == 300


def test_an_unreachable_broker_is_reported(client, db, settings):
    from peerwork.celery import app

    original = app.conf.broker_url
    app.conf.broker_url = "redis://127.0.0.1:1/0"
    try:
        report = client.get(reverse("healthz")).json()
    finally:
        app.conf.broker_url = original
    assert report["broker"]["ok"] is False
    assert report["status"] == "unhealthy"


def test_it_needs_no_sign_in(client, db):
    assert client.get(reverse("healthz")).status_code in (200, 503)


def test_an_unreachable_cache_is_reported_not_an_error(client, db, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    response = client.get(reverse("healthz"))
    report = response.json()
    assert response.status_code == 503
    assert report["cache"]["ok"] is False
    assert report["worker"]["ok"] is False and "cache unreachable" in report["worker"]["error"]
    assert report["database"]["ok"] is True


def test_a_part_that_hangs_is_reported_down_within_two_seconds(client, db, monkeypatch):
    import time

    from peerwork import health

    monkeypatch.setattr(health, "broker_status", lambda: time.sleep(5))
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert time.monotonic() - started < 2.5
    assert response.status_code == 503
    assert response.json()["broker"] == {"ok": False, "error": "no answer within 1.8 s"}


def test_a_check_that_raises_is_reported_not_an_error(client, db, monkeypatch):
    from peerwork import health

    def broken():
        raise RuntimeError("the cache client exploded")

    monkeypatch.setattr(health, "cache_status", broken)
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json()["cache"] == {"ok": False, "error": "the cache client exploded"}
