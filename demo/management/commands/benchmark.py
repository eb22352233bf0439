"""National-scale speed check: builds a throwaway database the size of the prison estate, then
times the pages staff use most and the background sweeps against their targets.

    python manage.py benchmark                      # on DATABASE_URL's server, in a throwaway database
    python manage.py benchmark --establishments 20  # a quicker, smaller run
    python manage.py benchmark --roll-rows 500      # a shorter roll to import
    python manage.py benchmark --workload-workers 50  # a smaller Listener scheme for its workload page

It never touches the configured database: like the test runner, it creates `test_<name>` (an
in-memory database on SQLite), fills it, measures, and drops it. Exits non-zero when any median
is over its target, so it can gate a release.
"""

import statistics
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection, reset_queries, transaction
from django.test import Client
from django.test.utils import setup_test_environment, teardown_test_environment
from django.urls import reverse
from django.utils import timezone

from peerwork.dates import monday_of


@dataclass
class Measure:
    name: str
    target_ms: float
    median_ms: float = 0.0
    worst_ms: float = 0.0
    queries: int = 0
    note: str = ""  # printed under the table: what the measure did

    @property
    def ok(self) -> bool:
        return self.median_ms <= self.target_ms


class Command(BaseCommand):
    help = "Time the busiest pages and jobs on a national-scale throwaway database."

    def add_arguments(self, parser):
        parser.add_argument("--establishments", type=int, default=120, help="Prisons (default 120).")
        parser.add_argument("--workers", type=int, default=80, help="Peer workers per prison (default 80).")
        parser.add_argument("--repeat", type=int, default=10, help="Requests per page (default 10).")
        parser.add_argument("--page-target-ms", type=float, default=300.0, help="Median target per page.")
        parser.add_argument("--job-target-s", type=float, default=60.0, help="Target per background job run.")
        parser.add_argument(
            "--roll-rows", type=int, default=2000, help="Rows in the roll imported (default 2000)."
        )
        parser.add_argument(
            "--workload-workers",
            type=int,
            default=200,
            help="Listeners with a year of shifts and call-outs on the first prison's workload page (default 200).",
        )
        parser.add_argument(
            "--roll-target-ms",
            type=float,
            default=5000.0,
            help="Target for a roll's upload, preview and apply.",
        )

    def handle(self, *args, **options):
        setup_test_environment()
        old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
        settings.DEBUG = True  # count queries
        try:
            started = time.perf_counter()
            world = build_world(establishments=options["establishments"], workers=options["workers"])
            world |= build_workload(world, workers=options["workload_workers"])
            self.stdout.write(
                f"Built {world['counts']} in {time.perf_counter() - started:.0f} s on {connection.vendor}.\n"
            )
            results = measure_jobs(options["job_target_s"] * 1000) + measure_pages(
                world, repeat=options["repeat"], target_ms=options["page_target_ms"]
            )
            # Last: it adds residents to the first prison, which the pages above should not see.
            results += measure_roll(
                world,
                rows=options["roll_rows"],
                repeat=min(options["repeat"], 5),
                target_ms=options["roll_target_ms"],
            )
        finally:
            settings.DEBUG = False
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()

        width = max(len(r.name) for r in results)
        self.stdout.write(f"{'what':<{width}}  median ms  worst ms  queries  target ms")
        for r in results:
            flag = "" if r.ok else "  OVER TARGET"
            self.stdout.write(
                f"{r.name:<{width}}  {r.median_ms:9.1f}  {r.worst_ms:8.1f}  {r.queries:7d}  {r.target_ms:9.0f}{flag}"
            )
        for r in results:
            if r.note:
                self.stdout.write(f"{r.name}: {r.note}")
        over = [r.name for r in results if not r.ok]
        if over:
            raise SystemExit(f"Over target: {', '.join(over)}")
        self.stdout.write(self.style.SUCCESS("Every median is within its target."))


