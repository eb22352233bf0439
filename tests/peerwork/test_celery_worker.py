"""A real Celery worker, consuming from the configured broker (Redis in CI)."""

import os

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.cache import cache
from django.urls import reverse

from peerwork.celery import app
from peerwork.health import HEARTBEAT_KEY, heartbeat


@pytest.fixture
def celery_worker(transactional_db):
    import celery.contrib.testing.tasks  # noqa: F401  registers celery.ping for the start-up check

    with start_worker(
        app,
        pool="solo",
        perform_ping_check=True,
        ping_task_timeout=30,
        shutdown_timeout=30,
        loglevel="WARNING",
    ) as worker:
        yield worker


@pytest.mark.worker
def test_a_task_makes_the_round_trip_through_a_real_worker(celery_worker, client):
    cache.delete(HEARTBEAT_KEY)

    result = heartbeat.delay()
    beat_at = result.get(timeout=30)

    assert cache.get(HEARTBEAT_KEY) == beat_at
    health = client.get(reverse("healthz")).json()
    assert health["worker"]["ok"] is True


@pytest.mark.skipif(not os.environ.get("CI"), reason="CI runs the suite against Redis")
def test_ci_uses_redis_as_the_broker():
    assert app.conf.broker_url.startswith("redis://")
