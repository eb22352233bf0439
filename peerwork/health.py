"""/healthz: is the database reachable, is the broker reachable, has a worker answered?"""

from celery import shared_task
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache

from peerwork.celery import app

HEARTBEAT_KEY = "peerwork:worker-heartbeat"


@shared_task(name="peerwork.heartbeat", ignore_result=False)
def heartbeat() -> str:
    """Run by a worker: records that a worker took a task off the broker just now."""
    beat_at = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, beat_at, timeout=None)
    return beat_at


def database_status() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not reachable"; report it
        return {"ok": False, "error": str(error)}
    return {"ok": True, "vendor": connection.vendor}


def broker_status() -> dict:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as error:
        return {"ok": False, "error": str(error)}
    return {"ok": True, "transport": str(transport)}


def worker_status() -> dict:
    raw = cache.get(HEARTBEAT_KEY)
    last_seen = parse_datetime(raw) if raw else None
    if last_seen is None:
        return {"ok": False, "last_seen": None}
    age = timezone.now() - last_seen
    return {
        "ok": age <= settings.WORKER_HEARTBEAT_MAX_AGE,
        "last_seen": last_seen.isoformat(),
        "seconds_ago": int(age.total_seconds()),
    }


@login_not_required
@never_cache
def healthz(request):
    report = {
        "database": database_status(),
        "broker": broker_status(),
        "worker": worker_status(),
    }
    healthy = all(part["ok"] for part in report.values())
    report["status"] = "ok" if healthy else "unhealthy"
    return JsonResponse(report, status=200 if healthy else 503)
