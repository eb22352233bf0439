"""The benchmark's harness: every page of every role's navigation and the detail pages staff reach
from the lists, each list against the Django admin changelist of the same model, every job against
its raw-SQL floor, the roll import, and the memory it all took. `manage.py benchmark` builds the
world, calls `measure_all` and prints what it returns; the targets are the issue's.

A page is timed in-process through Django's test client (server time: routing, middleware, view,
template), `repeat` times after one warm-up request, with its queries counted.
"""

import math
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from operator import attrgetter
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone


@dataclass(frozen=True)
class Targets:
    page_p95_ms: float = 50.0
    page_queries: int = 12
    admin_ratio: float = 0.5  # a list's p95 over its admin changelist's p95
    floor_ratio: float = 2.0  # a job's median over its raw-SQL floor's median
    roll_p95_ms: float = 5000.0


# Pages that honestly need more than `Targets.page_queries`: url name -> (queries, why).
# Every page makes three (the session, the user, their prisons); a role refused some navigation
# items adds Django's two permission lookups, and a member of staff who may answer concerns one
# more (whether they answer for a department).
QUERY_ALLOWANCES: dict[str, tuple[int, str]] = {
    "home": (
        14,
        "each role's home is a block from every app it works in (flags, contracts ending, meetings "
        "due, the rota's gaps, concerns, support), one or two reads each",
    ),
    "rota:home": (
        15,
        "the week grid: the rota and whether the user leads its scheme (2), then the week, its shifts, "
        "places and their wings, needs, Listeners, assignments and changes since publishing (8)",
    ),
    "concerns:concern_list": (
        14,
        "the filter's four lists of choices (departments, topics, wings, schemes), the count, the page "
        "and the counts by status",
    ),
    "schemes:contracts_expiring": (
        14,
        "a coordinator's renew buttons ask, for each scheme listed, whether they lead it (at most the "
        "prison's eight schemes; safer custody and administrators ask nothing)",
    ),
}

# Each list page's rival: the admin changelist of the model it lists, filtered to the same
# establishment (the lookup the changelist's establishment filter writes in its URL).
ADMIN_RIVALS: dict[str, tuple[str, str]] = {
    "schemes:scheme_list": ("schemes.Scheme", "establishment__id__exact"),
    "schemes:worker_list": ("schemes.PeerWorker", "establishment__id__exact"),
    "schemes:application_pipeline": ("schemes.Application", "scheme__establishment__id__exact"),
    "schemes:meeting_list": ("schemes.SupervisionMeeting", "scheme__establishment__id__exact"),
    "schemes:contract_list": ("schemes.Contract", "scheme__establishment__id__exact"),
    "schemes:contracts_expiring": ("schemes.Contract", "scheme__establishment__id__exact"),
    "schemes:location_list": ("establishments.Location", "establishment__id__exact"),
    "flags:flag_list": ("flags.Flag", "establishment__id__exact"),
    "listeners:callout_list": ("rota.CallOut", "establishment__id__exact"),
    "concerns:concern_list": ("concerns.Concern", "establishment__id__exact"),
    "concerns:department_list": ("concerns.Department", "establishment__id__exact"),
    "support:pair_list": ("support.Pair", "establishment__id__exact"),
    "kiosk:device_list": ("kiosk.KioskDevice", "establishment__id__exact"),
    "accounts:staff_list": ("accounts.User", "establishments__id__exact"),
}


@dataclass(frozen=True)
class Detail:
    """A page staff reach from a list: the world's key for its object, and how to find one when
    the world has none under that key."""

    url_name: str
    key: str
    list_name: str  # the navigation item it is reached from: who may open that list opens this
    model: str
    scope: str  # the lookup that puts the object in the establishment
    arg: Callable[[Any], object] = attrgetter("pk")


