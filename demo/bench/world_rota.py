"""The estate's Listener rotas: every prison's, set up as the demo's (three shifts at three places),
with a published week for every week of the years built, filled from the Listeners in role that
week; a few call-outs a week; and the first prison's heavy Listener scheme (the workload page's).

The first prison's rota is set up by the demo itself (demo.rota.load_rota_demo: services, this
week filled by "Fill the gaps"); the others are written in bulk like it.
"""

from datetime import date, timedelta
from functools import cache

from accounts.models import Role
from demo.bench.world_rows import Ids, sequences_reset
from demo.rota import COVER_POINTS, NEEDS, PATTERN, load_rota_demo
from establishments.models import Location
from peerwork.dates import monday_of
from rota.models import (
    Assignment,
    CallOut,
    CoverNeed,
    CoverPoint,
    ListenerTraining,
    Rota,
    RotaWeek,
    ShiftType,
    wall_clock_time,
)
from schemes.models import Contract, PeerWorker, Scheme

MOST_SHIFTS_A_WEEK = 4
CALL_OUTS_A_WEEK = 3


def build(estate) -> None:
    _training(estate)
    sequences_reset(estate.written)  # the demo's rota creates rows through the ORM next
    first = estate.prisons[0]
    load_rota_demo(first, estate.coordinator(first.pk))
    _set_up(estate)
    rotas = {
        rota.establishment_id: rota
        for rota in Rota.objects.filter(establishment__in=estate.prisons).prefetch_related(
            "shift_types", "cover_points__needs__shift_type"
        )
    }
    weeks = _weeks(estate, rotas)
    _assignments(estate, rotas, weeks)
    _call_outs(estate)
    _workload(estate, rotas[first.pk], weeks[first.pk])


def _listeners(estate, prison_pk: int) -> list[tuple[int, date, date]]:
    return estate.tracks.get(estate.schemes[prison_pk][Scheme.LISTENERS].pk, [])


def _training(estate) -> None:
    """Samaritans training a fortnight before each Listener's first spell in the role."""
    trained: dict[int, date] = {}
    for prison in estate.prisons:
        for worker, first_day, _until in _listeners(estate, prison.pk):
            trained[worker] = min(trained.get(worker, first_day), first_day)
    estate.write(
        ListenerTraining,
        (
            {
                "worker_id": worker,
                "completed_on": first_day - timedelta(days=14),
                "establishment_id": estate.workers[worker][0],
                "recorded_by_id": estate.coordinator(estate.workers[worker][0]).pk,
                "recorded_at": estate.at(first_day - timedelta(days=14), 16),
            }
            for worker, first_day in trained.items()
        ),
        with_ids=False,
    )


def _set_up(estate) -> None:
    """Every other prison's rota as the demo's: the same shifts, places and needs."""
    others = estate.prisons[1:]
    rotas = Rota.objects.bulk_create(
        Rota(establishment=p, scheme=estate.schemes[p.pk][Scheme.LISTENERS], max_shifts_per_week=4)
        for p in others
    )
    shifts = ShiftType.objects.bulk_create(
        ShiftType(rota=rota, name=name, starts=starts, ends=ends, is_night=night, order=order)
        for rota in rotas
        for order, (name, starts, ends, night) in enumerate(PATTERN, start=1)
    )
    points = CoverPoint.objects.bulk_create(
        CoverPoint(rota=rota, name=name, order=order)
        for rota in rotas
        for order, (name, _wings) in enumerate(COVER_POINTS, start=1)
    )
    names = {
        (loc.establishment_id, loc.name): loc.pk for loc in Location.objects.filter(establishment__in=others)
    }
    CoverPoint.locations.through.objects.bulk_create(
        CoverPoint.locations.through(
            coverpoint_id=point.pk, location_id=names[(point.rota.establishment_id, wing)]
        )
        for point in points
        for name, wings in COVER_POINTS
        if point.name == name
        for wing in wings
    )
    shift_of = {(s.rota_id, s.name): s for s in shifts}
    CoverNeed.objects.bulk_create(
        CoverNeed(cover_point=point, shift_type=shift_of[(point.rota_id, shift)], listeners=n)
        for point in points
        for (place, shift), n in NEEDS.items()
        if point.name == place
    )


def _weeks(estate, rotas: dict[int, Rota]) -> dict[int, dict[date, int]]:
    """Every week of the years built, published the Thursday before. The first prison already has
    this week (the demo built it)."""
    ids = Ids(RotaWeek)
    weeks: dict[int, dict[date, int]] = {}
    existing = {(w.rota_id, w.starts_on) for w in RotaWeek.objects.all()}
    mondays = []
    monday = monday_of(estate.since) + timedelta(weeks=1)
    while monday <= estate.today:
        mondays.append(monday)
        monday += timedelta(weeks=1)

    def rows():
        for prison_pk, rota in rotas.items():
            weeks[prison_pk] = {}
            for monday in mondays:
                if (rota.pk, monday) in existing:
                    continue
                pk = ids.take()
                weeks[prison_pk][monday] = pk
                yield {
                    "id": pk,
                    "rota_id": rota.pk,
                    "starts_on": monday,
                    "published_at": estate.at(monday - timedelta(days=4), 15),
                    "published_by_id": estate.coordinator(prison_pk).pk,
                }

    estate.write(RotaWeek, rows())
    return weeks


