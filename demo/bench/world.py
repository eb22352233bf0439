"""The whole estate in one database, five years of it, for the benchmark and the load test.

    from demo.bench.world import build_estate
    world = build_estate()                              # 120 prisons, ~300,000 people
    world = build_estate(scale=0.02, establishments=2)  # the same shape, tiny (tests)

Built in bulk (demo.bench.world_rows: COPY on PostgreSQL, bulk_create elsewhere), with the
schemes, their role descriptions and checks made by the real services (scheme_presets_ensure) and
the first prison's Listener rota by the demo's (load_rota_demo). Everything else is written
straight to the tables, consistent with every constraint: one open contract per worker and
scheme, contracts back to back, cancellations with a reason, and so on. Deterministic: the same
arguments build the same estate on the same day.
"""

import random
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import Role, User
from demo.bench import world_contracts, world_history, world_rota
from demo.bench.world_contracts import TERM
from demo.bench.world_rows import Ids, analyze, insert, sequences_reset
from establishments.models import Establishment, Location
from schemes.models import (
    Application,
    Contract,
    EligibilityCheck,
    PeerWorker,
    RoleDescription,
    Scheme,
    SchemeLead,
    SchemeRate,
)
from schemes.models.people import Movement
from schemes.services.schemes import scheme_presets_ensure

# At scale 1.0, per prison (the estate's 88,000 in custody and 20,000 peer workers over 120).
IN_CUSTODY = 733
TURNOVER = 2.5  # people released or transferred out over the years, per person in custody now
PEER_WORKERS = 167
CURRENT_SHARE = 0.48  # of the peer workers, those holding a contract today
WINGS = "ABCDEFG"
VPU = "Vulnerable prisoners' unit"
STAFF_ROLES = (
    Role.SAFER_CUSTODY_MANAGER,
    Role.SAFER_CUSTODY_OFFICER,
    Role.SCHEME_COORDINATOR,
    Role.WING_OFFICER,
)
BENCH_PASSWORD = "peerwork-bench-2026"  # every bench user's; hashed once (demo data, no real person)

FIRST_NAMES = [
    "Adam",
    "Ben",
    "Carl",
    "Dan",
    "Eli",
    "Finn",
    "Gary",
    "Hassan",
    "Ian",
    "Jack",
    "Kyle",
    "Liam",
    "Mo",
    "Nathan",
    "Omar",
    "Paul",
    "Ravi",
    "Sam",
    "Tom",
    "Wes",
    "Yusuf",
    "Zak",
    "Aaron",
    "Ciaran",
    "Dean",
    "Errol",
    "Jamal",
    "Kofi",
    "Lee",
    "Marek",
    "Neil",
    "Owen",
    "Piotr",
    "Reece",
    "Shane",
    "Tariq",
    "Vic",
]
LAST_NAMES = [
    "Ahmed",
    "Baker",
    "Clarke",
    "Davies",
    "Evans",
    "Fisher",
    "Green",
    "Hughes",
    "Islam",
    "Jones",
    "Khan",
    "Lewis",
    "Morris",
    "Nowak",
    "Obi",
    "Patel",
    "Quinn",
    "Roberts",
    "Smith",
    "Taylor",
    "Usman",
    "Walker",
    "Young",
    "Zielinski",
    "Bell",
    "Cole",
    "Doyle",
    "Edwards",
    "Foster",
    "Grant",
    "Hall",
    "Irwin",
    "Kelly",
    "Lynch",
    "Mensah",
    "Nolan",
    "Owusu",
    "Price",
    "Reid",
    "Shaw",
    "Turner",
    "Vaughan",
    "Ward",
]