DETAILS = [
    Detail("schemes:scheme_detail", "scheme", "schemes:scheme_list", "schemes.Scheme", "establishment"),
    Detail("schemes:worker_detail", "worker", "schemes:worker_list", "schemes.PeerWorker", "establishment"),
    Detail(
        "schemes:contract_detail",
        "contract",
        "schemes:contract_list",
        "schemes.Contract",
        "scheme__establishment",
    ),
    Detail(
        "schemes:application_detail",
        "application",
        "schemes:application_pipeline",
        "schemes.Application",
        "scheme__establishment",
    ),
    Detail(
        "schemes:meeting_detail",
        "meeting",
        "schemes:meeting_list",
        "schemes.SupervisionMeeting",
        "scheme__establishment",
    ),
    Detail(
        "schemes:location_detail",
        "location",
        "schemes:location_list",
        "establishments.Location",
        "establishment",
    ),
    Detail("flags:flag_detail", "flag", "flags:flag_list", "flags.Flag", "establishment"),
    Detail("listeners:callout_detail", "callout", "listeners:callout_list", "rota.CallOut", "establishment"),
    Detail(
        "concerns:concern_detail", "concern", "concerns:concern_list", "concerns.Concern", "establishment"
    ),
    Detail("support:pair_detail", "pair", "support:pair_list", "support.Pair", "establishment"),
    Detail("kiosk:device_detail", "device", "kiosk:device_list", "kiosk.KioskDevice", "establishment"),
    Detail(
        "welfare:workload", "workload_scheme", "welfare:workload_schemes", "schemes.Scheme", "establishment"
    ),
    Detail(
        "rota:week_detail",
        "rota_week",
        "rota:home",
        "rota.RotaWeek",
        "rota__establishment",
        attrgetter("starts_on"),
    ),
    Detail(
        "pay:week_detail", "pay_week", "pay:home", "pay.PayWeek", "establishment", attrgetter("starts_on")
    ),
]


@dataclass
class Measure:
    kind: str  # page (in the navigation), detail, admin, job, floor, roll
    name: str
    times_ms: list[float]
    queries: int
    target_ms: float | None = None  # on the p95
    target_queries: int | None = None
    rival: str = ""  # the name of the measure this one is compared with
    rival_ms: float | None = None  # the rival's p95 (pages) or median (jobs)
    target_ratio: float | None = None
    role: str = ""
    url: str = ""  # the link followed
    landed: str = ""  # where it redirected to, which is what was timed, if elsewhere
    allowance: str = ""  # why this page may run more queries than the target
    peak_alloc_kb: int | None = None
    note: str = ""

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        return p95(self.times_ms)

    @property
    def ratio(self) -> float | None:
        if self.rival_ms is None:
            return None
        mine = self.p50 if self.kind == "job" else self.p95
        return mine / self.rival_ms if self.rival_ms else math.inf

    def misses(self) -> list[str]:
        """What this measure missed, in words; empty when every target is met."""
        missed = []
        if self.target_ms is not None and self.p95 > self.target_ms:
            missed.append(f"p95 {self.p95:.1f} ms > {self.target_ms:.0f} ms")
        if self.target_queries is not None and self.queries > self.target_queries:
            missed.append(f"{self.queries} queries > {self.target_queries}")
        ratio = self.ratio
        if self.target_ratio is not None and ratio is not None and ratio > self.target_ratio:
            missed.append(f"{ratio:.2f}x {self.rival} > {self.target_ratio}x")
        return missed

    def as_json(self) -> dict:
        return asdict(self) | {
            "p50_ms": round(self.p50, 2),
            "p95_ms": round(self.p95, 2),
            "ratio": None if self.ratio is None else round(self.ratio, 3),
            "ok": not self.misses(),
            "misses": self.misses(),
            "times_ms": [round(t, 2) for t in self.times_ms],
        }


def p95(times: list[float]) -> float:
    ordered = sorted(times)  # nearest rank
    return ordered[max(math.ceil(0.95 * len(ordered)) - 1, 0)]


