"""A week of the rota: fill its gaps, copy last week into it, publish it."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from peerwork.formats import long_date
from peerwork.records import save
from rota.models import Assignment, CoverPoint, Rota, RotaWeek, ShiftType
from rota.planning import FillPlan, Pattern, RotaPlan, propose
from rota.rules import RotaRuleError, Slot, short_day
from rota.services.assignments import add_checked, queue_gap_check, week_get_or_create
from schemes.models import Contract
from schemes.rules import RuleError


def gaps_propose(*, rota: Rota, starts_on: date, now: datetime | None = None) -> FillPlan:
    """Proposals for the week's uncovered shifts, with a reason each. Reads only; writes nothing."""
    plan = RotaPlan.load(rota=rota, starts_on=starts_on)
    return propose(plan, Pattern.load(rota), now=now or timezone.now())


@dataclass(frozen=True)
class Choice:
    """A proposal as the coordinator accepted it (possibly with another Listener chosen)."""

    day: date
    shift_type: ShiftType
    cover_point: CoverPoint
    contract: Contract
    reason: str = ""


class ProposalRefused(RotaRuleError):
    """One of the accepted proposals breaks a rule; `position` says which."""

    def __init__(self, error: RotaRuleError, *, position: int):
        super().__init__(error.messages)
        self.position = position


@transaction.atomic
def proposals_accept(
    *, rota: Rota, starts_on: date, choices: Sequence[Choice], actor: User
) -> list[Assignment]:
    """Add every accepted proposal, or (if any breaks a rule) none of them."""
    assignments = []
    for position, choice in enumerate(choices):
        if not starts_on <= choice.day < starts_on + timedelta(days=7):
            raise RuleError(f"{short_day(choice.day)} is not in the week of {long_date(starts_on)}.")
        try:
            assignments.append(
                add_checked(
                    rota=rota,
                    day=choice.day,
                    shift_type=choice.shift_type,
                    cover_point=choice.cover_point,
                    contract=choice.contract,
                    actor=actor,
                    proposed_reason=choice.reason,
                    change_reason="Added from a proposal" if choice.reason else "Added",
                )
            )
        except RotaRuleError as error:
            raise ProposalRefused(error, position=position) from error
    queue_gap_check()
    return assignments


# --- Copy last week -----------------------------------------------------------------------


@dataclass(frozen=True)
class CopyItem:
    source: Assignment
    slot: Slot
    contract: Contract | None
    refusal: str

    @property
    def name(self) -> str:
        return self.source.worker.full_name


@dataclass
class CopyPreview:
    to_copy: list[CopyItem]
    skipped: list[CopyItem]


def week_copy_preview(*, rota: Rota, starts_on: date) -> CopyPreview:
    """What copying last week's Listeners into this week would do: each one on the same shift, place
    and weekday, under their contract now; anyone who now fails a rule is left out, with why.

    Reads only, in a fixed number of queries, checking each copy against the others.
    """
    plan = RotaPlan.load(rota=rota, starts_on=starts_on)
    contract_of = {contract.worker_id: contract for contract in plan.contracts}
    sources = (
        Assignment.objects.filter(
            week__rota=rota, week__starts_on=starts_on - timedelta(days=7), status=Assignment.Status.ON
        )
        .select_related("worker", "shift_type", "cover_point")
        .order_by("day", "shift_type__order", "shift_type__starts", "cover_point__order", "pk")
    )
    preview = CopyPreview(to_copy=[], skipped=[])
    for source in sources:
        day = source.day + timedelta(days=7)
        slot = Slot.at(day=day, shift_type=source.shift_type, cover_point=source.cover_point)
        contract = contract_of.get(source.worker_id)
        refusal = ""
        if source.shift_type.archived_at or source.cover_point.archived_at:
            refusal = f"{slot.shift_name} at {slot.cover_point_name} is no longer on the rota."
        elif contract is None:
            refusal = f"{source.worker.full_name} no longer has a Listener contract."
        elif refusals := plan.refusals(contract, slot):
            refusal = " ".join(refusals[0].messages)
        item = CopyItem(source=source, slot=slot, contract=contract, refusal=refusal)
        if refusal or contract is None:  # no contract always comes with a refusal
            preview.skipped.append(item)
        else:
            preview.to_copy.append(item)
            plan.book(contract, slot)
    return preview


@dataclass
class CopyResult:
    copied: list[Assignment]
    skipped: list[CopyItem]


@transaction.atomic
def week_copy_previous(*, rota: Rota, starts_on: date, actor: User) -> CopyResult:
    """Copy last week into this one. Those who now fail a rule are skipped and reported."""
    week_get_or_create(rota=rota, starts_on=starts_on, actor=actor)
    preview = week_copy_preview(rota=rota, starts_on=starts_on)
    if not preview.to_copy and not preview.skipped:
        raise RuleError(f"Nobody was on the rota in the week of {long_date(starts_on - timedelta(days=7))}.")
    copied = []
    for item in preview.to_copy:
        assert item.contract is not None, "the preview copies only Listeners with a contract"
        copied.append(
            add_checked(
                rota=rota,
                day=item.slot.day,
                shift_type=item.source.shift_type,
                cover_point=item.source.cover_point,
                contract=item.contract,
                actor=actor,
                change_reason="Copied from the week before",
            )
        )
    queue_gap_check()
    return CopyResult(copied=copied, skipped=preview.skipped)


# --- Publish ----------------------------------------------------------------------------


@transaction.atomic
def week_publish(*, rota: Rota, starts_on: date, actor: User) -> RotaWeek:
    """Officers see a week once it is published. Later changes are recorded and shown as such."""
    week = week_get_or_create(rota=rota, starts_on=starts_on, actor=actor)
    if week.is_published:
        raise RuleError(
            f"This week was already published on {long_date(timezone.localdate(week.published_at))}. "
            "Changes since then show to officers straight away."
        )
    week.published_at = timezone.now()
    week.published_by = actor
    save(week, actor=actor, reason="Published")
    return week
