"""The demo's Listener rota: Day, Evening and Night shifts at three places, trained Listeners, and
this week built by "Fill the gaps" and published with a few gaps left for the rota gaps job to flag.

Every step looks for what it would create first, so loading twice changes nothing. Everyone here is
fictional. Call it after `demo.data.load()`, which creates the prison, its wings and the Listeners.
"""

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from demo.data import demo_cell
from establishments.models import Establishment, Location
from peerwork.dates import monday_of
from peerwork.formats import long_date
from rota.models import CoverNeed, CoverPoint, Rota, RotaWeek, ShiftType
from rota.services import setup
from rota.services.gaps import rota_gaps_sync
from rota.services.weeks import Choice, gaps_propose, proposals_accept, week_publish
from schemes.models import Contract, PeerWorker, Scheme
from schemes.services import applications, contracts, people

PATTERN = [
    ("Day", time(8), time(17), False),
    ("Evening", time(17), time(21), False),
    ("Night", time(21), time(7), True),
]
COVER_POINTS = [
    ("A, B and C wings", ["A wing", "B wing", "C wing"]),
    ("D, E and F wings", ["D wing", "E wing", "F wing"]),
    ("Vulnerable prisoners' unit", ["Vulnerable prisoners' unit"]),
]
# (place, shift) -> Listeners needed every day: a Listener each night everywhere, and on the
# residential wings in the evening, when most requests come.
NEEDS = {
    ("A, B and C wings", "Night"): 1,
    ("D, E and F wings", "Night"): 1,
    ("Vulnerable prisoners' unit", "Night"): 1,
    ("A, B and C wings", "Evening"): 1,
    ("D, E and F wings", "Evening"): 1,
}
# More fictional Listeners, so that the week can be (nearly) covered: (prison number, first, last, wing)
MORE_LISTENERS = [
    ("A1010AA", "Nia", "Okoro", "D wing"),
    ("A1011AA", "Raf", "Silva", "E wing"),
    ("A1012AA", "Sol", "Turner", "F wing"),
    ("A1013AA", "Ty", "Umar", "Vulnerable prisoners' unit"),
    ("A1014AA", "Uma", "Vance", "B wing"),
]
GAPS_LEFT = 3


@transaction.atomic
def load_rota_demo(establishment: Establishment, actor: User) -> list[str]:
    """Set up the establishment's Listener rota and publish this week. Returns a summary line."""
    today = timezone.localdate()
    rota = Rota.objects.filter(establishment=establishment).first() or setup.rota_setup(
        establishment=establishment,
        actor=actor,
        max_shifts_per_week=4,
        max_nights_in_a_row=2,
        requires_training=True,
    )
    shifts = _shift_types(rota, actor)
    points = _cover_points(rota, establishment, actor)
    if not CoverNeed.objects.filter(cover_point__rota=rota).exists():
        setup.cover_needs_set(
            rota=rota,
            actor=actor,
            needs={(points[place], shifts[shift]): n for (place, shift), n in NEEDS.items()},
        )
    _more_listeners(rota.scheme, establishment, actor, today)
    _training(rota, actor, today)

    monday = monday_of(today)
    if not RotaWeek.objects.filter(rota=rota, starts_on=monday).exists():
        _build_week(rota, monday, actor)
    flags = rota_gaps_sync()  # so the gaps are flagged at once, not at the next hourly run
    week = RotaWeek.objects.get(rota=rota, starts_on=monday)
    shifts_on = week.assignments.filter(status__in=["on", "needs_cover"]).count()
    return [
        f"Listener rota: week of {long_date(monday)} published with {shifts_on} shifts on it; "
        f"{flags.opened} rota gap flag{'s' if flags.opened != 1 else ''} opened"
    ]


def _shift_types(rota: Rota, actor: User) -> dict[str, ShiftType]:
    found = {shift.name: shift for shift in rota.shift_types.filter(archived_at__isnull=True)}
    for order, (name, starts, ends, is_night) in enumerate(PATTERN, start=1):
        if name not in found:
            found[name] = setup.shift_type_add(
                rota=rota, actor=actor, name=name, starts=starts, ends=ends, is_night=is_night, order=order
            )
    return found


def _cover_points(rota: Rota, establishment: Establishment, actor: User) -> dict[str, CoverPoint]:
    found = {point.name: point for point in rota.cover_points.filter(archived_at__isnull=True)}
    for order, (name, wings) in enumerate(COVER_POINTS, start=1):
        if name not in found:
            locations = Location.objects.filter(establishment=establishment, name__in=wings, archived_at=None)
            found[name] = setup.cover_point_add(
                rota=rota, actor=actor, name=name, locations=locations, order=order
            )
    return found


def _more_listeners(scheme: Scheme, establishment: Establishment, actor: User, today) -> None:
    started = today - timedelta(days=30)
    for number, first, last, wing in MORE_LISTENERS:
        if PeerWorker.objects.filter(prison_number=number).exists():
            continue
        worker = people.peer_worker_create(
            establishment=establishment,
            actor=actor,
            prison_number=number,
            first_name=first,
            last_name=last,
            location=Location.objects.get(establishment=establishment, name=wing, archived_at=None),
            cell=demo_cell(number),
            earliest_release_date=today + timedelta(days=900),
        )
        application = applications.application_create(
            worker=worker, scheme=scheme, actor=actor, received_on=started - timedelta(days=30)
        )
        for check in application.checks.all():
            applications.application_check_record(check=check, outcome="passed", actor=actor)
        application = applications.application_approve(application=application, actor=actor)
        contract = contracts.contract_issue(
            worker=worker, scheme=scheme, actor=actor, start_date=started, application=application
        )
        contracts.contract_sign(contract=contract, signed_on=started, witnessed_by=actor, actor=actor)


def _training(rota: Rota, actor: User, today) -> None:
    """Samaritans training for every Listener in role who has none recorded."""
    untrained = (
        Contract.objects.active()
        .filter(scheme=rota.scheme, worker__listener_training__isnull=True)
        .select_related("worker")
    )
    for contract in untrained:
        setup.training_record(
            rota=rota,
            worker=contract.worker,
            actor=actor,
            completed_on=today - timedelta(days=60),
            valid_until=today + timedelta(days=730),
        )


def _build_week(rota: Rota, monday, actor: User) -> None:
    """This week from the proposals (as if filled on Monday morning), less a few, then published."""
    first_thing = timezone.make_aware(datetime.combine(monday, time(0)))
    plan = gaps_propose(rota=rota, starts_on=monday, now=first_thing)
    shift_types = {shift.pk: shift for shift in rota.shift_types.all()}
    points = {point.pk: point for point in rota.cover_points.all()}
    choices = [
        Choice(
            day=proposal.slot.day,
            shift_type=shift_types[proposal.slot.shift_type_id],
            cover_point=points[proposal.slot.cover_point_id],
            contract=proposal.contract,
            reason=proposal.reason,
        )
        for proposal in plan.proposals
    ]
    proposals_accept(rota=rota, starts_on=monday, choices=choices[:-GAPS_LEFT], actor=actor)
    week_publish(rota=rota, starts_on=monday, actor=actor)