@dataclass
class Run:
    measures: list[Measure] = field(default_factory=list)
    memory: dict[str, int | str] = field(default_factory=dict)

    def misses(self) -> list[str]:
        return [f"{m.name}: {'; '.join(m.misses())}" for m in self.measures if m.misses()]


def peak_rss_kb() -> int:
    """The process's peak resident memory so far (ru_maxrss is in kilobytes on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def timed(fn: Callable[[], object], repeat: int) -> tuple[list[float], int]:
    """Run `fn` once to warm up, then `repeat` times: each run's milliseconds and the most
    queries a run made."""
    fn()
    times, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        queries = max(queries, len(captured))
    return times, queries


def timed_beside(
    fn: Callable[[], object], rival: Callable[[], object], repeat: int
) -> tuple[list[float], int, list[float], int]:
    """`timed` for two, run by turns, so that both see the same load on a shared machine."""
    fn()
    rival()
    mine: list[float] = []
    theirs: list[float] = []
    queries = [0, 0]
    for _ in range(repeat):
        for index, (run, times) in enumerate(((fn, mine), (rival, theirs))):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                run()
                times.append((time.perf_counter() - started) * 1000)
            queries[index] = max(queries[index], len(captured))
    return mine, queries[0], theirs, queries[1]


def _get(client: Client, url: str, name: str) -> Callable[[], None]:
    def get() -> None:
        response = client.get(url, secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{name} ({url}) answered {response.status_code}")

    return get


def landing(client: Client, url: str) -> str:
    """Where a navigation link lands: Pay and the rota's home redirect to a week, and that week's
    page is what is timed (the redirect itself is one look-up)."""
    response = client.get(url, secure=True, follow=True)
    return response.request["PATH_INFO"] + (
        f"?{response.request['QUERY_STRING']}" if response.request.get("QUERY_STRING") else ""
    )


def allowed_navigation(user) -> list[str]:
    """The url names of every navigation item `user` may open, by accounts.navigation's own rule."""
    from accounts import navigation

    return [item.url_name for item in navigation._allowed(user)]


def _model(label: str):
    from django.apps import apps

    return apps.get_model(label)


def _find(world: dict, detail: Detail):
    """The world's object for a detail page, else the first one at the first prison."""
    if world.get(detail.key) is not None:
        return world[detail.key]
    scoped = {detail.scope: world["establishment"]}
    return _model(detail.model).objects.filter(**scoped).order_by("pk").first()


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def measure_pages(world: dict, *, repeat: int, targets: Targets) -> list[Measure]:
    """Every role's navigation at the first prison, each list by turns with its admin rival, then
    each detail page as the first role that reaches its list; the rivals' measures come last."""
    from accounts.models import Role

    establishment = world["establishment"]
    rivals = AdminRivals(world)
    results, reachers = [], {}
    for role in Role:
        user = world["staff"].get((establishment.pk, role))
        if user is None:
            raise SystemExit(f"The world has no {role.label} at {establishment}.")
        client = _signed_in(user)
        for url_name in allowed_navigation(user):
            reachers.setdefault(url_name, (role, client))
            results.append(
                _page(
                    "page",
                    client,
                    url_name,
                    reverse(url_name),
                    role,
                    repeat=repeat,
                    targets=targets,
                    rivals=rivals,
                )
            )
    for detail in DETAILS:
        obj = _find(world, detail)
        if obj is None or detail.list_name not in reachers:
            continue
        role, client = reachers[detail.list_name]
        url = reverse(detail.url_name, args=[detail.arg(obj)])
        results.append(_page("detail", client, detail.url_name, url, role, repeat=repeat, targets=targets))
    return results + list(rivals.measures.values())