@cache
def _span(starts, ends, day: date):
    end_day = day + timedelta(days=1) if ends <= starts else day
    return wall_clock_time(day, starts), wall_clock_time(end_day, ends)


def _in_role(spells, monday: date) -> list[int]:
    sunday = monday + timedelta(days=6)
    return [worker for worker, first, until in spells if first <= monday and until > sunday]


def _assignments(estate, rotas: dict[int, Rota], weeks: dict[int, dict[date, int]]) -> None:
    """Each week's needs met by the Listeners in role all that week, at most four shifts each; a
    few shifts taken off or waiting for cover."""
    ids = Ids(Assignment)

    def rows():
        for prison_pk, rota in rotas.items():
            spells = _listeners(estate, prison_pk)
            coordinator = estate.coordinator(prison_pk).pk
            needs = [
                (point.pk, need.shift_type, need.listeners)
                for point in rota.cover_points.all()
                for need in point.needs.all()
            ]
            for monday, week in weeks[prison_pk].items():
                listeners = _in_role(spells, monday)
                if not listeners:
                    continue
                load = dict.fromkeys(listeners, 0)
                turn = monday.toordinal()
                for offset in range(7):
                    day = monday + timedelta(days=offset)
                    on_shifts: dict[int, set[int]] = {}  # shift type -> who is on it that day
                    for point, shift, wanted in needs:
                        on_shift = on_shifts.setdefault(shift.pk, set())
                        placed = 0
                        for _ in range(len(listeners)):
                            if placed == wanted:
                                break
                            worker = listeners[turn % len(listeners)]
                            turn += 1
                            if load[worker] >= MOST_SHIFTS_A_WEEK or worker in on_shift:
                                continue
                            load[worker] += 1
                            on_shift.add(worker)
                            placed += 1
                            starts_at, ends_at = _span(shift.starts, shift.ends, day)
                            pk = ids.take()
                            row = {
                                "id": pk,
                                "week_id": week,
                                "day": day,
                                "shift_type_id": shift.pk,
                                "cover_point_id": point,
                                "worker_id": worker,
                                "starts_at": starts_at,
                                "ends_at": ends_at,
                                "created_by_id": coordinator,
                                "created_at": estate.at(monday - timedelta(days=5), 10),
                            }
                            if pk % 97 == 0:
                                row |= {
                                    "status": Assignment.Status.REMOVED,
                                    "removed_by_id": coordinator,
                                    "removed_at": estate.at(monday - timedelta(days=1), 9),
                                    "removed_reason": "Moved to another shift",
                                }
                            elif pk % 61 == 0:
                                row["status"] = Assignment.Status.NEEDS_COVER
                            yield row

    estate.write(Assignment, rows())


def _call_outs(estate) -> None:
    """A few call-outs a week at every prison, to Listeners in role that week; one in ten off the
    rota, one in fifty recorded in error and archived."""
    rng, ids = estate.rng, Ids(CallOut)
    a_week = estate.per_prison(CALL_OUTS_A_WEEK)
    kinds = list(CallOut.RequestedBy.values)

    def rows():
        for prison in estate.prisons:
            spells = _listeners(estate, prison.pk)
            wings = estate.wings[prison.pk]
            officer = estate.staff[(prison.pk, Role.WING_OFFICER)].pk
            monday = monday_of(estate.since) + timedelta(weeks=1)
            while monday < monday_of(estate.today):
                listeners = _in_role(spells, monday)
                for n in range(a_week if listeners else 0):
                    asked = estate.at(
                        monday + timedelta(days=rng.randrange(7)), rng.randrange(24), rng.randrange(60)
                    )
                    started = asked + timedelta(minutes=5 + rng.randrange(20))
                    ended = started + timedelta(minutes=15 + rng.randrange(75))
                    pk = ids.take()
                    archived = pk % 50 == 0
                    yield {
                        "id": pk,
                        "establishment_id": prison.pk,
                        "location_id": wings[rng.randrange(len(wings))],
                        "listener_id": listeners[rng.randrange(len(listeners))],
                        "requested_at": asked,
                        "requested_by": kinds[n % len(kinds)],
                        "started_at": started,
                        "ended_at": ended,
                        "off_rota": pk % 10 == 0,
                        "recorded_by_id": officer,
                        "recorded_at": ended + timedelta(minutes=30),
                        "archived_at": ended + timedelta(days=1) if archived else None,
                        "archived_by_id": officer if archived else None,
                        "archived_reason": "Recorded twice" if archived else "",
                    }
                monday += timedelta(weeks=1)

    estate.write(CallOut, rows())


