"""Putting Listeners on shifts, taking them off, and covering a shift someone cannot do.

Every assignment runs every rule in `rota.rules`; a refusal saves nothing. Nothing is deleted: a
Listener taken off keeps their row, marked removed with who, when and why. A change to a published
week is recorded like any other (the history), and the week grid shows it.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from peerwork.dates import monday_of
from peerwork.queue import after_commit
from peerwork.records import save
from rota import tasks
from rota.models import Assignment, CoverPoint, ListenerTraining, Rota, RotaWeek, ShiftType, Unavailability
from rota.planning import window
from rota.rules import (
    RotaRuleError,
    Slot,
    check_assignable,
    check_not_ended,
    check_on_the_pattern,
)
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

Status = Assignment.Status


def queue_gap_check() -> None:
    """Re-check the rota gap flags once this change commits, so a gap covered now clears now."""
    after_commit(tasks.rota_gaps)


def week_get_or_create(*, rota: Rota, starts_on: date, actor: User) -> RotaWeek:
    """The week starting `starts_on` (a Monday). Call inside the caller's transaction.

    Two changes to a week nobody has started yet (two Listeners added at once) both start it; the
    unique week lets one in, and the other carries on with that one.
    """
    if starts_on.weekday() != 0:
        raise RuleError("A rota week starts on a Monday.")
    week = RotaWeek.objects.select_for_update().filter(rota=rota, starts_on=starts_on).first()
    if week is None:
        try:
            week = RotaWeek(rota=rota, starts_on=starts_on)
            save(week, actor=actor, reason="Started")
        except ValidationError:
            week = RotaWeek.objects.select_for_update().filter(rota=rota, starts_on=starts_on).first()
            if week is None:
                raise
    return week


def _bookings(worker: PeerWorker, rota: Rota, day: date) -> list[Slot]:
    first, last = window(rota, monday_of(day))
    return [
        Slot.of(assignment)
        for assignment in Assignment.objects.filter(
            worker=worker, status__in=Assignment.LIVE, day__range=(first, last)
        ).select_related("shift_type", "cover_point")
    ]


def add_checked(
    *,
    rota: Rota,
    day: date,
    shift_type: ShiftType,
    cover_point: CoverPoint,
    contract: Contract,
    actor: User,
    proposed_reason: str = "",
    cover_for: Assignment | None = None,
    change_reason: str = "Added",
) -> Assignment:
    """Check every rule against the database and save. Runs inside the caller's transaction."""
    check_on_the_pattern(rota=rota, shift_type=shift_type, cover_point=cover_point)
    # Locking the Listener's row makes two assignments of the same person wait for each other, so
    # neither can slip past the other's overlap and cap checks. NO KEY UPDATE, so that a renewal of
    # their contract (which holds the contract, then inserts a row pointing at them) cannot deadlock
    # with this, which holds them and then waits for the contract.
    PeerWorker.objects.select_for_update(no_key=True).get(pk=contract.worker_id)
    contract = Contract.objects.select_for_update().select_related("worker").get(pk=contract.pk)
    slot = Slot.at(day=day, shift_type=shift_type, cover_point=cover_point)
    check_assignable(
        rota=rota,
        contract=contract,
        slot=slot,
        booked=_bookings(contract.worker, rota, day),
        training=list(ListenerTraining.objects.filter(worker_id=contract.worker_id)),
        breaks=list(
            Unavailability.objects.in_force_on(day).filter(
                worker_id=contract.worker_id, establishment_id=rota.establishment_id
            )
        ),
    )
    week = week_get_or_create(rota=rota, starts_on=monday_of(day), actor=actor)
    assignment = Assignment(
        week=week,
        day=day,
        shift_type=shift_type,
        cover_point=cover_point,
        worker=contract.worker,
        starts_at=slot.starts_at,
        ends_at=slot.ends_at,
        cover_for=cover_for,
        proposed_reason=proposed_reason[:200],
        created_by=actor,
        created_at=timezone.now(),
    )
    save(assignment, actor=actor, reason=change_reason)
    return assignment


@transaction.atomic
def assignment_add(
    *,
    rota: Rota,
    day: date,
    shift_type: ShiftType,
    cover_point: CoverPoint,
    contract: Contract,
    actor: User,
    proposed_reason: str = "",
) -> Assignment:
    """Put a Listener on a shift. The week is started if it has not been yet."""
    assignment = add_checked(
        rota=rota,
        day=day,
        shift_type=shift_type,
        cover_point=cover_point,
        contract=contract,
        actor=actor,
        proposed_reason=proposed_reason,
        change_reason="Added from a proposal" if proposed_reason else "Added",
    )
    queue_gap_check()
    return assignment


