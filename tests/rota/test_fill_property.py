"""Whatever the contracts, suspensions, training, existing assignments and limits, "Fill the gaps"
never proposes anyone the rules refuse, and its proposals keep every rule when added one after
another through the same service a coordinator's click uses.

Each example is built inside a savepoint that is rolled back afterwards, on top of one rota with
Day, Evening and Night shifts at two places.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peerwork.dates import monday_of
from rota.models import Assignment, ListenerTraining, Rota, RotaWeek
from rota.planning import RotaPlan
from rota.services.assignments import assignment_add
from rota.services.setup import cover_needs_set
from rota.services.weeks import gaps_propose
from schemes.models import Contract
from tests.rota.conftest import WEEK, make_listener

Status = Contract.Status

listener_specs = st.fixed_dictionaries(
    {
        "status": st.sampled_from(
            [Status.ACTIVE] * 6 + [Status.SUSPENDED, Status.AWAITING_SIGNATURE, Status.ENDED, Status.EXPIRED]
        ),
        "starts": st.integers(min_value=-60, max_value=5),  # days from the Monday
        "ends": st.one_of(st.integers(min_value=-3, max_value=9), st.just(160)),  # days from the Monday
        "training": st.sampled_from(
            ["valid"] * 3 + ["no expiry", "none", "lapsed", "lapses midweek", "starts midweek"]
        ),
    }
)
existing_specs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=5),  # which Listener
        st.integers(min_value=-4, max_value=10),  # day, from the Monday (neighbouring weeks too)
        st.integers(min_value=0, max_value=2),  # which shift
        st.integers(min_value=0, max_value=1),  # which place
        st.sampled_from(["on", "on", "needs_cover", "removed"]),
    ),
    max_size=14,
)


def _training(worker, kind: str, actor) -> None:
    spans = {
        "valid": (WEEK - timedelta(days=100), WEEK + timedelta(days=300)),
        "lapsed": (WEEK - timedelta(days=400), WEEK - timedelta(days=1)),
        "lapses midweek": (WEEK - timedelta(days=400), WEEK + timedelta(days=3)),
        "starts midweek": (WEEK + timedelta(days=2), None),
        "no expiry": (WEEK - timedelta(days=10), None),
    }
    if kind in spans:
        completed_on, valid_until = spans[kind]
        ListenerTraining.objects.create(
            worker=worker,
            establishment_id=worker.establishment_id,
            completed_on=completed_on,
            valid_until=valid_until,
            recorded_by=actor,
            recorded_at=timezone.now(),
        )


def _existing(rota, contracts, shift_types, points, specs, actor) -> None:
    """Assignments written straight to the table, as history might have left them (even ones the
    rules would refuse today), within the database's own constraints."""
    live_keys = set()
    for who, offset, shift, point, status in specs:
        if who >= len(contracts):
            continue
        contract, day = contracts[who], WEEK + timedelta(days=offset)
        shift_type = shift_types[shift]
        if status != "removed":
            if (who, day, shift) in live_keys:
                continue
            live_keys.add((who, day, shift))
        week, _ = RotaWeek.objects.get_or_create(rota=rota, starts_on=monday_of(day))
        starts_at, ends_at = shift_type.span(day)
        Assignment.objects.create(
            week=week,
            day=day,
            shift_type=shift_type,
            cover_point=points[point],
            worker=contract.worker,
            starts_at=starts_at,
            ends_at=ends_at,
            status=status,
            created_by=actor,
            created_at=timezone.now(),
            removed_by=actor if status == "removed" else None,
            removed_at=timezone.now() if status == "removed" else None,
        )


def _eligible_on(contract: Contract, day: date, requires_training: bool) -> bool:
    """The rules, written out again independently of rota.rules."""
    if contract.status != Status.ACTIVE or not contract.start_date <= day < contract.end_date:
        return False
    if not requires_training:
        return True
    return (
        ListenerTraining.objects.filter(worker=contract.worker, completed_on__lte=day)
        .exclude(valid_until__lt=day)
        .exists()
    )


