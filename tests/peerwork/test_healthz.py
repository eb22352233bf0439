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
