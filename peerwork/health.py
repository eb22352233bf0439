"""/healthz: are the database, the broker and the cache reachable, has a worker answered?

Each part is asked in its own thread and the page answers within `HEALTH_DEADLINE_SECONDS`
whatever hangs: a part that has not answered by then is reported as down. The page never
answers 500; it names the broken part with 503.
"""

from concurrent.futures import ThreadPoolExecutor, wait

from celery import shared_task
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.cache import never_cache

from peerwork.celery import app

HEARTBEAT_KEY = "peerwork:worker-heartbeat"
PROBE_KEY = "peerwork:health-probe"
HEALTH_DEADLINE_SECONDS = 1.8


@shared_task(name="peerwork.heartbeat", ignore_result=False)
def heartbeat() -> str:
    """Run by a worker: records that a worker took a task off the broker just now."""
    beat_at = timezone.now().isoformat()
    cache.set(HEARTBEAT_KEY, beat_at, timeout=None)
    return beat_at


def database_status() -> dict[str, object]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not reachable"; report it
        return {"ok": False, "error": str(error)}
    finally:
        if not connection.in_atomic_block:
            connection.close()  # healthz asks from a thread of its own: leave no connection open
    return {"ok": True, "vendor": connection.vendor}


def broker_status() -> dict[str, object]:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
            transport = conn.transport_cls
    except Exception as error:
        return {"ok": False, "error": str(error)}
    return {"ok": True, "transport": str(transport)}


def cache_status() -> dict[str, object]:
    try:
        cache.set(PROBE_KEY, "ok", timeout=60)
        answered = cache.get(PROBE_KEY) == "ok"
    except Exception as error:
        return {"ok": False, "error": str(error)}
    return {"ok": answered, "backend": type(cache).__name__}


def worker_status() -> dict[str, object]:
    try:
        raw = cache.get(HEARTBEAT_KEY)
    except Exception as error:  # the heartbeat is kept in the cache
        return {"ok": False, "last_seen": None, "error": f"cache unreachable: {error}"}
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
def healthz(request: HttpRequest) -> JsonResponse:
    checks = {
        "database": database_status,
        "broker": broker_status,
        "cache": cache_status,
        "worker": worker_status,
    }
    pool = ThreadPoolExecutor(max_workers=len(checks), thread_name_prefix="healthz")
    futures = {part: pool.submit(check) for part, check in checks.items()}
    wait(futures.values(), timeout=HEALTH_DEADLINE_SECONDS)
    pool.shutdown(wait=False, cancel_futures=True)  # a hung check must not hold the page
    report: dict[str, dict[str, object]] = {}
    for part, future in futures.items():
        if not future.done():
            report[part] = {"ok": False, "error": f"no answer within {HEALTH_DEADLINE_SECONDS} s"}
        elif future.exception() is not None:
            report[part] = {"ok": False, "error": str(future.exception())}
        else:
            report[part] = future.result()
    healthy = all(part["ok"] for part in report.values())
    return JsonResponse(
        {**report, "status": "ok" if healthy else "unhealthy"}, status=200 if healthy else 503
    )