def _nights_run(nights: set[date], day: date) -> int:
    first = last = day
    while first - timedelta(days=1) in nights:
        first -= timedelta(days=1)
    while last + timedelta(days=1) in nights:
        last += timedelta(days=1)
    return (last - first).days + 1


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    specs=st.lists(listener_specs, min_size=2, max_size=6),
    existing=existing_specs,
    needs=st.lists(st.sampled_from([0, 1, 1, 2]), min_size=6, max_size=6),
    max_shifts=st.integers(min_value=1, max_value=5),
    max_nights=st.integers(min_value=1, max_value=3),
    requires_training=st.booleans(),
)
def test_filling_the_gaps_never_breaks_a_rule(
    pattern,
    day_shift,
    evening,
    night,
    a_point,
    b_point,
    listeners,
    coordinator,
    specs,
    existing,
    needs,
    max_shifts,
    max_nights,
    requires_training,
):
    shift_types, points = [day_shift, evening, night], [a_point, b_point]
    with transaction.atomic():
        Rota.objects.filter(pk=pattern.pk).update(
            max_shifts_per_week=max_shifts,
            max_nights_in_a_row=max_nights,
            requires_training=requires_training,
        )
        rota = Rota.objects.select_related("scheme", "establishment").get(pk=pattern.pk)
        cover_needs_set(
            rota=rota,
            actor=coordinator,
            needs={
                (point, shift): needs[i * 3 + j]
                for i, point in enumerate(points)
                for j, shift in enumerate(shift_types)
            },
        )
        contracts = []
        for n, spec in enumerate(specs):
            start = WEEK + timedelta(days=spec["starts"])
            contract = make_listener(
                listeners,
                coordinator,
                first_name=f"L{n}",
                last_name="Prop",
                status=spec["status"],
                start=start,
                end=max(WEEK + timedelta(days=spec["ends"]), start + timedelta(days=1)),
                trained=False,
            )
            _training(contract.worker, spec["training"], coordinator)
            contracts.append(contract)
        _existing(rota, contracts, shift_types, points, existing, coordinator)
        existing_ids = set(Assignment.objects.values_list("pk", flat=True))

        plan = gaps_propose(rota=rota, starts_on=WEEK)

        for proposal in plan.proposals:
            assert _eligible_on(proposal.contract, proposal.slot.day, requires_training), proposal
        by_pk = {shift.pk: shift for shift in shift_types}
        point_by_pk = {point.pk: point for point in points}
        for proposal in plan.proposals:  # raises if any rule refuses it
            assignment_add(
                rota=rota,
                day=proposal.slot.day,
                shift_type=by_pk[proposal.slot.shift_type_id],
                cover_point=point_by_pk[proposal.slot.cover_point_id],
                contract=proposal.contract,
                actor=coordinator,
                proposed_reason=proposal.reason,
            )

        live = list(Assignment.objects.filter(status__in=Assignment.LIVE).select_related("shift_type"))
        new = [a for a in live if a.pk not in existing_ids]
        for assignment in new:
            mine = [a for a in live if a.worker_id == assignment.worker_id]
            clashes = [
                a
                for a in mine
                if a.pk != assignment.pk
                and a.starts_at < assignment.ends_at
                and assignment.starts_at < a.ends_at
            ]
            assert not clashes, assignment
            monday = assignment.day - timedelta(days=assignment.day.weekday())
            assert sum(1 for a in mine if a.day - timedelta(days=a.day.weekday()) == monday) <= max_shifts
            if assignment.shift_type.is_night:
                nights = {a.day for a in mine if a.shift_type.is_night}
                assert _nights_run(nights, assignment.day) <= max_nights

        # Nothing left unfilled that someone could still take.
        final = RotaPlan.load(rota=rota, starts_on=WEEK)
        for unfilled in plan.unfilled:
            assert all(final.refusals(contract, unfilled.slot) for contract in final.contracts), unfilled

        transaction.set_rollback(True)