def _page(
    kind: str,
    client: Client,
    url_name: str,
    url: str,
    role,
    *,
    repeat: int,
    targets: Targets,
    rivals: "AdminRivals | None" = None,
) -> Measure:
    landed = landing(client, url)
    get = _get(client, landed, url_name)
    rival = rivals.for_list(url_name) if rivals is not None else None
    if rival is None:
        times, queries = timed(get, repeat)
    else:
        times, queries, rival_times, rival_queries = timed_beside(get, rival[1], repeat)
        rival[0].times_ms += rival_times
        rival[0].queries = max(rival[0].queries, rival_queries)
    allowance, reason = QUERY_ALLOWANCES.get(url_name, (targets.page_queries, ""))
    measure = Measure(
        kind,
        f"{url_name} ({role.label.lower()})",
        times,
        queries,
        target_ms=targets.page_p95_ms,
        target_queries=allowance,
        role=role.value,
        url=url,
        landed=landed if landed != url else "",
        allowance=reason,
    )
    if rival is not None:
        measure.rival, measure.rival_ms, measure.target_ratio = (
            rival[0].name,
            p95(rival_times),
            targets.admin_ratio,
        )
    return measure


class AdminRivals:
    """The admin changelists the lists are compared with, at the first prison, signed in as the
    system administrator: each list's ratio is its p95 over the p95 of the changelist requests
    made by turns with its own; the changelist's measure gathers all its requests."""

    def __init__(self, world: dict):
        from accounts.models import Role

        self.establishment = world["establishment"]
        admin = world["staff"][(self.establishment.pk, Role.SYSTEM_ADMIN)]
        admin.is_staff = admin.is_superuser = True  # as a system administrator's account is set up
        admin.save(update_fields=["is_staff", "is_superuser"])
        self.client = _signed_in(admin)
        self.measures: dict[str, Measure] = {}

    def for_list(self, url_name: str) -> tuple[Measure, Callable[[], None]] | None:
        if url_name not in ADMIN_RIVALS:
            return None
        label, lookup = ADMIN_RIVALS[url_name]
        model = _model(label)
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        url += f"?{lookup}={self.establishment.pk}"
        if label not in self.measures:
            if landing(self.client, url) != url:  # the admin sends an unknown filter to ?e=1
                raise SystemExit(f"The admin changelist of {label} refused the filter {lookup}.")
            self.measures[label] = Measure("admin", f"admin changelist {label}", [], 0, url=url)
        return self.measures[label], _get(self.client, url, f"admin {label}")


def measure_jobs(*, repeat: int, targets: Targets) -> list[Measure]:
    """Each job of demo.bench.jobs.JOBS in steady state (a first run opens its flags), its peak
    Python allocation (one more run under tracemalloc, untimed), and its raw-SQL floor."""
    from demo.bench.jobs import JOBS

    results = []
    for job in JOBS:
        times, queries = timed(job.run, repeat)
        tracemalloc.start()
        job.run()
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        measure = Measure("job", f"job: {job.name}", times, queries, peak_alloc_kb=peak // 1024)
        if job.floor_sql:
            floor_times, _ = timed(_fetch_all(job.floor_sql), repeat)
            floor = Measure("floor", f"floor: {job.name}", floor_times, 1)
            measure.rival, measure.rival_ms = floor.name, floor.p50
            measure.target_ratio = targets.floor_ratio
            results += [measure, floor]
        else:
            measure.note = "no raw-SQL floor yet"
            results.append(measure)
    return results


def _fetch_all(sql: str) -> Callable[[], None]:
    def fetch() -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql)
            cursor.fetchall()

    return fetch


def measure_roll(world: dict, *, rows: int, repeat: int, targets: Targets = Targets()) -> list[Measure]:
    from demo.bench.roll import roll_import_timed

    times, queries, name, note = roll_import_timed(world, rows=rows, repeat=repeat)
    return [Measure("roll", name, times, queries, target_ms=targets.roll_p95_ms, note=note)]


