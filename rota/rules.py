"""Who may be on the rota, as check_* functions that raise a typed error explaining the refusal.

Each check takes plain data (a `Slot` and the `Slot`s the person is already booked on), so the
same function serves two callers: a service adding one assignment loads that person's bookings
from the database, and "Fill the gaps" checks hundreds of possibilities against a plan held in
memory (`rota.planning.RotaPlan`) without a query each.

Refusals are keyed by the `listener` field, so a form shows the message next to the choice.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from establishments.models import Location
from peerwork.dates import monday_of
from peerwork.formats import long_date
from rota.models import Assignment, CoverPoint, ListenerTraining, Rota, ShiftType, Unavailability
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

FIELD = "listener"


class RotaRuleError(RuleError):
    """A rota rule refused the action."""


class NotAvailableUnderContract(RotaRuleError):
    pass


class NotTrained(RotaRuleError):
    pass


class OnABreak(RotaRuleError):
    pass


class ShiftsOverlap(RotaRuleError):
    pass


class WeeklyCapReached(RotaRuleError):
    pass


class TooManyNightsInARow(RotaRuleError):
    pass


class NotOnThePattern(RotaRuleError):
    pass


class PatternInUse(RotaRuleError):
    pass


class LocationCoveredTwice(RotaRuleError):
    pass


def short_day(day: date) -> str:
    """Tue 24 Nov."""
    return f"{day:%a} {day.day} {day:%b}"


def duration_words(duration: timedelta) -> str:
    """10 hours; 1 hour 30 minutes."""
    hours, minutes = divmod(int(duration.total_seconds()) // 60, 60)
    parts = [f"{hours} hour{'s' if hours != 1 else ''}"] if hours else []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    return " ".join(parts) or "0 minutes"


def _on_the_wall(moment: datetime) -> datetime:
    """What a London clock shows at `moment`, without its zone."""
    return timezone.localtime(moment).replace(tzinfo=None)


@dataclass(frozen=True)
class Slot:
    """A shift on a day at a cover point: an assignment, or one being considered."""

    day: date
    shift_type_id: int
    shift_name: str
    is_night: bool
    cover_point_id: int
    cover_point_name: str
    starts_at: datetime
    ends_at: datetime

    @classmethod
    def at(cls, *, day: date, shift_type: ShiftType, cover_point: CoverPoint) -> "Slot":
        starts_at, ends_at = shift_type.span(day)
        return cls(
            day=day,
            shift_type_id=shift_type.pk,
            shift_name=shift_type.name,
            is_night=shift_type.is_night,
            cover_point_id=cover_point.pk,
            cover_point_name=cover_point.name,
            starts_at=starts_at,
            ends_at=ends_at,
        )

    @classmethod
    def of(cls, assignment: Assignment) -> "Slot":
        """An assignment as a slot; its shift type and cover point should be loaded with it."""
        return cls(
            day=assignment.day,
            shift_type_id=assignment.shift_type_id,
            shift_name=assignment.shift_type.name,
            is_night=assignment.shift_type.is_night,
            cover_point_id=assignment.cover_point_id,
            cover_point_name=assignment.cover_point.name,
            starts_at=assignment.starts_at,
            ends_at=assignment.ends_at,
        )

    @property
    def key(self) -> tuple[date, int, int]:
        """The cell of the week grid this slot is in."""
        return (self.day, self.shift_type_id, self.cover_point_id)

    @property
    def week_starts_on(self) -> date:
        return monday_of(self.day)

    @property
    def length(self) -> timedelta:
        """How long the shift really lasts. In UTC: Python subtracts two datetimes of the same zone
        by their wall clocks, which would make the nights the clocks change 10 hours like any other."""
        return self.ends_at.astimezone(UTC) - self.starts_at.astimezone(UTC)

    @property
    def length_words(self) -> str:
        """10 hours; or, on the nights the clocks change, 9 hours: the clocks go forward an hour."""
        on_the_clock = _on_the_wall(self.ends_at) - _on_the_wall(self.starts_at)
        words = duration_words(self.length)
        if self.length == on_the_clock:
            return words
        change = abs(self.length - on_the_clock)
        by = "an hour" if change == timedelta(hours=1) else duration_words(change)
        return f"{words}: the clocks go {'forward' if self.length < on_the_clock else 'back'} {by}"

    def overlaps(self, other: "Slot") -> bool:
        # In UTC, so that two times in the hour the clocks go back compare as the instants they are.
        starts_at, ends_at = self.starts_at.astimezone(UTC), self.ends_at.astimezone(UTC)
        return starts_at < other.ends_at.astimezone(UTC) and other.starts_at.astimezone(UTC) < ends_at

    def describe(self) -> str:
        """Night at B wing on Tue 24 Nov."""
        return f"{self.shift_name} at {self.cover_point_name} on {short_day(self.day)}"


# --- Who can be assigned ----------------------------------------------------------------


def check_listener_contract(*, rota: Rota, contract: Contract, day: date) -> None:
    """An active (signed, not suspended) Listener contract that covers the day, and in custody."""
    name = contract.worker.full_name
    if contract.scheme_id != rota.scheme_id:
        problem = f"{name}'s contract is not for the Listener scheme."
    elif contract.worker.custody_status != PeerWorker.CustodyStatus.IN_CUSTODY:
        problem = f"{name} is {contract.worker.get_custody_status_display().lower()}, not in custody here."
    elif contract.status == Contract.Status.SUSPENDED:
        problem = f"{name}'s Listener contract is suspended, so they cannot be on the rota."
    elif contract.status == Contract.Status.AWAITING_SIGNATURE:
        problem = f"{name}'s Listener contract has not been signed yet, so they cannot be on the rota."
    elif contract.status != Contract.Status.ACTIVE:
        problem = f"{name}'s Listener contract has {contract.get_status_display().lower()}."
    elif day < contract.start_date:
        problem = (
            f"{name}'s Listener contract starts on {long_date(contract.start_date)}, after {short_day(day)}."
        )
    elif day >= contract.end_date:
        problem = (
            f"{name}'s Listener contract ends on {long_date(contract.end_date)}, "
            f"so they cannot be on the rota on {short_day(day)}."
        )
    else:
        return
    raise NotAvailableUnderContract({FIELD: problem})


def valid_training(training: Iterable[ListenerTraining], day: date) -> ListenerTraining | None:
    """The training that covers `day` and lasts longest, if any."""
    valid = [t for t in training if t.completed_on <= day and (t.valid_until is None or t.valid_until >= day)]
    return max(valid, key=lambda t: t.valid_until or date.max, default=None)


def check_trained(*, rota: Rota, worker: PeerWorker, day: date, training: Sequence[ListenerTraining]) -> None:
    """Samaritans Listener training completed by the day and not lapsed, when the rota asks for it."""
    if not rota.requires_training or valid_training(training, day) is not None:
        return
    name = worker.full_name
    lapsed = [t.valid_until for t in training if t.valid_until is not None and t.valid_until < day]
    if lapsed:
        problem = (
            f"{name}'s Listener training ran out on {long_date(max(lapsed))}. Record their refresher first."
        )
    elif training:
        first = min(t.completed_on for t in training)
        problem = f"{name}'s Listener training is recorded from {long_date(first)}, after {short_day(day)}."
    else:
        problem = f"{name} has no Listener training recorded. Record their Samaritans training first."
    raise NotTrained({FIELD: problem})


def check_not_on_a_break(*, worker: PeerWorker, day: date, breaks: Iterable[Unavailability]) -> None:
    """Not on a break from the rota that day (for example one agreed at a welfare check-in)."""
    for period in breaks:
        if period.archived_at is None and period.starts_on <= day <= period.ends_on:
            raise OnABreak(
                {
                    FIELD: (
                        f"{worker.full_name} is off the rota from {long_date(period.starts_on)} to "
                        f"{long_date(period.ends_on)}: {period.reason}"
                    )
                }
            )


def check_no_overlap(*, worker: PeerWorker, slot: Slot, booked: Iterable[Slot]) -> None:
    """Never on two shifts at once, wherever they are."""
    for other in sorted(booked, key=lambda s: s.starts_at):
        if other.overlaps(slot):
            raise ShiftsOverlap({FIELD: f"{worker.full_name} is already on {other.describe()}."})


def check_weekly_cap(*, rota: Rota, worker: PeerWorker, slot: Slot, booked: Iterable[Slot]) -> None:
    """At most `max_shifts_per_week` shifts in a week (Monday to Sunday, by the day a shift starts)."""
    monday = slot.week_starts_on
    count = sum(1 for other in booked if other.week_starts_on == monday)
    if count >= rota.max_shifts_per_week:
        raise WeeklyCapReached(
            {
                FIELD: (
                    f"{worker.full_name} already has {count} shift{'s' if count != 1 else ''} in the week of "
                    f"{monday.day} {monday:%B} (the most is {rota.max_shifts_per_week})."
                )
            }
        )


def check_nights_in_a_row(*, rota: Rota, worker: PeerWorker, slot: Slot, booked: Iterable[Slot]) -> None:
    """At most `max_nights_in_a_row` nights on consecutive days, counting this one."""
    if not slot.is_night:
        return
    nights = {other.day for other in booked if other.is_night}
    first = last = slot.day
    while first - timedelta(days=1) in nights:
        first -= timedelta(days=1)
    while last + timedelta(days=1) in nights:
        last += timedelta(days=1)
    run = (last - first).days + 1
    if run > rota.max_nights_in_a_row:
        raise TooManyNightsInARow(
            {
                FIELD: (
                    f"{worker.full_name} would work {run} nights in a row ({short_day(first)} to "
                    f"{short_day(last)}); the most is {rota.max_nights_in_a_row}."
                )
            }
        )


def assignment_refusals(
    *,
    rota: Rota,
    contract: Contract,
    slot: Slot,
    booked: Sequence[Slot],
    training: Sequence[ListenerTraining],
    breaks: Sequence[Unavailability] = (),
) -> list[RotaRuleError]:
    """Every rule the assignment of `contract`'s holder to `slot` would break, most basic first."""
    worker = contract.worker
    checks = [
        lambda: check_listener_contract(rota=rota, contract=contract, day=slot.day),
        lambda: check_not_on_a_break(worker=worker, day=slot.day, breaks=breaks),
        lambda: check_trained(rota=rota, worker=worker, day=slot.day, training=training),
        lambda: check_no_overlap(worker=worker, slot=slot, booked=booked),
        lambda: check_weekly_cap(rota=rota, worker=worker, slot=slot, booked=booked),
        lambda: check_nights_in_a_row(rota=rota, worker=worker, slot=slot, booked=booked),
    ]
    refusals = []
    for check in checks:
        try:
            check()
        except RotaRuleError as error:
            refusals.append(error)
    return refusals