def _workload(estate, rota: Rota, weeks: dict[date, int], how_many_weeks: int = 52) -> None:
    """The first prison's heavy Listener scheme: 200 more Listeners (at scale 1), in role for the
    past year under back-to-back contracts, each with a day shift a week and two call-outs a week
    (one at night); one call-out in twenty archived, one in ten off the rota."""
    first = estate.prisons[0]
    scheme = estate.schemes[first.pk][Scheme.LISTENERS]
    coordinator = estate.coordinator(first.pk).pk
    count = estate.per_prison(200, least=3)
    wings = estate.wings[first.pk]
    day_shift = min((s for s in rota.shift_types.all() if not s.is_night), key=lambda s: s.starts)
    point = min(rota.cover_points.all(), key=lambda p: p.order)
    # Ids chosen here too: the sequences are set past the written rows only at the end.
    people, contracts, shift_ids, call_out_ids = Ids(PeerWorker), Ids(Contract), Ids(Assignment), Ids(CallOut)
    workers = [people.take() for _ in range(count)]
    estate.write(
        PeerWorker,
        (
            {
                "id": pk,
                "prison_number": f"W{n:04d}WL",
                "first_name": f"Listener{n}",
                "last_name": "Busy",
                "establishment_id": first.pk,
                "location_id": wings[n % len(wings)],
                "cell": f"{n % 4 + 1}-{n % 40 + 1:02d}",
                "iep_level": "enhanced",
                "earliest_release_date": estate.today + timedelta(days=700),
            }
            for n, pk in enumerate(workers)
        ),
    )
    latest = estate.today - timedelta(days=7)

    def contract_rows():
        for n, worker in enumerate(workers):
            previous = None
            last_start = latest - timedelta(days=n % 150)
            for term in range(3):
                start = last_start - timedelta(days=182 * (2 - term))
                pk, current = contracts.take(), term == 2
                yield {
                    "id": pk,
                    "worker_id": worker,
                    "scheme_id": scheme.pk,
                    "role_description_id": estate.roles[scheme.pk],
                    "renewal_of_id": previous,
                    "start_date": start,
                    "end_date": start + timedelta(days=182),
                    "status": Contract.Status.ACTIVE if current else Contract.Status.ENDED,
                    "signed_on": start,
                    "witnessed_by_id": coordinator,
                    "issued_by_id": coordinator,
                    "issued_at": estate.at(start - timedelta(days=3), 10),
                    "ended_on": None if current else start + timedelta(days=182),
                    "end_reason": "" if current else "renewed",
                    "ended_by_id": None if current else coordinator,
                }
                previous = pk
            estate.workers[worker] = (first.pk, wings[n % len(wings)], f"Listener{n}", "Busy", f"W{n:04d}WL")

    estate.write(Contract, contract_rows())
    estate.write(
        ListenerTraining,
        (
            {
                "worker_id": worker,
                "completed_on": estate.today - timedelta(days=600),
                "establishment_id": first.pk,
                "recorded_by_id": coordinator,
                "recorded_at": estate.now,
            }
            for worker in workers
        ),
        with_ids=False,
    )
    mondays = [monday_of(estate.today) - timedelta(weeks=n) for n in range(1, how_many_weeks + 1)]
    shifts = sum(1 for _ in workers for monday in mondays if monday in weeks)

    def shift_rows():
        for index, worker in enumerate(workers):
            for monday in mondays:
                if monday not in weeks:
                    continue
                day = monday + timedelta(days=index % 7)
                starts_at, ends_at = _span(day_shift.starts, day_shift.ends, day)
                yield {
                    "id": shift_ids.take(),
                    "week_id": weeks[monday],
                    "day": day,
                    "shift_type_id": day_shift.pk,
                    "cover_point_id": point.pk,
                    "worker_id": worker,
                    "starts_at": starts_at,
                    "ends_at": ends_at,
                    "created_by_id": coordinator,
                    "created_at": estate.now,
                }

    def call_out_rows():
        for index, worker in enumerate(workers):
            for monday in mondays:
                for hour, offset in ((14, 1), (23, 3)):
                    asked = estate.at(monday + timedelta(days=offset), hour, index % 60)
                    archived = (index + offset) % 20 == 0
                    yield {
                        "id": call_out_ids.take(),
                        "establishment_id": first.pk,
                        "location_id": wings[index % len(wings)],
                        "listener_id": worker,
                        "requested_at": asked,
                        "requested_by": CallOut.RequestedBy.OFFICER,
                        "started_at": asked + timedelta(minutes=5),
                        "ended_at": asked + timedelta(minutes=35 + index % 40),
                        "off_rota": (index + offset) % 10 == 0,
                        "recorded_by_id": coordinator,
                        "recorded_at": asked + timedelta(hours=1),
                        "archived_at": asked + timedelta(hours=2) if archived else None,
                        "archived_by_id": coordinator if archived else None,
                        "archived_reason": "Recorded in error" if archived else "",
                    }

    estate.write(Assignment, shift_rows())
    estate.write(CallOut, call_out_rows())
    estate.notes["workload_counts"] = (
        f"{count} Listeners, {shifts} shifts, {count * len(mondays) * 2} call-outs"
    )