def build_world(*, establishments: int, workers: int) -> dict:
    """Prisons with wings, the national schemes, peer workers with contracts at every stage,
    a year of supervision meetings, and staff; bulk-inserted (this is load, not behaviour)."""
    from accounts.models import Role, User
    from demo.rota import load_rota_demo
    from establishments.models import Establishment, Location
    from schemes.models import Contract, PeerWorker, Scheme, SchemeLead, SupervisionMeeting
    from schemes.services.schemes import scheme_presets_ensure

    admin = User.objects.create(
        username="bench-admin", role=Role.SYSTEM_ADMIN, first_name="Bench", last_name="Admin"
    )
    today = timezone.localdate()
    prisons = Establishment.objects.bulk_create(
        Establishment(
            name=f"HMP Bench {n:03d}", code=f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}Z", category="B"
        )
        for n in range(establishments)
    )
    Location.objects.bulk_create(
        Location(establishment=p, name=f"{letter} wing") for p in prisons for letter in "ABCDEFG"
    )
    for prison in prisons:
        scheme_presets_ensure(establishment=prison, actor=admin)
    staff = {}
    for prison in prisons:
        for role in (Role.SAFER_CUSTODY_MANAGER, Role.SCHEME_COORDINATOR, Role.WING_OFFICER):
            user = User.objects.create(
                username=f"{role}-{prison.code}", role=role, email=f"{role}@{prison.code}.x"
            )
            user.establishments.add(prison)
            staff[(prison.pk, role)] = user
    schemes = list(Scheme.objects.select_related("establishment").prefetch_related("role_descriptions"))
    SchemeLead.objects.bulk_create(
        SchemeLead(scheme=s, user=staff[(s.establishment_id, Role.SCHEME_COORDINATOR)], started_on=today)
        for s in schemes
        if s.preset != "buddies"  # every prison's Buddies has lost its lead
    )
    locations = {}
    for location in Location.objects.all():
        locations.setdefault(location.establishment_id, []).append(location)
    PeerWorker.objects.bulk_create(
        PeerWorker(
            prison_number=_prison_number(p_index * workers + w),
            first_name=f"Worker{w}",
            last_name=f"Prison{p_index}",
            establishment=prison,
            location=locations[prison.pk][w % len(locations[prison.pk])],
            iep_level="enhanced",
            earliest_release_date=today + timedelta(days=700),
        )
        for p_index, prison in enumerate(prisons)
        for w in range(workers)
    )
    by_prison = {}
    for scheme in schemes:
        by_prison.setdefault(scheme.establishment_id, []).append(scheme)
    contracts, ended = [], []
    for index, worker in enumerate(PeerWorker.objects.order_by("pk")):
        scheme = by_prison[worker.establishment_id][index % 8]
        role = scheme.role_descriptions.all()[0]
        coordinator = staff[(worker.establishment_id, Role.SCHEME_COORDINATOR)]
        start = today - timedelta(days=index % 180)
        common = dict(worker=worker, scheme=scheme, role_description=role, issued_by=coordinator)
        contracts.append(
            Contract(
                **common,
                start_date=start,
                end_date=start + timedelta(days=182),
                status=Contract.Status.ACTIVE,
                signed_on=start,
                witnessed_by=coordinator,
                issued_at=timezone.now(),
            )
        )
        earlier = start - timedelta(days=182)
        ended.append(
            Contract(
                **common,
                start_date=earlier,
                end_date=start,
                status=Contract.Status.ENDED,
                signed_on=earlier,
                witnessed_by=coordinator,
                issued_at=timezone.now(),
                ended_on=start,
                end_reason="completed",
                ended_by=coordinator,
            )
        )
    Contract.objects.bulk_create(contracts + ended)
    meetings = []
    for scheme in schemes:
        coordinator = staff[(scheme.establishment_id, Role.SCHEME_COORDINATOR)]
        for month in range(12):
            starts_at = timezone.make_aware(
                datetime.combine(today - timedelta(days=30 * month + 3), datetime.min.time())
            )
            status = "cancelled" if scheme.preset == "buddies" and month < 3 else "held"
            meetings.append(
                SupervisionMeeting(
                    scheme=scheme,
                    starts_at=starts_at.replace(hour=14),
                    place="Chapel",
                    lead=coordinator,
                    status=status,
                    created_by=coordinator,
                    **(
                        {
                            "cancelled_reason": "Lead redeployed",
                            "cancelled_by": coordinator,
                            "cancelled_at": starts_at,
                        }
                        if status == "cancelled"
                        else {}
                    ),
                )
            )
    SupervisionMeeting.objects.bulk_create(meetings)
    first = prisons[0]
    # The first prison also runs the demo's Listener rota: pattern, places, training, a published week.
    Location.objects.create(
        establishment=first, name="Vulnerable prisoners' unit", is_vulnerable_prisoners_unit=True
    )
    load_rota_demo(first, staff[(first.pk, Role.SCHEME_COORDINATOR)])
    return {
        "establishment": first,
        "staff": staff,
        "scheme": by_prison[first.pk][0],
        "worker": PeerWorker.objects.filter(establishment=first).first(),
        "contract": Contract.objects.filter(scheme__establishment=first, status="active").first(),
        "counts": (
            f"{len(prisons)} prisons, {len(schemes)} schemes, {PeerWorker.objects.count()} peer workers, "
            f"{Contract.objects.count()} contracts, {len(meetings)} meetings"
        ),
    }