def check_assignable(
    *,
    rota: Rota,
    contract: Contract,
    slot: Slot,
    booked: Sequence[Slot],
    training: Sequence[ListenerTraining],
    breaks: Sequence[Unavailability] = (),
) -> None:
    """Raise the first rule the assignment would break."""
    refusals = assignment_refusals(
        rota=rota, contract=contract, slot=slot, booked=booked, training=training, breaks=breaks
    )
    if refusals:
        raise refusals[0]


# --- The pattern -------------------------------------------------------------------------


def check_on_the_pattern(*, rota: Rota, shift_type: ShiftType, cover_point: CoverPoint) -> None:
    """Assignments go to shifts and places this rota uses now."""
    if shift_type.rota_id != rota.pk or cover_point.rota_id != rota.pk:
        raise NotOnThePattern("That shift or place is not on this rota.")
    if shift_type.archived_at is not None:
        raise NotOnThePattern(f"The {shift_type.name} shift is no longer used.")
    if cover_point.archived_at is not None:
        raise NotOnThePattern(f"{cover_point.name} no longer needs cover on this rota.")


def check_not_ended(*, slot: Slot, now: datetime) -> None:
    if slot.ends_at <= now:
        raise RotaRuleError(f"{slot.describe()} has already ended.")


def check_pattern_unused(*, live_from_now: Sequence[Assignment], what: str, field: str | None = None) -> None:
    """A shift or place with Listeners on it from now on cannot be retimed or retired."""
    if not live_from_now:
        return
    first = timezone.localtime(min(a.starts_at for a in live_from_now)).date()
    count = len(live_from_now)
    message = (
        f"{count} Listener shift{'s are' if count != 1 else ' is'} on the rota at {what} from "
        f"{short_day(first)}. Take {'them' if count != 1 else 'it'} off the rota first."
    )
    raise PatternInUse({field: message} if field else message)


def check_locations_covered_once(
    *, locations: Iterable[Location], taken: dict[int, str], field: str = "locations"
) -> None:
    """A wing belongs to one cover point, so that an officer knows whose Listener to call."""
    clashes = [f"{location.name} ({taken[location.pk]})" for location in locations if location.pk in taken]
    if clashes:
        raise LocationCoveredTwice(
            {field: f"Already covered by another place on this rota: {', '.join(clashes)}."}
        )
