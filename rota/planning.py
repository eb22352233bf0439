"""A week of the rota held in memory, for checking many possible assignments without a query each,
and "Fill the gaps": proposals for the uncovered shifts that keep every rule and share the load.

Nothing here writes. `RotaPlan.load` reads everything the rules need in a fixed number of queries;
`propose` books its proposals on the plan as it goes, so each one is checked against the others.
"""

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from rota.models import Assignment, CoverNeed, CoverPoint, ListenerTraining, Rota, ShiftType, Unavailability
from rota.rules import (
    NotAvailableUnderContract,
    NotTrained,
    OnABreak,
    RotaRuleError,
    ShiftsOverlap,
    Slot,
    TooManyNightsInARow,
    WeeklyCapReached,
    assignment_refusals,
    valid_training,
)
from schemes.models import Contract

# Nights are harder to staff and harder on the Listener: one night counts as two shifts when
# sharing out the load.
NIGHT_WEIGHT = 2


def week_days(starts_on: date) -> list[date]:
    return [starts_on + timedelta(days=n) for n in range(7)]


def window(rota: Rota, starts_on: date) -> tuple[date, date]:
    """The days whose bookings can affect a decision in the week: the week itself, plus enough on
    either side for nights in a row and for a Sunday night running into Monday."""
    margin = rota.max_nights_in_a_row + 1
    return starts_on - timedelta(days=margin), starts_on + timedelta(days=6 + margin)


@dataclass
class Pattern:
    """The rota's shifts, places and needs: those in use now, or those in use in a given week."""

    shift_types: list[ShiftType]
    cover_points: list[CoverPoint]
    needs: dict[tuple[int, int], int]  # (cover point, shift type) -> Listeners needed

    @classmethod
    def load(cls, rota: Rota, *, week_of: date | None = None) -> "Pattern":
        """Four queries. With `week_of` (a Monday), shifts and places retired during or after that
        week are included, so a past week still shows what was on it."""
        in_use = Q(archived_at__isnull=True)
        if week_of is not None:
            in_use |= Q(
                archived_at__gte=datetime.combine(week_of, time(0), tzinfo=timezone.get_current_timezone())
            )
        shift_types = list(rota.shift_types.filter(in_use).order_by("order", "starts"))
        cover_points = list(
            rota.cover_points.filter(in_use).prefetch_related("locations").order_by("order", "name")
        )
        needs = {
            (need.cover_point_id, need.shift_type_id): need.listeners
            for need in CoverNeed.objects.filter(
                cover_point__in=[point.pk for point in cover_points],
                shift_type__in=[shift.pk for shift in shift_types],
            )
        }
        return cls(shift_types=shift_types, cover_points=cover_points, needs=needs)

    def needed(self, cover_point: CoverPoint, shift_type: ShiftType) -> int:
        return self.needs.get((cover_point.pk, shift_type.pk), 0)

    def covers_location(self, cover_point_id: int, location_id: int | None) -> bool:
        """Whether the place is (or includes) that wing."""
        point = next((p for p in self.cover_points if p.pk == cover_point_id), None)
        return point is not None and any(location.pk == location_id for location in point.locations.all())