def build_workload(world: dict, *, workers: int, weeks: int = 52) -> dict:
    """The first prison's Listener scheme (the rota's) with `workers` more Listeners, each with a
    day shift a week and two call-outs a week, one at night, for the `weeks` weeks before this one;
    one call-out in twenty archived, one in ten off the rota. Bulk-inserted."""
    from accounts.models import Role
    from rota.models import Assignment, CallOut, Rota, RotaWeek
    from schemes.models import Contract, PeerWorker

    establishment = world["establishment"]
    coordinator = world["staff"][(establishment.pk, Role.SCHEME_COORDINATOR)]
    rota = Rota.objects.select_related("scheme").get(establishment=establishment)
    scheme = rota.scheme
    day_shift = rota.shift_types.filter(is_night=False).order_by("starts").first()
    point = rota.cover_points.order_by("order").first()
    wings = list(establishment.locations.order_by("name"))
    today, now = timezone.localdate(), timezone.now()
    people = PeerWorker.objects.bulk_create(
        PeerWorker(
            prison_number=f"W{n:04d}WL",
            first_name=f"Listener{n}",
            last_name="Busy",
            establishment=establishment,
            location=wings[n % len(wings)],
            iep_level="enhanced",
        )
        for n in range(workers)
    )
    role = scheme.role_descriptions.order_by("-version").first()
    start = today - timedelta(weeks=weeks + 1)
    Contract.objects.bulk_create(
        Contract(
            worker=worker,
            scheme=scheme,
            role_description=role,
            start_date=start,
            end_date=today + timedelta(days=90),
            status=Contract.Status.ACTIVE,
            signed_on=start,
            witnessed_by=coordinator,
            issued_by=coordinator,
            issued_at=now,
        )
        for worker in people
    )
    mondays = [monday_of(today) - timedelta(weeks=n) for n in range(1, weeks + 1)]
    existing = set(RotaWeek.objects.filter(rota=rota).values_list("starts_on", flat=True))
    RotaWeek.objects.bulk_create(
        RotaWeek(rota=rota, starts_on=monday, published_at=now, published_by=coordinator)
        for monday in mondays
        if monday not in existing
    )
    rota_weeks = {week.starts_on: week for week in RotaWeek.objects.filter(rota=rota)}
    shifts, callouts = [], []
    for index, worker in enumerate(people):
        for monday in mondays:
            day = monday + timedelta(days=index % 7)
            starts_at, ends_at = day_shift.span(day)
            shifts.append(
                Assignment(
                    week=rota_weeks[monday],
                    day=day,
                    shift_type=day_shift,
                    cover_point=point,
                    worker=worker,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    created_by=coordinator,
                    created_at=now,
                )
            )
            for hour, offset in ((14, 1), (23, 3)):
                asked = timezone.make_aware(
                    datetime.combine(monday + timedelta(days=offset), datetime.min.time()).replace(
                        hour=hour, minute=index % 60
                    )
                )
                archived = (index + offset) % 20 == 0
                callouts.append(
                    CallOut(
                        establishment=establishment,
                        location=worker.location,
                        listener=worker,
                        requested_at=asked,
                        requested_by=CallOut.RequestedBy.OFFICER,
                        started_at=asked + timedelta(minutes=5),
                        ended_at=asked + timedelta(minutes=35 + index % 40),
                        off_rota=(index + offset) % 10 == 0,
                        recorded_by=coordinator,
                        recorded_at=asked + timedelta(hours=1),
                        archived_at=asked + timedelta(hours=2) if archived else None,
                        archived_by=coordinator if archived else None,
                    )
                )
    Assignment.objects.bulk_create(shifts, batch_size=2000)
    CallOut.objects.bulk_create(callouts, batch_size=2000)
    if connection.vendor == "postgresql":
        # The planner's statistics, as a live database has them, not guesses about empty tables.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {
        "workload_scheme": scheme,
        "workload_counts": f"{workers} Listeners, {len(shifts)} shifts, {len(callouts)} call-outs",
    }


