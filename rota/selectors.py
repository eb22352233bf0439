"""Every read the rota's pages need, scoped to the user's establishment: another prison's rota,
shifts, places or assignments are simply not found (404). Each read costs a fixed number of
queries, however many Listeners or assignments there are."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from establishments.models import Establishment, Location
from peerwork.audit import HistoricalRecord
from peerwork.dates import monday_of
from rota.models import Assignment, CoverPoint, ListenerTraining, Rota, RotaWeek, ShiftType
from rota.planning import Candidate, Pattern, RotaPlan, candidates, week_days
from rota.rules import Slot, short_day, valid_training
from schemes.models import Contract, Scheme


def rota_for(*, establishment: Establishment) -> Rota | None:
    return Rota.objects.select_related("scheme", "establishment").filter(establishment=establishment).first()


def rota_get(*, establishment: Establishment) -> Rota:
    return get_object_or_404(
        Rota.objects.select_related("scheme", "establishment"), establishment=establishment
    )


def listener_scheme(*, establishment: Establishment) -> Scheme | None:
    return Scheme.objects.filter(establishment=establishment, preset=Scheme.LISTENERS).first()


def shift_type_get(*, rota: Rota, pk: int) -> ShiftType:
    return get_object_or_404(ShiftType, rota=rota, pk=pk)


def cover_point_get(*, rota: Rota, pk: int) -> CoverPoint:
    return get_object_or_404(CoverPoint.objects.prefetch_related("locations"), rota=rota, pk=pk)


def assignment_get(*, rota: Rota, pk: int) -> Assignment:
    return get_object_or_404(
        Assignment.objects.with_standing().select_related(
            "week", "worker", "shift_type", "cover_point", "created_by", "removed_by"
        ),
        week__rota=rota,
        pk=pk,
    )


def pattern_lookup(*, rota: Rota) -> tuple[dict[int, ShiftType], dict[int, CoverPoint]]:
    """Every shift and place of the rota (retired ones too) by id, for reading posted choices."""
    return (
        {shift_type.pk: shift_type for shift_type in rota.shift_types.all()},
        {point.pk: point for point in rota.cover_points.all()},
    )


def listener_contracts(*, rota: Rota) -> list[Contract]:
    """Everyone with an open Listener contract, by name."""
    return list(
        Contract.objects.open()
        .filter(scheme_id=rota.scheme_id)
        .select_related("worker")
        .order_by("worker__last_name", "worker__first_name", "pk")
    )


def locations_to_cover(*, establishment: Establishment) -> QuerySet[Location]:
    return Location.objects.filter(establishment=establishment, archived_at__isnull=True).order_by("name")


# --- Set-up -----------------------------------------------------------------------------------


@dataclass
class Setup:
    shift_types: list[ShiftType]
    cover_points: list[CoverPoint]
    retired_shift_types: list[ShiftType]
    retired_cover_points: list[CoverPoint]
    needs: list[tuple[CoverPoint, list[tuple[ShiftType, int]]]]


def setup_overview(*, rota: Rota) -> Setup:
    shift_types = list(rota.shift_types.order_by("order", "starts"))
    cover_points = list(rota.cover_points.prefetch_related("locations").order_by("order", "name"))
    pattern_needs = Pattern.load(rota).needs
    active_shifts = [s for s in shift_types if s.archived_at is None]
    active_points = [p for p in cover_points if p.archived_at is None]
    return Setup(
        shift_types=active_shifts,
        cover_points=active_points,
        retired_shift_types=[s for s in shift_types if s.archived_at is not None],
        retired_cover_points=[p for p in cover_points if p.archived_at is not None],
        needs=[
            (point, [(shift, pattern_needs.get((point.pk, shift.pk), 0)) for shift in active_shifts])
            for point in active_points
        ],
    )


# --- The week grid --------------------------------------------------------------------------


@dataclass
class GridCell:
    day: date
    shift_type: ShiftType
    cover_point: CoverPoint
    needed: int
    assignments: list[Assignment] = field(default_factory=list)
    changed: bool = False

    @property
    def on_duty(self) -> int:
        return sum(1 for assignment in self.assignments if assignment.covers)

    @property
    def missing(self) -> int:
        return max(self.needed - self.on_duty, 0)

    @property
    def description(self) -> str:
        return f"{self.shift_type.name} at {self.cover_point.name} on {short_day(self.day)}"


@dataclass
class GridRow:
    cover_point: CoverPoint
    cells: list[GridCell]


@dataclass
class GridBlock:
    shift_type: ShiftType
    rows: list[GridRow]


@dataclass
class Change:
    when: datetime
    who: object
    what: str


@dataclass
class ListenerLoad:
    contract: Contract
    shifts: int = 0
    nights: int = 0


@dataclass
class WeekGrid:
    rota: Rota
    starts_on: date
    week: RotaWeek | None
    days: list[date]
    blocks: list[GridBlock]
    changes: list[Change]
    load: list[ListenerLoad]

    @property
    def is_published(self) -> bool:
        return self.week is not None and self.week.is_published

    @property
    def previous(self) -> date:
        return self.starts_on - timedelta(days=7)

    @property
    def next(self) -> date:
        return self.starts_on + timedelta(days=7)

    @property
    def cells(self) -> list[GridCell]:
        return [cell for block in self.blocks for row in block.rows for cell in row.cells]

    @property
    def missing(self) -> int:
        return sum(cell.missing for cell in self.cells)

    @property
    def nights_missing(self) -> int:
        return sum(cell.missing for cell in self.cells if cell.shift_type.is_night)

    @property
    def needs_cover(self) -> int:
        return sum(1 for cell in self.cells for assignment in cell.assignments if assignment.needs_cover)


def _changes_since_publishing(week: RotaWeek) -> tuple[list[Change], set[tuple[date, int, int]]]:
    """What changed after the week was published, from the history, newest first."""
    records = (
        Assignment.history.filter(week_id=week.pk, history_date__gt=week.published_at)
        .select_related("history_user", "worker", "shift_type", "cover_point")
        .order_by("-history_date", "-history_id")
    )
    changes, cells = [], set()
    for record in records:
        cells.add((record.day, record.shift_type_id, record.cover_point_id))
        where = f"{record.shift_type.name} at {record.cover_point.name} on {short_day(record.day)}"
        action = record.history_change_reason or ("Added" if record.history_type == "+" else "Changed")
        changes.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                what=f"{action}: {record.worker.full_name}, {where}",
            )
        )
    return changes, cells


def week_grid(*, rota: Rota, starts_on: date) -> WeekGrid:
    """Days x shifts x places for the week starting `starts_on`, each cell with its Listeners and
    how many it needs. Seven queries at most, however many Listeners are on it."""
    week = RotaWeek.objects.select_related("published_by").filter(rota=rota, starts_on=starts_on).first()
    pattern = Pattern.load(rota, week_of=starts_on)
    days = week_days(starts_on)
    cells = {
        (day, shift_type.pk, point.pk): GridCell(
            day=day, shift_type=shift_type, cover_point=point, needed=pattern.needed(point, shift_type)
        )
        for day in days
        for shift_type in pattern.shift_types
        for point in pattern.cover_points
    }
    load = {
        contract.worker_id: ListenerLoad(contract=contract)
        for contract in Contract.objects.open()
        .filter(scheme_id=rota.scheme_id)
        .select_related("worker")
        .order_by("worker__last_name", "worker__first_name")
    }
    changes: list[Change] = []
    changed_cells: set[tuple[date, int, int]] = set()
    if week is not None:
        assignments = (
            Assignment.objects.filter(week=week, status__in=Assignment.LIVE)
            .with_standing()
            .select_related("worker", "shift_type")
            .order_by("worker__last_name", "worker__first_name")
        )
        for assignment in assignments:
            cell = cells.get((assignment.day, assignment.shift_type_id, assignment.cover_point_id))
            if cell is not None:
                cell.assignments.append(assignment)
            if assignment.worker_id in load:
                load[assignment.worker_id].shifts += 1
                load[assignment.worker_id].nights += assignment.shift_type.is_night
        if week.is_published:
            changes, changed_cells = _changes_since_publishing(week)
    for key in changed_cells:
        if key in cells:
            cells[key].changed = True
    blocks = [
        GridBlock(
            shift_type=shift_type,
            rows=[
                GridRow(cover_point=point, cells=[cells[(day, shift_type.pk, point.pk)] for day in days])
                for point in pattern.cover_points
            ],
        )
        for shift_type in pattern.shift_types
    ]
    return WeekGrid(
        rota=rota,
        starts_on=starts_on,
        week=week,
        days=days,
        blocks=blocks,
        changes=changes,
        load=list(load.values()),
    )


# --- One cell ---------------------------------------------------------------------------------


@dataclass
class CellDetail:
    slot: Slot
    shift_type: ShiftType
    cover_point: CoverPoint
    needed: int
    live: list[Assignment]
    taken_off: list[Assignment]
    candidates: list[Candidate]

    @property
    def on_duty(self) -> int:
        return sum(1 for assignment in self.live if assignment.covers)

    @property
    def missing(self) -> int:
        return max(self.needed - self.on_duty, 0)


def cell_detail(*, rota: Rota, day: date, shift_type: ShiftType, cover_point: CoverPoint) -> CellDetail:
    """A shift at a place on a day: who is on it, who was taken off, and who could be added."""
    slot = Slot.at(day=day, shift_type=shift_type, cover_point=cover_point)
    assignments = list(
        Assignment.objects.filter(week__rota=rota, day=day, shift_type=shift_type, cover_point=cover_point)
        .with_standing()
        .select_related("worker", "created_by", "removed_by", "cover_for__worker")
        .order_by("created_at", "pk")
    )
    plan = RotaPlan.load(rota=rota, starts_on=slot.week_starts_on)
    need = shift_type.needs.filter(cover_point=cover_point).values_list("listeners", flat=True).first()
    return CellDetail(
        slot=slot,
        shift_type=shift_type,
        cover_point=cover_point,
        needed=need or 0,
        live=[a for a in assignments if a.status in Assignment.LIVE],
        taken_off=[a for a in assignments if a.status == Assignment.Status.REMOVED],
        candidates=candidates(plan, slot),
    )


def cover_candidates(*, assignment: Assignment) -> list[Candidate]:
    """Who could cover the assignment, those free first; never the Listener who needs cover."""
    rota = assignment.week.rota
    plan = RotaPlan.load(rota=rota, starts_on=assignment.week.starts_on)
    slot = Slot.at(day=assignment.day, shift_type=assignment.shift_type, cover_point=assignment.cover_point)
    return [c for c in candidates(plan, slot) if c.contract.worker_id != assignment.worker_id]


def assignment_needs_cover_note(*, assignment: Assignment) -> HistoricalRecord | None:
    """Who marked the shift as needing cover, when and why (from its history)."""
    return (
        assignment.history.filter(status=Assignment.Status.NEEDS_COVER)
        .select_related("history_user")
        .order_by("-history_date")
        .first()
    )


# --- Listeners and their training -------------------------------------------------------------


@dataclass
class ListenerRow:
    contract: Contract
    training: ListenerTraining | None
    all_training: list[ListenerTraining]
    shifts: int
    nights: int


def listener_list(*, rota: Rota, today: date) -> list[ListenerRow]:
    """Everyone with an open Listener contract, their training and this week's shifts. Three queries."""
    contracts = list(
        Contract.objects.open()
        .filter(scheme_id=rota.scheme_id)
        .select_related("worker", "worker__location")
        .prefetch_related(
            Prefetch(
                "worker__listener_training",
                queryset=ListenerTraining.objects.order_by("-completed_on"),
                to_attr="training_records",
            )
        )
        .order_by("worker__last_name", "worker__first_name")
    )
    monday = monday_of(today)
    load: defaultdict[int, list[int]] = defaultdict(lambda: [0, 0])
    for worker_id, is_night in Assignment.objects.filter(
        week__rota=rota, week__starts_on=monday, status__in=Assignment.LIVE
    ).values_list("worker_id", "shift_type__is_night"):
        load[worker_id][0] += 1
        load[worker_id][1] += is_night
    return [
        ListenerRow(
            contract=contract,
            training=valid_training(contract.worker.training_records, today),
            all_training=contract.worker.training_records,
            shifts=load[contract.worker_id][0],
            nights=load[contract.worker_id][1],
        )
        for contract in contracts
    ]


def listener_contract_get(*, rota: Rota, worker_pk: int) -> Contract:
    """A prisoner with an open Listener contract here, by their record's id."""
    return get_object_or_404(
        Contract.objects.open().select_related("worker"),
        scheme_id=rota.scheme_id,
        worker_id=worker_pk,
    )