@dataclass
class Estate:
    """What the builders share: the clock, the prisons and the ids they chose for each other."""

    scale: float
    today: date
    now: datetime
    since: date  # the first day of the years built
    rng: random.Random
    admin: User
    prisons: list[Establishment] = field(default_factory=list)
    staff: dict = field(default_factory=dict)  # (prison pk, Role) -> User
    wings: dict[int, list[int]] = field(default_factory=dict)  # prison pk -> wing ids (VPU last)
    schemes: dict[int, dict[str, Scheme]] = field(default_factory=dict)  # prison pk -> preset -> scheme
    roles: dict[int, int] = field(default_factory=dict)  # scheme id -> role description id
    checks: dict[int, list[int]] = field(default_factory=dict)  # scheme id -> eligibility check ids
    residents: dict[int, list[int]] = field(default_factory=dict)  # prison pk -> in custody, no peer work
    in_custody: dict[int, list[int]] = field(default_factory=dict)  # prison pk -> everyone in custody
    # Peer worker id -> (prison pk, wing id, first name, last name, prison number)
    workers: dict[int, tuple[int, int, str, str, str]] = field(default_factory=dict)
    # Scheme id -> the spells in role: (worker id, first day, day it ended or its end date)
    tracks: dict[int, list[tuple[int, date, date]]] = field(default_factory=dict)
    # Scheme id -> contracts that were in role: (contract id, worker id, first day, last day + 1)
    contracts: dict[int, list[tuple[int, int, date, date]]] = field(default_factory=dict)
    careers: list["Career"] = field(default_factory=list)  # every peer worker's, in id order
    written: Counter = field(default_factory=Counter)  # model -> rows written
    notes: dict[str, str] = field(default_factory=dict)  # summaries for the returned world

    def at(self, day: date, hour: int = 14, minute: int = 0) -> datetime:
        """That London wall-clock time, in UTC, so that adding minutes to it is adding minutes
        (on the night the clocks go forward, London arithmetic would go back an hour)."""
        return timezone.make_aware(datetime.combine(day, clock(hour, minute))).astimezone(UTC)

    def per_prison(self, number: float, least: int = 1) -> int:
        return max(least, round(number * self.scale))

    def write(self, model, rows, *, with_ids: bool = True) -> None:
        self.written[model] += insert(model, rows, with_ids=with_ids)

    def ids(self, model) -> Ids:
        return Ids(model)

    def coordinator(self, prison_pk: int) -> User:
        return self.staff[(prison_pk, Role.SCHEME_COORDINATOR)]


