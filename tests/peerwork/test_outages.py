"""Redis taken away from a running peerwork: saved changes answer normally, /healthz names the
broken part, and once Redis is back the scheduled runs catch up through a real worker.

The web server (gunicorn) and the worker run in processes of their own, configured as in
production with `REDIS_URL`, against a Redis server this test starts and stops itself. They
share the test's database (committed data: `transactional_db`) and its clock.
"""

import http.cookiejar
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from datetime import time as clock
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag
from rota.models import Assignment
from rota.services import assignments, setup
from schemes.models import SupervisionMeeting
from schemes.services.meetings import meeting_schedule
from tests.rota.conftest import make_listener

ROOT = Path(__file__).resolve().parents[2]
ANSWER_WITHIN = 3.0  # seconds, for a page whose change is saved while Redis is away
HEALTH_WITHIN = 2.5  # /healthz promises 2 s; the margin is the HTTP round trip on a busy CI box


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"{what} did not happen within {timeout} s")


def answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


class RedisServer:
    """A Redis of the test's own on a free port, which it can stop and start again."""

    def __init__(self, executable: str):
        self.executable = executable
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: answers(self.port), 10, "Redis starting")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        wait_until(lambda: not answers(self.port), 10, "Redis stopping")


@pytest.fixture
def redis_server():
    executable = shutil.which("redis-server") or "/usr/bin/redis-server"
    if not os.access(executable, os.X_OK):
        if os.environ.get("CI"):
            pytest.fail("CI needs redis-server for the outage tests")
        pytest.skip("redis-server is not installed on this machine")
    server = RedisServer(executable)
    server.start()
    yield server
    server.stop()


def program_env(redis: RedisServer) -> dict:
    """Production-like settings for the server and the worker, pointed at the test's database."""
    database = connection.settings_dict
    if database["ENGINE"].endswith("sqlite3"):
        database_url = f"sqlite:///{database['NAME']}"
    else:
        host = database["HOST"] or "127.0.0.1"
        user = database["USER"] or "postgres"
        database_url = f"postgres://{user}@{host}:{database['PORT'] or 5432}/{database['NAME']}"
    env = dict(os.environ)
    env.update(
        DATABASE_URL=database_url,
        REDIS_URL=redis.url,
        CACHE_URL="",
        CELERY_BROKER_URL="",
        CELERY_RESULT_BACKEND="",
        DEBUG="false",
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        STATICFILES_BACKEND="django.contrib.staticfiles.storage.StaticFilesStorage",
        PYTHONPATH=str(ROOT),
    )
    for unset in ("CELERY_BROKER_URL", "CELERY_RESULT_BACKEND"):
        env.pop(unset)
    return env


def clocked(module: str, *arguments: str) -> list[str]:
    """The command that runs `module` on the test's clock (which may run ahead of the real one)."""
    return [sys.executable, "-m", "tests.peerwork.clocked", timezone.now().isoformat(), module, *arguments]


@pytest.fixture
def web(redis_server, transactional_db, tmp_path):
    """gunicorn serving peerwork on a free port; its log is kept for the test to read."""
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with open(log, "w") as output:
        process = subprocess.Popen(
            clocked(
                "gunicorn",
                "peerwork.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--timeout",
                "60",
            ),
            cwd=ROOT,
            env=program_env(redis_server),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until(lambda: answers(port) or process.poll() is not None, 60, "gunicorn starting")
        assert process.poll() is None, log.read_text()
        yield Browser(f"http://127.0.0.1:{port}", log)
    finally:
        process.terminate()
        process.wait(timeout=30)


class Browser:
    """Just enough of a browser: cookies, the CSRF token, timed requests."""

    def __init__(self, base: str, log: Path):
        self.base = base
        self.log = log
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def sign_in_as(self, user):
        client = Client()
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        self.cookies.set_cookie(cookie(settings.SESSION_COOKIE_NAME, session))

    def request(self, path: str, data: dict | None = None):
        """(status, body, seconds taken)."""
        body = None
        if data is not None:
            token = next(c.value for c in self.cookies if c.name == settings.CSRF_COOKIE_NAME)
            body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, **data}).encode()
        started = time.monotonic()
        try:
            with self.opener.open(self.base + path, data=body, timeout=30) as response:
                status, content = response.status, response.read()
        except urllib.error.HTTPError as error:
            status, content = error.code, error.read()
        return status, content.decode(), time.monotonic() - started


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def cookie(name: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        0, name, value, None, False, "127.0.0.1", False, False, "/", True, False, None, False, None, None, {}
    )