@dataclass
class RotaPlan:
    """The Listeners who could be rostered in a week, their training and their bookings."""

    rota: Rota
    starts_on: date
    contracts: list[Contract]
    training: dict[int, list[ListenerTraining]]
    breaks: dict[int, list[Unavailability]] = field(default_factory=lambda: defaultdict(list))
    bookings: dict[int, list[Slot]] = field(default_factory=lambda: defaultdict(list))
    on_duty: Counter = field(default_factory=Counter)  # cell -> Listeners covering it

    @classmethod
    def load(cls, *, rota: Rota, starts_on: date) -> "RotaPlan":
        """Four queries, however many Listeners and assignments."""
        contracts = list(
            Contract.objects.open()
            .filter(scheme_id=rota.scheme_id)
            .select_related("worker", "worker__location")
            .order_by("worker__last_name", "worker__first_name", "pk")
        )
        training = defaultdict(list)
        for record in ListenerTraining.objects.filter(worker__in=[c.worker_id for c in contracts]):
            training[record.worker_id].append(record)
        first, last = window(rota, starts_on)
        breaks = defaultdict(list)
        for period in Unavailability.objects.filter(
            worker__in=[c.worker_id for c in contracts],
            establishment_id=rota.establishment_id,
            archived_at__isnull=True,
            starts_on__lte=last,
            ends_on__gte=first,
        ):
            breaks[period.worker_id].append(period)
        plan = cls(rota=rota, starts_on=starts_on, contracts=contracts, training=training, breaks=breaks)
        assignments = (
            Assignment.objects.filter(week__rota=rota, status__in=Assignment.LIVE, day__range=(first, last))
            .with_standing()
            .select_related("shift_type", "cover_point")
        )
        for assignment in assignments:
            slot = Slot.of(assignment)
            plan.bookings[assignment.worker_id].append(slot)
            if assignment.covers:
                plan.on_duty[slot.key] += 1
        return plan

    def booked(self, worker_id: int) -> list[Slot]:
        return self.bookings.get(worker_id, [])

    def book(self, contract: Contract, slot: Slot) -> None:
        self.bookings[contract.worker_id].append(slot)
        self.on_duty[slot.key] += 1

    def refusals(self, contract: Contract, slot: Slot) -> list[RotaRuleError]:
        return assignment_refusals(
            rota=self.rota,
            contract=contract,
            slot=slot,
            booked=self.booked(contract.worker_id),
            training=self.training.get(contract.worker_id, []),
            breaks=self.breaks.get(contract.worker_id, []),
        )

    def load_of(self, worker_id: int, monday: date) -> tuple[int, int]:
        """Shifts and nights this Listener has in the week starting `monday`."""
        week = [slot for slot in self.booked(worker_id) if slot.week_starts_on == monday]
        return len(week), sum(1 for slot in week if slot.is_night)

    def weighted_load(self, worker_id: int, monday: date) -> int:
        shifts, nights = self.load_of(worker_id, monday)
        return shifts + (NIGHT_WEIGHT - 1) * nights


# --- Candidates for one slot ---------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    contract: Contract
    refusals: list[RotaRuleError]
    shifts: int
    nights: int

    @property
    def is_free(self) -> bool:
        return not self.refusals

    @property
    def refusal(self) -> str:
        return " ".join(self.refusals[0].messages) if self.refusals else ""

    @property
    def load_text(self) -> str:
        """This week: 2 shifts, 1 night."""
        return f"This week: {load_words(self.shifts, self.nights)}"


def load_words(shifts: int, nights: int) -> str:
    """2 shifts, 1 night."""
    if shifts == 0:
        return "no shifts yet"
    night_text = "no nights" if nights == 0 else f"{nights} night{'s' if nights != 1 else ''}"
    return f"{shifts} shift{'s' if shifts != 1 else ''}, {night_text}"


def candidates(plan: RotaPlan, slot: Slot) -> list[Candidate]:
    """Every Listener with an open contract, those free to take `slot` first (least loaded first)."""
    monday = slot.week_starts_on
    found = [
        Candidate(contract, plan.refusals(contract, slot), *plan.load_of(contract.worker_id, monday))
        for contract in plan.contracts
    ]
    return sorted(found, key=lambda c: (not c.is_free, plan.weighted_load(c.contract.worker_id, monday)))


# --- Fill the gaps ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    slot: Slot
    needed: int
    on_duty: int

    @property
    def missing(self) -> int:
        return max(self.needed - self.on_duty, 0)


@dataclass(frozen=True)
class Proposal:
    slot: Slot
    contract: Contract
    reason: str


@dataclass(frozen=True)
class Unfilled:
    slot: Slot
    missing: int
    why: str


@dataclass
class FillPlan:
    proposals: list[Proposal]
    unfilled: list[Unfilled]
    started: int  # gaps left alone because the shift has already started