def build_estate(*, scale: float = 1.0, establishments: int = 120, years: int = 5) -> dict:
    """Build the estate; returns what the benchmark's pages and jobs need:

    - "establishment": the first prison (Establishment); "staff": {(prison pk, Role): User} for
      every staff role at every prison, and Role.SYSTEM_ADMIN (one administrator, in every prison);
      every bench user's password is BENCH_PASSWORD, usernames "<role>-<prison code>".
    - "scheme", "worker", "contract", "role_description", "application", "meeting": the first
      prison's Listeners scheme, a peer worker with an active contract in it, that contract, its role
      description, an application there and a held supervision meeting with attendance;
    - "workload_scheme" and "workload_counts": the first prison's Listeners, with their heavy year
      of shifts and call-outs; "rota_week": the first prison's published rota week of last week;
    - "flag", "concern", "pair", "checkin", "call_out", "pay_week": one of each in the first prison
      (an open flag, a concern with its timeline, an open one-to-one pair with sessions, a welfare
      check-in, a call-out, a confirmed pay week with lines);
    - "counts": a one-line summary of the rows; "seconds": how long the build took.
    """
    started = time.perf_counter()
    today = timezone.localdate()
    with transaction.atomic():
        estate = Estate(
            scale=scale,
            today=today,
            now=timezone.now(),
            since=today - timedelta(days=365 * years + years // 4),
            rng=random.Random(20261201),
            admin=_admin(),
        )
        _prisons(estate, establishments)
        _people(estate)
        world_contracts.build(estate)
        world_rota.build(estate)
        world_history.build(estate)
        sequences_reset(estate.written)
    analyze()
    return _world(estate, seconds=time.perf_counter() - started)


def _admin() -> User:
    return User.objects.create(
        username="bench-admin",
        role=Role.SYSTEM_ADMIN,
        first_name="Bench",
        last_name="Admin",
        email="bench-admin@peerwork.invalid",
        is_staff=True,
        is_superuser=True,
        password=make_password(BENCH_PASSWORD),
    )


def _prisons(estate: Estate, count: int) -> None:
    """Prisons with seven wings and a VPU, their staff, the national schemes and their leads."""
    prisons = Establishment.objects.bulk_create(
        Establishment(
            name=f"HMP Bench {n:03d}", code=f"{chr(65 + n // 26 % 26)}{chr(65 + n % 26)}Z", category="B"
        )
        for n in range(count)
    )
    estate.prisons = prisons
    Location.objects.bulk_create(
        [Location(establishment=p, name=f"{letter} wing") for p in prisons for letter in WINGS]
        + [
            Location(establishment=p, name=VPU, kind=Location.Kind.UNIT, is_vulnerable_prisoners_unit=True)
            for p in prisons
        ]
    )
    for location in Location.objects.filter(establishment__in=prisons).order_by(
        "is_vulnerable_prisoners_unit", "name"
    ):
        estate.wings.setdefault(location.establishment_id, []).append(location.pk)

    password = estate.admin.password
    users = User.objects.bulk_create(
        User(
            username=f"{role}-{p.code}",
            role=role,
            first_name=Role(role).label.split()[0].replace("-", " ").title(),
            last_name=p.code,
            email=f"{role}@{p.code.lower()}.peerwork.invalid",
            password=password,
        )
        for p in prisons
        for role in STAFF_ROLES
    )
    through = User.establishments.through
    links = [through(user=estate.admin, establishment=p) for p in prisons]
    for index, user in enumerate(users):
        prison = prisons[index // len(STAFF_ROLES)]
        links.append(through(user=user, establishment=prison))
        estate.staff[(prison.pk, user.role)] = user
    through.objects.bulk_create(links)
    for prison in prisons:
        estate.staff[(prison.pk, Role.SYSTEM_ADMIN)] = estate.admin

    for prison in prisons:
        scheme_presets_ensure(establishment=prison, actor=estate.admin)
    for scheme in Scheme.objects.filter(establishment__in=prisons).order_by("pk"):
        estate.schemes.setdefault(scheme.establishment_id, {})[scheme.preset] = scheme
    for role in RoleDescription.objects.filter(scheme__establishment__in=prisons).order_by("version"):
        estate.roles[role.scheme_id] = role.pk
    for check in EligibilityCheck.objects.filter(
        scheme__establishment__in=prisons, archived_at__isnull=True
    ).order_by("order"):
        estate.checks.setdefault(check.scheme_id, []).append(check.pk)

    schemes = [s for by_preset in estate.schemes.values() for s in by_preset.values()]
    SchemeLead.objects.bulk_create(
        # Every prison's Buddies has lost its lead (and cancelled its last meetings): the
        # oversight sweep must have something to find.
        SchemeLead(
            scheme=s,
            user=estate.coordinator(s.establishment_id),
            started_on=estate.since,
            **(
                {"ended_on": estate.today - timedelta(days=100), "ended_by": estate.admin}
                if s.preset == "buddies"
                else {}
            ),
        )
        for s in schemes
    )
    # The rate before the presets' (which take effect today), for the years before.
    SchemeRate.objects.bulk_create(
        SchemeRate(
            scheme=s,
            weekly_rate_pence=rate.weekly_rate_pence - 50,
            effective_from=estate.since,
            set_by=estate.admin,
            set_at=estate.now,
        )
        for s in schemes
        for rate in s.rates.all()[:1]
    )
    from concerns.models import Department

    for prison in prisons:  # the concerns' departments answer to the safer-custody manager
        Department.objects.filter(establishment=prison, owner=None).update(
            owner=estate.staff[(prison.pk, Role.SAFER_CUSTODY_MANAGER)]
        )


def prison_number(n: int) -> str:
    """The `n`th bench prison number, in the A1234BC format: none is a demo's (those end AA, WL,
    RL, NW or ZZ)."""
    return f"{chr(65 + n // 10000 % 26)}{n % 10000:04d}B{chr(65 + n // 260000 % 26)}"


@dataclass(frozen=True)
class Career:
    """One peer worker: when they left custody (None: still in), and whether they work today."""

    worker: int
    prison: int
    left_on: date | None
    left_as: str
    current: bool


def _people(estate: Estate) -> None:
    """Everyone on the roll today, and the people who left over the years; the peer workers among
    them are picked here and given careers in `_contracts`."""
    rng, ids = estate.rng, Ids(PeerWorker)
    careers: list[Career] = []
    movements: list[dict] = []
    counter = iter(range(10**7))

    def rows():
        for index, prison in enumerate(estate.prisons):
            wings = estate.wings[prison.pk]
            in_custody = estate.per_prison(IN_CUSTODY, least=24)
            peer_workers = estate.per_prison(PEER_WORKERS, least=16)
            current = max(8, round(peer_workers * CURRENT_SHARE))
            past_inside = round((peer_workers - current) * 0.3)
            past_left = peer_workers - current - past_inside
            estate.in_custody[prison.pk] = []
            estate.residents[prison.pk] = []
            for n in range(in_custody):
                pk, number = ids.take(), next(counter)
                is_worker = n < current + past_inside
                estate.in_custody[prison.pk].append(pk)
                if is_worker:
                    careers.append(Career(pk, prison.pk, None, "", n < current))
                else:
                    estate.residents[prison.pk].append(pk)
                wing = wings[-1] if n % 10 == 9 else wings[n % (len(wings) - 1)]
                if is_worker:
                    estate.workers[pk] = (prison.pk, wing, *_name(number), prison_number(number))
                if not is_worker and n % 25 == 0 and len(estate.prisons) > 1:
                    sender = estate.prisons[(index + 1 + n % 7) % len(estate.prisons)]
                    if sender.pk != prison.pk:
                        movements.append(
                            {
                                "worker_id": pk,
                                "from_establishment_id": sender.pk,
                                "to_establishment_id": prison.pk,
                                "moved_at": estate.at(estate.today - timedelta(days=1 + n % 300), 11),
                                "how": Movement.How.TRANSFER,
                                "recorded_by_id": estate.staff[(sender.pk, Role.SAFER_CUSTODY_MANAGER)].pk,
                            }
                        )
                yield _person(
                    estate,
                    pk,
                    number,
                    prison.pk,
                    wing=wing,
                    cell=f"{n % 4 + 1}-{n % 40 + 1:02d}",
                    level=("enhanced" if is_worker else ("basic", "standard", "standard", "enhanced")[n % 4]),
                    release=estate.today + timedelta(days=30 + rng.randrange(3000)),
                )
            for n in range(round(in_custody * TURNOVER)):
                pk, number = ids.take(), next(counter)
                as_ = (
                    PeerWorker.CustodyStatus.TRANSFERRED_OUT
                    if n % 10 < 3
                    else PeerWorker.CustodyStatus.RELEASED
                )
                is_worker = n < past_left
                earliest = estate.since + TERM + timedelta(days=1) if is_worker else estate.since
                left_on = earliest + timedelta(days=rng.randrange((estate.today - earliest).days))
                if is_worker:
                    careers.append(Career(pk, prison.pk, left_on, as_, False))
                    estate.workers[pk] = (prison.pk, wings[n % 7], *_name(number), prison_number(number))
                yield _person(
                    estate,
                    pk,
                    number,
                    prison.pk,
                    status=as_,
                    release=left_on if as_ == PeerWorker.CustodyStatus.RELEASED else None,
                )

    estate.write(PeerWorker, rows())
    estate.write(Movement, iter(movements), with_ids=False)
    estate.careers = careers


def _name(number: int) -> tuple[str, str]:
    return FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[number // 7 % len(LAST_NAMES)]


def _person(estate, pk, number, prison, *, wing=None, cell="", level="standard", release=None, status=None):
    first, last = _name(number)
    return {
        "id": pk,
        "prison_number": prison_number(number),
        "first_name": first,
        "last_name": last,
        "establishment_id": prison,
        "location_id": wing,
        "cell": cell,
        "iep_level": level,
        "earliest_release_date": release,
        "custody_status": status or PeerWorker.CustodyStatus.IN_CUSTODY,
        "last_proven_adjudication_on": (
            estate.today - timedelta(days=number % 700) if number % 7 == 0 and level != "enhanced" else None
        ),
    }


def _world(estate: Estate, *, seconds: float) -> dict:
    from concerns.models import Concern
    from flags.models import Flag
    from pay.models import PayWeek
    from rota.models import CallOut, RotaWeek
    from support.models import Pair
    from welfare.models import CheckIn

    first = estate.prisons[0]
    listeners = estate.schemes[first.pk][Scheme.LISTENERS]
    contract = (
        Contract.objects.filter(scheme=listeners, status=Contract.Status.ACTIVE, signed_on__isnull=False)
        .select_related("worker")
        .order_by("pk")
        .first()
    )
    meeting = listeners.meetings.filter(status="held").order_by("-starts_at").first()
    written = {
        (m._meta.db_table.split("_", 1)[1] if m._meta.auto_created else m._meta.verbose_name_plural): n
        for m, n in estate.written.items()
    }
    in_custody = sum(len(v) for v in estate.in_custody.values())
    people = PeerWorker.objects.count()
    counts = (
        f"{len(estate.prisons)} prisons, {sum(len(s) for s in estate.schemes.values())} schemes, "
        f"{people:,} people ({in_custody:,} in custody, {people - in_custody:,} released or transferred), "
        f"{len(estate.workers):,} peer workers, {Contract.objects.count():,} contracts, "
        f"{written.get('supervision meetings', 0):,} meetings, "
        + ", ".join(
            f"{n:,} {name}"
            for name, n in written.items()
            if name
            not in ("peer workers", "contracts", "supervision meetings", "application checks", "movements")
        )
        + f" ({connection.vendor})"
    )
    return {
        "establishment": first,
        "staff": estate.staff,
        "scheme": listeners,
        "worker": contract.worker if contract else None,
        "contract": contract,
        "role_description": RoleDescription.objects.filter(scheme=listeners).order_by("-version").first(),
        "application": Application.objects.filter(scheme__establishment=first).order_by("-pk").first(),
        "meeting": meeting,
        "workload_scheme": listeners,
        "workload_counts": estate.notes.get("workload_counts", ""),
        "rota_week": RotaWeek.objects.filter(rota__establishment=first, published_at__isnull=False)
        .order_by("-starts_on")
        .exclude(starts_on__gt=estate.today - timedelta(days=7))
        .first(),
        "flag": Flag.objects.filter(establishment=first, resolved_at__isnull=True).order_by("pk").first(),
        "concern": Concern.objects.filter(establishment=first).order_by("-raised_at").first(),
        "pair": Pair.objects.filter(establishment=first, ended_on__isnull=True).order_by("pk").first(),
        "checkin": CheckIn.objects.filter(establishment=first).order_by("-on").first(),
        "call_out": CallOut.objects.filter(establishment=first).order_by("-requested_at").first(),
        "pay_week": PayWeek.objects.filter(establishment=first).order_by("-starts_on").first(),
        "counts": counts,
        "seconds": seconds,
    }