def run_by_hand(redis: RedisServer, task: str):
    """What beat does on the hour: `celery call <task>` (README, "Background jobs")."""
    subprocess.run(
        clocked("celery", "--app", "peerwork", "call", task),
        cwd=ROOT,
        env=program_env(redis),
        check=True,
        capture_output=True,
        timeout=60,
    )


@pytest.fixture
def scheduled_meeting(listeners, coordinator):
    starts_at = timezone.make_aware(datetime.combine(timezone.localdate() + timedelta(days=2), clock(14)))
    return meeting_schedule(
        scheme=listeners, starts_at=starts_at, place="Chapel", lead=coordinator, actor=coordinator
    )


@pytest.fixture
def tomorrows_night(establishment, listeners, coordinator, system_admin, wing):
    """Amir on tomorrow night's shift at A wing, which needs one Listener."""
    rota = setup.rota_setup(
        establishment=establishment,
        actor=system_admin,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    night = setup.shift_type_add(
        rota=rota, actor=system_admin, name="Night", starts=clock(21), ends=clock(7), is_night=True, order=1
    )
    a_wing = setup.cover_point_add(rota=rota, actor=system_admin, name="A wing", locations=[wing], order=1)
    setup.cover_needs_set(rota=rota, actor=system_admin, needs={(a_wing, night): 1})
    amir = make_listener(listeners, coordinator, first_name="Amir", last_name="Khan")
    return assignments.assignment_add(
        rota=rota,
        day=timezone.localdate() + timedelta(days=1),
        shift_type=night,
        cover_point=a_wing,
        contract=amir,
        actor=coordinator,
    )


@pytest.mark.worker
def test_with_redis_stopped_changes_answer_at_once_and_the_next_runs_catch_up(
    web, redis_server, coordinator, scheduled_meeting, tomorrows_night
):
    web.sign_in_as(coordinator)
    meeting_page = reverse("schemes:meeting_cancel", args=[scheduled_meeting.pk])
    shift_page = reverse("rota:assignment_remove", args=[tomorrows_night.pk])
    assert web.request(meeting_page)[0] == 200  # and the CSRF cookie is set

    redis_server.stop()

    status, _, took = web.request(meeting_page, {"reason": "The lead was redeployed"})
    assert status == 302 and took < ANSWER_WITHIN, (status, took)
    status, _, took = web.request(shift_page, {"reason": "Moved to B wing"})
    assert status == 302 and took < ANSWER_WITHIN, (status, took)

    scheduled_meeting.refresh_from_db()
    tomorrows_night.refresh_from_db()
    assert scheduled_meeting.status == SupervisionMeeting.Status.CANCELLED
    assert tomorrows_night.status == Assignment.Status.REMOVED
    log = web.log.read_text()
    assert "Could not queue schemes.flags_recheck" in log
    assert "Could not queue rota.rota_gaps" in log
    assert "Internal Server Error" not in log

    status, body, took = web.request(reverse("healthz"))
    health = json.loads(body)
    assert status == 503 and took < HEALTH_WITHIN, (status, took)
    assert health["database"]["ok"] is True
    assert health["broker"]["ok"] is False
    assert health["cache"]["ok"] is False
    assert health["worker"]["ok"] is False
    assert not Flag.objects.filter(kind__in=[Flag.Kind.MEETINGS_CANCELLED, Flag.Kind.ROTA_GAP]).exists()

    redis_server.start()
    worker = subprocess.Popen(
        clocked("celery", "--app", "peerwork", "worker", "--pool", "solo", "--loglevel", "WARNING"),
        cwd=ROOT,
        env=program_env(redis_server),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        run_by_hand(redis_server, "schemes.oversight_sweep")
        run_by_hand(redis_server, "rota.rota_gaps")
        run_by_hand(redis_server, "peerwork.heartbeat")
        wait_until(
            lambda: (
                Flag.objects.filter(resolved_at=None, kind=Flag.Kind.MEETINGS_CANCELLED).exists()
                and Flag.objects.filter(resolved_at=None, kind=Flag.Kind.ROTA_GAP).exists()
            ),
            90,
            "the catch-up runs raising the cancelled-meeting and rota-gap flags",
        )
        status, body, _ = web.request(reverse("healthz"))
        assert status == 200, body
    finally:
        worker.terminate()
        worker.wait(timeout=30)


def test_healthz_answers_503_json_in_time_when_redis_stops(web, redis_server):
    status, body, _ = web.request(reverse("healthz"))
    assert json.loads(body)["broker"]["ok"] is True

    redis_server.stop()

    status, body, took = web.request(reverse("healthz"))
    health = json.loads(body)
    assert status == 503 and took < HEALTH_WITHIN, (status, took)
    assert {part for part in ("database", "broker", "cache") if health[part]["ok"]} == {"database"}
    assert health["status"] == "unhealthy"