def measure_all(world: dict, *, repeat: int, targets: Targets = Targets(), roll_rows: int = 2000) -> Run:
    """Jobs first (their first run opens the flags the pages then show), the pages and their admin
    rivals, and last the roll import (it adds residents the pages should not see)."""
    run = Run()
    run.measures += measure_jobs(repeat=max(2, min(repeat, 5)), targets=targets)
    run.measures += measure_pages(world, repeat=repeat, targets=targets)
    run.measures += measure_roll(world, rows=roll_rows, repeat=max(2, min(repeat, 5)), targets=targets)
    jobs = [m for m in run.measures if m.kind == "job"]
    largest = max(jobs, key=lambda m: m.peak_alloc_kb or 0, default=None)
    run.memory["peak_rss_end_kb"] = peak_rss_kb()
    if largest is not None:
        run.memory["largest_job"] = largest.name
        run.memory["largest_job_peak_alloc_kb"] = largest.peak_alloc_kb or 0
    return run


def machine(*, scale: float, establishments: int, repeat: int) -> dict:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
        elif connection.vendor == "sqlite":
            cursor.execute("SELECT sqlite_version()")
            version = cursor.fetchone()[0]
        else:
            version = ""
    return {
        "cpu_count": os.cpu_count(),
        "database": connection.vendor,
        "database_version": version,
        "scale": scale,
        "establishments": establishments,
        "repeat": repeat,
        "date": timezone.now().isoformat(timespec="seconds"),
    }


def table(run: Run) -> list[str]:
    """The printed table: what, p50, p95, queries, target, ratio to its rival, OK or OVER."""
    width = max(len(m.name) for m in run.measures)
    lines = [
        f"{'what':<{width}}  {'p50 ms':>8}  {'p95 ms':>8}  {'queries':>7}  {'target':<20}  {'ratio':>14}  "
    ]
    for m in run.measures:
        target = []
        if m.target_ms is not None:
            target.append(f"{m.target_ms:.0f} ms")
        if m.target_queries is not None:
            target.append(f"{m.target_queries} q")
        if m.target_ratio is not None:
            target.append(f"{m.target_ratio}x")
        ratio = "" if m.ratio is None else f"{m.ratio:.2f}x {m.kind == 'job' and 'floor' or 'admin'}"
        verdict = "" if m.kind in ("admin", "floor") else ("OK" if not m.misses() else "OVER")
        lines.append(
            f"{m.name:<{width}}  {m.p50:8.1f}  {m.p95:8.1f}  {m.queries:7d}  {', '.join(target):<20}  {ratio:>14}  {verdict}"
        )
    for m in run.measures:
        if m.allowance:
            lines.append(f"{m.name}: may run {m.target_queries} queries: {m.allowance}")
        if m.note:
            lines.append(f"{m.name}: {m.note}")
    return lines


def compare(old: dict, new: dict) -> list[str]:
    """Each measure in both runs: its p95 then and now, and the change."""
    before = {m["name"]: m for m in old.get("measures", [])}
    lines = [f"Compared with the run of {old.get('machine', {}).get('date', '?')}:"]
    for m in new["measures"]:
        if m["name"] not in before:
            lines.append(f"{m['name']}: new, p95 {m['p95_ms']:.1f} ms")
            continue
        was = before[m["name"]]
        change = (m["p95_ms"] - was["p95_ms"]) / was["p95_ms"] * 100 if was["p95_ms"] else 0.0
        queries = m["queries"] - was["queries"]
        lines.append(
            f"{m['name']}: p95 {was['p95_ms']:.1f} -> {m['p95_ms']:.1f} ms ({change:+.0f}%), "
            f"queries {was['queries']} -> {m['queries']} ({queries:+d})"
        )
    gone = sorted(set(before) - {m["name"] for m in new["measures"]})
    lines += [f"{name}: no longer measured" for name in gone]
    return lines


def as_json(run: Run, *, targets: Targets, machine_info: dict, build: dict) -> dict:
    return {
        "machine": machine_info,
        "build": build,
        "memory": run.memory,
        "targets": asdict(targets),
        "query_allowances": {name: {"queries": n, "why": why} for name, (n, why) in QUERY_ALLOWANCES.items()},
        "measures": [m.as_json() for m in run.measures],
        "misses": run.misses(),
    }