def _lock(assignment: Assignment) -> Assignment:
    return (
        Assignment.objects.select_for_update(of=("self",))
        .with_standing()
        .select_related("week__rota", "shift_type", "cover_point", "worker")
        .get(pk=assignment.pk)
    )


def _take_off(assignment: Assignment, *, actor: User, reason: str) -> None:
    assignment.status = Status.REMOVED
    assignment.removed_by = actor
    assignment.removed_at = timezone.now()
    assignment.removed_reason = reason[:200]
    save(assignment, actor=actor, reason=f"Taken off: {reason}"[:100])


@transaction.atomic
def assignment_remove(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """Take a Listener off a shift. The row stays, with who took them off, when and why."""
    assignment = _lock(assignment)
    if assignment.status not in Assignment.LIVE:
        raise RuleError(f"{assignment.worker.full_name} is already off this shift.")
    if not reason.strip():
        raise RuleError({"reason": "Say why they are coming off this shift."})
    _take_off(assignment, actor=actor, reason=reason.strip())
    queue_gap_check()
    return assignment


@transaction.atomic
def assignment_needs_cover(*, assignment: Assignment, actor: User, reason: str) -> Assignment:
    """The Listener cannot do the shift: it shows as needing cover (a gap) until someone covers it."""
    assignment = _lock(assignment)
    if assignment.status != Status.ON:
        raise RuleError(
            f"Only a shift someone is on can need cover; this one is {assignment.get_status_display().lower()}."
        )
    check_not_ended(slot=Slot.of(assignment), now=timezone.now())
    if not reason.strip():
        raise RuleError({"reason": "Say why the shift needs cover."})
    assignment.status = Status.NEEDS_COVER
    save(assignment, actor=actor, reason=f"Needs cover: {reason.strip()}"[:100])
    queue_gap_check()
    return assignment


@transaction.atomic
def assignment_cover_withdraw(*, assignment: Assignment, actor: User) -> Assignment:
    """The Listener can do the shift after all."""
    assignment = _lock(assignment)
    if assignment.status != Status.NEEDS_COVER:
        raise RuleError("This shift is not waiting for cover.")
    assignment.status = Status.ON
    save(assignment, actor=actor, reason="Can do the shift after all")
    queue_gap_check()
    return assignment


@transaction.atomic
def assignment_cover(*, assignment: Assignment, contract: Contract, actor: User) -> Assignment:
    """Another Listener covers the shift: one marked as needing cover, or one whose Listener is
    suspended that day. The original assignment is kept, taken off with the reason "Covered by …",
    and linked from the new one (`cover_for`)."""
    assignment = _lock(assignment)
    if not assignment.needs_cover:
        raise RuleError("Mark the shift as needing cover before choosing who covers it.")
    check_not_ended(slot=Slot.of(assignment), now=timezone.now())
    if contract.worker_id == assignment.worker_id:
        raise RotaRuleError(
            {
                "listener": f"{assignment.worker.full_name} is the Listener who needs cover. Choose someone else."
            }
        )
    rota = assignment.week.rota
    cover = add_checked(
        rota=rota,
        day=assignment.day,
        shift_type=assignment.shift_type,
        cover_point=assignment.cover_point,
        contract=contract,
        actor=actor,
        cover_for=assignment,
        change_reason=f"Covers for {assignment.worker.full_name}"[:100],
    )
    _take_off(assignment, actor=actor, reason=f"Covered by {cover.worker.full_name}")
    queue_gap_check()
    return cover


def assignments_take_off_after_role_end(
    *, worker_id: int, scheme_id: int, from_day: date, actor: User, reason: str
) -> int:
    """Take a Listener off every shift of theirs from `from_day` that has not ended and that no
    Listener contract of theirs covers any more, with the contract's end as the reason. Runs inside
    the caller's transaction (the contract's end); the gap check goes out once it commits."""
    now = timezone.now()
    orphaned = list(
        Assignment.objects.select_for_update(of=("self",))
        .filter(
            worker_id=worker_id,
            week__rota__scheme_id=scheme_id,
            status__in=Assignment.LIVE,
            day__gte=from_day,
            ends_at__gt=now,
        )
        .with_standing()
        .filter(in_role=False)
    )
    for assignment in orphaned:
        _take_off(assignment, actor=actor, reason=f"Contract ended: {reason}")
    queue_gap_check()
    return len(orphaned)
