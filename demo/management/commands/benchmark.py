"""The estate benchmark: builds a throwaway database the size of the prison estate, then measures
every page of every role's navigation and the detail pages behind them (p50, p95, queries), each
list against the Django admin changelist of the same model, every background job against its
raw-SQL floor, the roll import, and peak memory; prints a table and writes var/benchmark.json.

    python manage.py benchmark                        # on DATABASE_URL's server, in a throwaway database
    python manage.py benchmark --establishments 5     # a quicker, smaller run
    python manage.py benchmark --compare old.json     # the change on every line since that run

It never touches the configured database: like the test runner, it creates `test_<name>` (an
in-memory database on SQLite), fills it, measures, and drops it. Exits non-zero when any target is
missed, listing them, so it can gate a release. The harness is demo.bench.measure.
"""

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

from demo.bench import measure
from demo.bench.world import build_estate


class Command(BaseCommand):
    help = "Measure every page and job on an estate-sized throwaway database against its targets and rival."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=float, default=1.0, help="Size of each prison (default 1.0).")
        parser.add_argument("--establishments", type=int, default=120, help="Prisons (default 120).")
        parser.add_argument("--repeat", type=int, default=20, help="Timed requests per page (default 20).")
        parser.add_argument(
            "--roll-rows", type=int, default=2000, help="Rows in the roll imported (default 2000)."
        )
        parser.add_argument(
            "--json",
            default=str(Path(settings.BASE_DIR) / "var" / "benchmark.json"),
            help="Where to write the JSON.",
        )
        parser.add_argument("--compare", help="A previous run's JSON: print the change on every line.")

    def handle(self, *args, **options):
        old = json.loads(Path(options["compare"]).read_text()) if options["compare"] else None
        targets = measure.Targets()
        with static_files_served_as_collected() as static:
            self._run(options, targets, old, static)

    def _run(self, options, targets, old, static: str) -> None:
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        try:
            started = time.perf_counter()
            world = build_estate(scale=options["scale"], establishments=options["establishments"])
            build = {
                "seconds": round(time.perf_counter() - started, 1),
                "counts": str(world.get("counts", "")),
                "peak_rss_after_build_kb": measure.peak_rss_kb(),
            }
            machine = measure.machine(
                scale=options["scale"], establishments=options["establishments"], repeat=options["repeat"]
            ) | {"static_files": static}
            self.stdout.write(f"Built {build['counts']} in {build['seconds']:.0f} s on {connection.vendor}.")
            run = measure.measure_all(
                world, repeat=options["repeat"], targets=targets, roll_rows=options["roll_rows"]
            )
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
        report = measure.as_json(run, targets=targets, machine_info=machine, build=build)
        conclude(self.stdout.write, run, report, json_path=Path(options["json"]), old=old)


@contextmanager
def static_files_served_as_collected() -> Iterator[str]:
    """Pages link their CSS and JS through the collected manifest, as in production; before
    `make collectstatic` has run there is none, and the plain storage stands in (one dict look-up
    less per link)."""
    storage = settings.STORAGES["staticfiles"]["BACKEND"]
    if "Manifest" not in storage or (Path(settings.STATIC_ROOT) / "staticfiles.json").exists():
        yield storage
        return
    plain = "django.contrib.staticfiles.storage.StaticFilesStorage"
    with override_settings(STORAGES=settings.STORAGES | {"staticfiles": {"BACKEND": plain}}):
        yield f"{plain} (no manifest collected)"


def conclude(write, run: measure.Run, report: dict, *, json_path: Path, old: dict | None) -> None:
    """Print the table, memory and (with an old run) the changes; write the JSON; exit non-zero
    listing every missed target."""
    for line in measure.table(run):
        write(line)
    write(
        f"Peak resident memory: {report['build']['peak_rss_after_build_kb'] / 1024:.0f} MB after the build, "
        f"{run.memory['peak_rss_end_kb'] / 1024:.0f} MB at the end; largest job "
        f"{run.memory.get('largest_job', '-')}, peak allocation "
        f"{int(run.memory.get('largest_job_peak_alloc_kb', 0)) / 1024:.1f} MB."
    )
    if old is not None:
        for line in measure.compare(old, report):
            write(line)
    json_path.parent.mkdir(parents=True, exist_ok=True)
    json_path.write_text(json.dumps(report, indent=2, default=str) + "\n")
    write(f"Wrote {json_path}.")
    missed = run.misses()
    if missed:
        raise SystemExit("Over target:\n  " + "\n  ".join(missed))
    write("Every measure is within its target.")