def _timed(fn, repeat: int) -> tuple[list[float], int]:
    fn()  # warm up
    times, queries = [], 0
    for _ in range(repeat):
        reset_queries()
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
        queries = len(connection.queries)
    return times, queries


def measure_jobs(target_ms: float) -> list[Measure]:
    from schemes.services.digests import digests_write
    from schemes.services.oversight import oversight_sweep

    results = []
    for name, job in (("job: oversight sweep", oversight_sweep), ("job: write digests", digests_write)):
        times, queries = _timed(job, repeat=2)  # the first run opens the flags; these are steady state
        results.append(Measure(name, target_ms, statistics.median(times), max(times), queries))
    return results


def measure_pages(world: dict, *, repeat: int, target_ms: float) -> list[Measure]:
    from accounts.models import Role

    establishment = world["establishment"]
    today = timezone.localdate()
    monday = monday_of(today)
    pages = [
        (Role.SAFER_CUSTODY_MANAGER, "home (safer custody)", reverse("home")),
        (Role.SCHEME_COORDINATOR, "home (coordinator)", reverse("home")),
        (Role.WING_OFFICER, "home (wing officer)", reverse("home")),
        (Role.SAFER_CUSTODY_MANAGER, "schemes", reverse("schemes:scheme_list")),
        (Role.SAFER_CUSTODY_MANAGER, "scheme", reverse("schemes:scheme_detail", args=[world["scheme"].pk])),
        (Role.SAFER_CUSTODY_MANAGER, "peer workers", reverse("schemes:worker_list")),
        (
            Role.SAFER_CUSTODY_MANAGER,
            "peer worker",
            reverse("schemes:worker_detail", args=[world["worker"].pk]),
        ),
        (
            Role.SAFER_CUSTODY_MANAGER,
            "contract",
            reverse("schemes:contract_detail", args=[world["contract"].pk]),
        ),
        (Role.SAFER_CUSTODY_MANAGER, "contracts ending", reverse("schemes:contracts_expiring")),
        (Role.SAFER_CUSTODY_MANAGER, "applications", reverse("schemes:application_pipeline")),
        (Role.SAFER_CUSTODY_MANAGER, "flags", reverse("flags:flag_list")),
        (Role.SAFER_CUSTODY_MANAGER, "supervision meetings", reverse("schemes:meeting_list")),
        (Role.SCHEME_COORDINATOR, "rota week", reverse("rota:week_detail", args=[monday])),
        (Role.SCHEME_COORDINATOR, "rota: fill the gaps", reverse("rota:week_fill", args=[monday])),
        (Role.WING_OFFICER, "listener look-up", reverse("listeners:lookup") + "?q=Worker1"),
        (Role.WING_OFFICER, "duty notice", reverse("listeners:notice")),
        (Role.SAFER_CUSTODY_MANAGER, "call-out reports", reverse("listeners:callout_reports")),
        (
            Role.SAFER_CUSTODY_MANAGER,
            "scheme workload",
            reverse("welfare:workload", args=[world["workload_scheme"].pk]),
        ),
    ]
    results = []
    for role, name, url in pages:
        client = Client()
        client.force_login(world["staff"][(establishment.pk, role)])

        def get(client=client, url=url, name=name):
            response = client.get(url, secure=True)
            if response.status_code != 200:
                raise SystemExit(f"{name} answered {response.status_code}")

        times, queries = _timed(get, repeat)
        note = world["workload_counts"] if name == "scheme workload" else ""
        results.append(
            Measure(f"page: {name}", target_ms, statistics.median(times), max(times), queries, note)
        )
    return results


