"""The kiosk under a morning rush: gunicorn, as in production, driven by locust from loopback.

    python manage.py loadtest                              # on DATABASE_URL's PostgreSQL server
    python manage.py loadtest --database-name peerwork_lt_bench --run-time 30s

1. The load-test database (`--database-name`, default peerwork_bench) is used as it is if it exists.
   If not, `bench_build` builds the national estate into it (demo.bench.world; `--scale` and
   `--establishments` are passed on), which takes a few minutes once.
2. In it, `--kiosks` wing kiosks are enrolled and peer workers' PINs set through the kiosk's own
   services (loadtest/rush.py; running again keeps what still works). What locust needs is written
   to var/loadtest-rush.json.
3. gunicorn serves peerwork.wsgi against that database on a free loopback port, with the settings
   docker compose gives it for plain HTTP; once /healthz answers, locust runs headless
   (loadtest/locustfile.py) for `--run-time`, then gunicorn is stopped, also on Ctrl-C or failure.
4. The table per page (loadtest/report.py) is printed; the command exits non-zero when a target is
   missed: any error, kiosk pages under `--kiosk-rps` together, any page's p95 over `--p95-ms`.
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from loadtest.report import Targets, judge, read_rows

# Two cores: a process a core plus one, so a core is never idle while another process waits on
# PostgreSQL; threads in each, because a sign-in spends ~180 ms in PBKDF2 (which releases the GIL)
# and the pages queued behind it in the same process should not wait for it.
GUNICORN_WORKERS = 3
GUNICORN_THREADS = 4
# As docker compose runs `web` on plain HTTP (docker-compose.yml).
PLAIN_HTTP = {
    "DEBUG": "false",
    "SECURE_SSL_REDIRECT": "false",
    "SESSION_COOKIE_SECURE": "false",
    "CSRF_COOKIE_SECURE": "false",
    "ALLOWED_HOSTS": "127.0.0.1,localhost",
}


class Command(BaseCommand):
    help = "Run gunicorn against the load-test database and drive a morning rush on the kiosks with locust."

    def add_arguments(self, parser):
        parser.add_argument("--database-name", default="peerwork_bench", help="The load-test database.")
        parser.add_argument("--scale", help="Passed to bench_build when it makes the database.")
        parser.add_argument(
            "--establishments", type=int, help="Passed to bench_build when it makes the database."
        )
        parser.add_argument("--kiosks", type=int, default=50, help="Wing kiosks in the rush (default 50).")
        parser.add_argument("--pins-per-kiosk", type=int, default=4, help="Peer workers a kiosk signs in.")
        parser.add_argument("--staff", type=int, default=3, help="Staff browsing meanwhile (default 3).")
        parser.add_argument(
            "--visit-seconds",
            type=float,
            default=30.0,
            help="How long a peer worker reads their pages (default 30).",
        )
        parser.add_argument(
            "--kiosk-pace",
            type=float,
            help="Requests a second each kiosk sends at most (default: 10%% over --kiosk-rps shared by the kiosks).",
        )
        parser.add_argument("--run-time", default="60s", help="How long locust runs (default 60s).")
        parser.add_argument(
            "--spawn-rate",
            type=float,
            default=5.0,
            help="Users started a second (default 5: kiosks come to life over 10 s).",
        )
        parser.add_argument("--gunicorn-workers", type=int, default=GUNICORN_WORKERS)
        parser.add_argument("--gunicorn-threads", type=int, default=GUNICORN_THREADS)
        parser.add_argument("--kiosk-rps", type=float, default=Targets.kiosk_rps)
        parser.add_argument("--p95-ms", type=float, default=Targets.p95_ms)
        parser.add_argument("--rush-file", default=str(settings.VAR_DIR / "loadtest-rush.json"))
        parser.add_argument("--csv-prefix", default=str(settings.VAR_DIR / "loadtest"))
        parser.add_argument(
            "--step",
            choices=["prepare"],
            help="Only this step, in the configured database (the command runs each so, in its own process).",
        )

    def handle(self, *args, **options):
        if options["step"] == "prepare":
            return self.prepare(options)
        if connection.vendor != "postgresql":
            raise CommandError("The load test runs on PostgreSQL: set DATABASE_URL to a postgres:// server.")
        env = {**os.environ, "DATABASE_URL": self.database_url(options["database_name"])}
        self.ensure_database(options)
        self.manage("loadtest", "--step", "prepare", *self.passed(options), env=env)
        if not (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
            self.manage("collectstatic", "--noinput", "--verbosity", "0", env=env)
        port = _free_port()
        server = self.start_gunicorn(options, {**env, **PLAIN_HTTP}, port)
        try:
            self.wait_for_health(port, server)
            self.run_locust(options, port)
        finally:
            _stop(server)
        verdict = judge(
            read_rows(Path(f"{options['csv_prefix']}_stats.csv")),
            Targets(kiosk_rps=options["kiosk_rps"], p95_ms=options["p95_ms"]),
        )
        self.stdout.write(verdict.table)
        if not verdict.ok:
            raise SystemExit(1)

    # --- Steps run in the load-test database ---------------------------------------------------

    def prepare(self, options) -> None:
        from loadtest.rush import prepare_rush

        started = time.perf_counter()
        rush = prepare_rush(
            path=Path(options["rush_file"]),
            kiosks=options["kiosks"],
            pins_per_kiosk=options["pins_per_kiosk"],
            staff=options["staff"],
        )
        people = sum(len(kiosk.workers) for kiosk in rush.kiosks)
        self.stdout.write(
            f"{len(rush.kiosks)} kiosks, {people} peer workers' PINs and {len(rush.staff)} staff sign-ins "
            f"ready in {time.perf_counter() - started:.0f} s ({options['rush_file']})."
        )

    # --- Around them ---------------------------------------------------------------------------

    @staticmethod
    def passed(options) -> list[str]:
        return [
            f"--{name.replace('_', '-')}={options[name]}"
            for name in ("kiosks", "pins_per_kiosk", "staff", "rush_file")
        ]

    @staticmethod
    def database_url(name: str) -> str:
        db = settings.DATABASES["default"]
        credentials = quote(db["USER"] or "", safe="")
        if db.get("PASSWORD"):
            credentials += ":" + quote(db["PASSWORD"], safe="")
        return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"

    def manage(self, *arguments: str, env: dict) -> None:
        subprocess.run(
            [sys.executable, str(settings.BASE_DIR / "manage.py"), *arguments], env=env, check=True
        )

    def ensure_database(self, options) -> None:
        """The estate's database: kept from an earlier run, or built once by bench_build."""
        name = options["database_name"]
        # The server's maintenance database (the configured one need not exist), as bench_build does.
        with connection._nodb_cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return
        sizes = []
        if options["scale"]:
            sizes += ["--scale", str(options["scale"])]
        if options["establishments"]:
            sizes += ["--establishments", str(options["establishments"])]
        self.stdout.write(f"Building {name} with bench_build…")
        self.manage("bench_build", "--database-name", name, *sizes, env=dict(os.environ))

    def start_gunicorn(self, options, env: dict, port: int) -> subprocess.Popen:
        log = settings.VAR_DIR / "loadtest-gunicorn.log"
        self.stdout.write(
            f"gunicorn on 127.0.0.1:{port}: {options['gunicorn_workers']} workers × "
            f"{options['gunicorn_threads']} threads (log: {log})"
        )
        command = [
            str(Path(sys.executable).with_name("gunicorn")),
            "peerwork.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(options["gunicorn_workers"]),
            "--threads",
            str(options["gunicorn_threads"]),
            "--access-logfile",
            str(log),
            "--error-logfile",
            str(log),
        ]
        with log.open("w") as output:
            return subprocess.Popen(
                command, cwd=settings.BASE_DIR, env=env, start_new_session=True, stdout=output, stderr=output
            )

    def wait_for_health(self, port: int, server: subprocess.Popen, timeout: float = 60.0) -> None:
        """Until /healthz says the database answers (no Celery worker runs here, so the whole may be 503)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if server.poll() is not None:
                raise CommandError(
                    f"gunicorn stopped (exit {server.returncode}); see var/loadtest-gunicorn.log"
                )
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
                    body = response.read()
            except urllib.error.HTTPError as error:
                body = error.read()
            except OSError:
                time.sleep(0.3)
                continue
            if json.loads(body).get("database", {}).get("ok"):
                return
            time.sleep(0.3)
        raise CommandError(f"/healthz did not report the database within {timeout:.0f} s")

    def run_locust(self, options, port: int) -> None:
        users = options["kiosks"] + options["staff"]
        command = [
            str(Path(sys.executable).with_name("locust")),
            "-f",
            str(settings.BASE_DIR / "loadtest" / "locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(options["spawn_rate"]),
            "--run-time",
            options["run_time"],
            "--host",
            f"http://127.0.0.1:{port}",
            "--csv",
            options["csv_prefix"],
            "--reset-stats",
            "--only-summary",
            "--stop-timeout",
            "10",
            "--exit-code-on-error",
            "0",
        ]
        env = {
            **os.environ,
            "LOADTEST_RUSH": options["rush_file"],
            "LOADTEST_VISIT_SECONDS": str(options["visit_seconds"]),
            "LOADTEST_KIOSK_PACE": str(
                options["kiosk_pace"] or options["kiosk_rps"] * 1.1 / options["kiosks"]
            ),
            "LOADTEST_DEVICE_COOKIE": settings.KIOSK_DEVICE_COOKIE_NAME,
        }
        self.stdout.write(f"locust: {users} users for {options['run_time']}…")
        subprocess.run(command, cwd=settings.BASE_DIR, env=env, check=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _stop(server: subprocess.Popen) -> None:
    """Gunicorn's graceful stop (SIGTERM to the master), then SIGKILL to its group if it lingers."""
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait()
