"""The benchmark's world (temporary: the estate builder replaces this file): today's national
build, prisons with their schemes, peer workers, contracts, meetings and staff, plus a year of
Listener work in the first prison, sized by `scale`."""

from datetime import datetime, timedelta

from django.db import connection
from django.utils import timezone

from peerwork.dates import monday_of


def build_estate(*, scale: float = 1.0, establishments: int = 120, years: int = 5) -> dict:
    """The world the harness measures: keys as demo.bench.world's contract gives them."""
    from accounts.models import Role, User

    world = build_world(establishments=establishments, workers=max(2, round(80 * scale)))
    world |= build_workload(
        world, workers=max(1, round(200 * scale)), weeks=max(2, round(52 * min(scale, 1)))
    )
    # Every role, at every prison: the harness signs in as each.
    for prison_pk in {pk for pk, _role in world["staff"]}:
        for role in (Role.SAFER_CUSTODY_OFFICER, Role.SYSTEM_ADMIN):
            user = User.objects.create(
                username=f"{role}-{prison_pk}", role=role, email=f"{role}@{prison_pk}.x"
            )
            user.establishments.add(prison_pk)
            world["staff"][(prison_pk, role)] = user
    return world


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


def _prison_number(n: int) -> str:
    """A unique number in the A1234BC format."""
    return f"{chr(65 + n // 10000 % 26)}{n % 10000:04d}BC"