def roll_csv(world: dict, *, rows: int) -> tuple[bytes, dict[str, int]]:
    """A roll of `rows` rows for the first prison, as the day's extract would give it: mostly people
    on record there (one in ten moved wing or cell), a few hundred new, a few arriving from another
    prison on the system, a few rejected; and a few people with open contracts left off it.

    Adds residents (people on record who do no peer work) to the first prison so that most of the
    roll is people already known there; safe to call again.
    """
    from establishments.models import Location
    from schemes.models import Contract, PeerWorker

    establishment = world["establishment"]
    rejected = [
        "12345,Nobody,Bad,A wing,1-01,Standard,",  # not a prison number
        "R0001ZZ,Unknown,Wing,Z wing,1-01,Standard,",  # no such wing
        "R0002ZZ,Bad,Date,A wing,1-01,Standard,31/02/2030",  # no such date
        "R0003ZZ,Bad,Level,A wing,1-01,Gold,",  # no such IEP level
        "R0004ZZ,,Forename,A wing,1-01,Standard,",  # no surname
    ]
    arriving = list(
        PeerWorker.objects.exclude(establishment=establishment)
        .filter(contracts__status=Contract.Status.ACTIVE)
        .order_by("pk")
        .distinct()[:5]
    )
    new = min(300, rows // 6)
    leaving = 5
    known = max(rows - len(rejected) - len(arriving) - new, 0)

    wings = list(
        Location.objects.filter(establishment=establishment, archived_at__isnull=True).order_by("pk")
    )
    on_record = PeerWorker.objects.filter(establishment=establishment)
    short = known + leaving - on_record.count()
    if short > 0:
        PeerWorker.objects.bulk_create(
            PeerWorker(
                prison_number=f"R{n:04d}RL",
                first_name=f"Resident{n}",
                last_name="Bench",
                establishment=establishment,
                location=wings[n % len(wings)],
                cell=f"{n % 4 + 1}-{n % 40 + 1:02d}",
                iep_level="standard",
            )
            for n in range(on_record.count(), on_record.count() + short)
        )
    people = list(on_record.select_related("location").order_by("prison_number"))
    with_contracts = set(
        Contract.objects.open()
        .filter(scheme__establishment=establishment)
        .values_list("worker_id", flat=True)
    )
    left_off = sorted(w.pk for w in people if w.pk in with_contracts)[:leaving]
    kept = [w for w in people if w.pk not in left_off][:known]
    on_roll = {w.pk for w in kept}
    flagged = sum(1 for w in people if w.pk not in on_roll and w.pk in with_contracts)

    lines = ["Prison Number,Surname,Forename,Wing,Cell,IEP Level,Earliest Release Date"]
    moved = 0
    for index, person in enumerate(kept):
        wing, cell = person.location.name if person.location else wings[0].name, person.cell
        if index % 10 == 0:  # one in ten moved wing and cell since yesterday
            wing, cell = wings[(index // 10) % len(wings)].name, f"{index % 4 + 1}-{index % 30 + 1:02d}"
            moved += 1
        release = person.earliest_release_date.strftime("%d/%m/%Y") if person.earliest_release_date else ""
        lines.append(
            f"{person.prison_number},{person.last_name},{person.first_name},{wing},{cell},"
            f"{person.iep_level.title()},{release}"
        )
    for n in range(new):
        lines.append(
            f"N{n:04d}NW,Newman,Arrival{n},{wings[n % len(wings)].name},{n % 4 + 1}-01,Entry,01/06/2031"
        )
    for person in arriving:
        lines.append(f"{person.prison_number},{person.last_name},{person.first_name},A wing,1-02,Enhanced,")
    lines += rejected
    plan = {
        "rows": len(lines) - 1,
        "known": len(kept),
        "moved": moved,
        "new": new,
        "arriving": len(arriving),
        "rejected": len(rejected),
        "left_off": flagged,
    }
    return ("\n".join(lines) + "\n").encode(), plan


def measure_roll(world: dict, *, rows: int, repeat: int, target_ms: float) -> list[Measure]:
    """A safer-custody manager uploads the day's roll, reads the preview, and applies it skipping
    the rejected rows. Each run is rolled back, so every run imports the same roll into the same
    records."""
    from accounts.models import Role
    from roll.services import roll_apply, roll_compare, roll_import_start
    from roll.sources import FileRollSource

    establishment = world["establishment"]
    manager = world["staff"][(establishment.pk, Role.SAFER_CUSTODY_MANAGER)]
    content, plan = roll_csv(world, rows=rows)
    parts: dict[str, list[float]] = {"preview": [], "apply": []}
    outcomes: list[dict[str, int]] = []

    class RollBack(Exception):
        pass

    def import_roll():
        try:
            with transaction.atomic():
                started = time.perf_counter()
                roll_import = roll_import_start(
                    source=FileRollSource(name="roll.csv", content=content),
                    establishment=establishment,
                    actor=manager,
                )
                roll_compare(roll_import=roll_import)
                previewed = time.perf_counter()
                outcomes.append(roll_apply(roll_import=roll_import, actor=manager, skip_refusals=True))
                parts["preview"].append((previewed - started) * 1000)
                parts["apply"].append((time.perf_counter() - previewed) * 1000)
                raise RollBack
        except RollBack:
            pass

    times, queries = _timed(import_roll, repeat)
    if any(outcome != outcomes[0] for outcome in outcomes):
        raise SystemExit(f"The roll import did different work on different runs: {outcomes}")
    outcome = outcomes[0]
    note = (
        f"{plan['rows']:,} rows ({plan['known']:,} on record, {plan['moved']} of them moved; {plan['new']} new; "
        f"{plan['arriving']} arriving; {plan['rejected']} rejected; {plan['left_off']} with contracts left off); "
        f"upload and preview median {statistics.median(parts['preview'][1:]):.0f} ms, "
        f"apply median {statistics.median(parts['apply'][1:]):.0f} ms; applied: {outcome}"
    )
    return [
        Measure(
            f"roll import, {plan['rows']:,} rows",
            target_ms,
            statistics.median(times),
            max(times),
            queries,
            note,
        )
    ]


def _prison_number(n: int) -> str:
    """A unique number in the A1234BC format."""
    return f"{chr(65 + n // 10000 % 26)}{n % 10000:04d}BC"