def gaps(plan: RotaPlan, pattern: Pattern) -> list[Gap]:
    """Every cell of the week with fewer Listeners on duty than it needs."""
    found = []
    for day in week_days(plan.starts_on):
        for shift_type in pattern.shift_types:
            for cover_point in pattern.cover_points:
                needed = pattern.needed(cover_point, shift_type)
                if not needed:
                    continue
                slot = Slot.at(day=day, shift_type=shift_type, cover_point=cover_point)
                on_duty = plan.on_duty[slot.key]
                if on_duty < needed:
                    found.append(Gap(slot=slot, needed=needed, on_duty=on_duty))
    return found


def _hardest_first(gap: Gap) -> tuple:
    """Nights first: they are the hardest to staff and the rules limit them most."""
    return (not gap.slot.is_night, gap.slot.starts_at, gap.slot.cover_point_name)


REFUSAL_WORDS = {
    NotAvailableUnderContract: "cannot work under their contract",
    NotTrained: "not trained",
    OnABreak: "on a break from the rota",
    ShiftsOverlap: "already on a shift then",
    WeeklyCapReached: "at their weekly limit",
    TooManyNightsInARow: "would work too many nights in a row",
}


def _why_unfilled(found: Sequence[Candidate]) -> str:
    if not found:
        return "No Listener has an open contract."
    counts = Counter(REFUSAL_WORDS.get(type(c.refusals[0]), "refused by a rule") for c in found)
    return "No Listener is free: " + ", ".join(f"{n} {words}" for words, n in counts.most_common()) + "."


def _reason(plan: RotaPlan, pattern: Pattern, chosen: Candidate, slot: Slot, free: int) -> str:
    contract = chosen.contract
    worker = contract.worker
    first = "The only Listener free" if free == 1 else "Fewest shifts this week"
    parts = [f"{first} ({load_words(chosen.shifts, chosen.nights)})"]
    if _lives_there(contract, slot, pattern):
        parts.append(f"lives on {worker.location.name}")
    if plan.rota.requires_training:
        training = valid_training(plan.training.get(worker.pk, []), slot.day)
        parts.append(f"trained until {_short(training.valid_until)}" if training.valid_until else "trained")
    parts.append(f"contract until {_short(contract.end_date)}")
    return "; ".join(parts)


def _short(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


def _lives_there(contract: Contract, slot: Slot, pattern: Pattern) -> bool:
    return pattern.covers_location(slot.cover_point_id, contract.worker.location_id)


def propose(plan: RotaPlan, pattern: Pattern, *, now: datetime) -> FillPlan:
    """Proposals for every gap that has not started, hardest first, each to the free Listener with
    the fewest (weighted) shifts that week; one who lives where the cover is needed breaks a tie.

    Each proposal is booked on `plan` before the next is chosen, so together they keep every rule.
    """
    proposals, unfilled, started = [], [], 0
    for gap in sorted(gaps(plan, pattern), key=_hardest_first):
        if gap.slot.starts_at <= now:
            started += 1
            continue
        for missing in range(gap.missing, 0, -1):
            found = candidates(plan, gap.slot)
            free = [c for c in found if c.is_free]
            if not free:
                unfilled.append(Unfilled(slot=gap.slot, missing=missing, why=_why_unfilled(found)))
                break
            monday = gap.slot.week_starts_on
            chosen = min(
                free,
                key=lambda c: (
                    plan.weighted_load(c.contract.worker_id, monday),
                    not _lives_there(c.contract, gap.slot, pattern),
                    c.nights,
                    c.contract.worker.last_name,
                    c.contract.worker.first_name,
                    c.contract.pk,
                ),
            )
            proposals.append(
                Proposal(
                    slot=gap.slot,
                    contract=chosen.contract,
                    reason=_reason(plan, pattern, chosen, gap.slot, len(free)),
                )
            )
            plan.book(chosen.contract, gap.slot)
    return FillPlan(proposals=proposals, unfilled=unfilled, started=started)
