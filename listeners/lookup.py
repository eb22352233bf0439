"""What officers read about Listeners: the look-up, who is on duty now, and the week's duty notice.

Every read is scoped to one establishment and costs a fixed number of queries, however many
prisoners, shifts or wings there are.

Decisions that shape the answers:
- Officers see only published weeks.
- A Listener counts as on duty only on a day a Listener contract of theirs is in effect and not
  suspended (`Assignment.objects.with_standing`, the same answer the week grid and the kiosk
  give): a suspended Listener is not acting as a Listener, whatever the rota says.
- A shift marked "needs cover" still counts as the rostered Listener's until another Listener's
  assignment covers it; from then the cover counts instead. Telling an officer "not on duty" about
  a Listener who may well still come is the harm the look-up exists to prevent, so the page says
  that cover has been asked for rather than hiding the shift.
"""

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.shortcuts import get_object_or_404
from django.utils import timezone

from establishments.models import Establishment
from peerwork.dates import monday_of
from peerwork.formats import day_month, long_date
from rota.models import Assignment, CoverPoint, Rota, RotaWeek, Unavailability
from schemes.models import Contract, PeerWorker, Suspension

MAX_RESULTS = 20
LOOK_AHEAD_DAYS = 14
PRISON_NUMBER = re.compile(r"[A-Za-z][0-9]{4}[A-Za-z]{2}")
MAY_RESPOND = "Listeners may still respond to a request at any time."


# --- Shifts officers can see ----------------------------------------------------------------


def visible_assignments(
    *, establishment: Establishment, active_contract_only: bool = True
) -> QuerySet[Assignment]:
    """Shifts as officers see them: live, in a published week, not handed over to a cover, and
    (unless told otherwise) held by a Listener in the role, not suspended and not on a break on the
    shift's day."""
    covered = Assignment.objects.filter(cover_for=OuterRef("pk"), status__in=Assignment.LIVE)
    assignments = (
        Assignment.objects.filter(
            week__rota__establishment=establishment,
            week__published_at__isnull=False,
            status__in=Assignment.LIVE,
        )
        .annotate(is_covered=Exists(covered))
        .filter(Q(status=Assignment.Status.ON) | Q(is_covered=False))
    )
    if active_contract_only:
        assignments = assignments.with_standing().filter(in_role=True, suspended=False, unavailable=False)
    return assignments.select_related("shift_type", "cover_point").order_by(
        "starts_at", "cover_point__order", "pk"
    )


@dataclass(frozen=True)
class Duty:
    """One shift, in London time, ready to show."""

    pk: int
    worker_id: int
    place: str
    shift_name: str
    starts_at: datetime
    ends_at: datetime
    is_night: bool
    needs_cover: bool
    # Where the Listener is held, to unlock them: filled in where a list names several Listeners.
    where_held: str = ""

    @classmethod
    def of(cls, assignment: Assignment, *, where_held: str = "") -> "Duty":
        return cls(
            pk=assignment.pk,
            worker_id=assignment.worker_id,
            place=assignment.cover_point.name,
            shift_name=assignment.shift_type.name,
            starts_at=timezone.localtime(assignment.starts_at),
            ends_at=timezone.localtime(assignment.ends_at),
            is_night=assignment.shift_type.is_night,
            needs_cover=assignment.status == Assignment.Status.NEEDS_COVER,
            where_held=where_held,
        )

    @property
    def times(self) -> str:
        return f"{self.starts_at:%H:%M} to {self.ends_at:%H:%M}"

    def covers(self, moment: datetime) -> bool:
        return self.starts_at <= moment < self.ends_at


# --- The look-up ------------------------------------------------------------------------------


class Standing:
    CURRENT = "current"
    SUSPENDED = "suspended"
    ON_A_BREAK = "on_a_break"
    NOT_YET = "not_yet"
    UNSIGNED = "unsigned"
    NOT_A_LISTENER = "not_a_listener"


@dataclass
class Answer:
    """The plain answer an officer gets about one prisoner."""

    worker: PeerWorker
    standing: str
    headline: str
    detail: str = ""
    note: str = ""
    contract_note: str = ""
    contract: Contract | None = None
    on_duty_now: Duty | None = None
    tonight: Duty | None = None
    next_duty: Duty | None = None
    duties: list[Duty] = field(default_factory=list)

    @property
    def is_current(self) -> bool:
        return self.standing == Standing.CURRENT

    @property
    def where_held(self) -> str:
        """Wing and cell, to unlock them (the worker comes with their location, `_with_answers`)."""
        return self.worker.where_held


@dataclass
class LookupResult:
    query: str
    answers: list[Answer]
    more: bool = False
    is_prison_number: bool = False


def _duty_sentences(answer: Answer, duties: list[Duty], now: datetime) -> None:
    # In UTC, so that comparing with the London times of the shifts compares instants, even in
    # the hour the clocks go back.
    now = now.astimezone(UTC)
    today = timezone.localdate(now)
    answer.on_duty_now = next((duty for duty in duties if duty.covers(now)), None)
    later = [duty for duty in duties if duty.starts_at > now]
    answer.tonight = next((duty for duty in later if duty.is_night and duty.starts_at.date() == today), None)
    current = answer.on_duty_now
    if current is not None:
        when = "tonight" if current.is_night else "now"
        answer.detail = f"On duty {when}: {current.place}, {current.times}."
        if current.needs_cover:
            answer.note = "Cover has been asked for this shift, so another Listener may come instead."
        answer.next_duty = next(iter(later), None)
        return
    if answer.tonight is not None:
        tonight = answer.tonight
        answer.detail = (
            f"On duty tonight: {tonight.place}, {tonight.times}. Not on the rota until then; {MAY_RESPOND}"
        )
        if tonight.needs_cover:
            answer.note = "Cover has been asked for tonight's shift, so another Listener may come instead."
        return
    answer.detail = f"Not on the rota now; {MAY_RESPOND}"
    if later:
        answer.next_duty = duty = later[0]
        answer.note = (
            f"Next on the rota: {duty.starts_at:%A} {day_month(duty.starts_at)}, {duty.place}, {duty.times}."
        )


def answer_for(worker: PeerWorker, *, now: datetime) -> Answer:
    """Needs `worker.listener_contracts` (with `suspended_today`), `worker.break_ends_on` and
    `worker.upcoming_duties` (see `_with_answers`)."""
    today = timezone.localdate(now)
    contract = next(iter(worker.listener_contracts), None)
    if contract is None:
        return Answer(worker=worker, standing=Standing.NOT_A_LISTENER, headline="Not a current Listener.")
    if contract.suspended_today:
        return Answer(
            worker=worker,
            standing=Standing.SUSPENDED,
            contract=contract,
            headline="Suspended from the Listener role.",
            detail="Not acting as a Listener until the suspension is lifted, so not on duty.",
        )
    if worker.break_ends_on is not None:
        # Why is between them and the scheme's staff: officers learn only that they are not to be asked.
        back = worker.break_ends_on + timedelta(days=1)
        return Answer(
            worker=worker,
            standing=Standing.ON_A_BREAK,
            contract=contract,
            headline="Listener, taking a break from the rota.",
            detail=f"Not on the rota, and not to be called out, until {long_date(back)}. Ask another Listener.",
        )
    if contract.status == Contract.Status.AWAITING_SIGNATURE:
        return Answer(
            worker=worker,
            standing=Standing.UNSIGNED,
            contract=contract,
            headline="Not a current Listener.",
            detail="Their Listener contract has not been signed yet.",
        )
    if contract.start_date > today:
        return Answer(
            worker=worker,
            standing=Standing.NOT_YET,
            contract=contract,
            headline="Not a current Listener yet.",
            detail=f"Their Listener contract starts on {long_date(contract.start_date)}.",
        )
    duties = [Duty.of(assignment) for assignment in worker.upcoming_duties]
    answer = Answer(
        worker=worker,
        standing=Standing.CURRENT,
        contract=contract,
        headline=f"Current Listener, contract until {long_date(contract.end_date)}.",
        duties=duties,
    )
    if contract.awaits_renewal_signature:
        answer.contract_note = (
            f"Their contract was renewed on {long_date(contract.start_date)} and the new one is not "
            "signed yet. They are still a Listener meanwhile."
        )
    _duty_sentences(answer, duties, now)
    return answer


def _with_answers(workers: QuerySet[PeerWorker], *, establishment: Establishment, now: datetime):
    # Suspended or not is asked of the day, as the shifts ask it (Assignment.objects.with_standing):
    # a suspension recorded to start next week, or one past its planned end, does not hold today.
    suspended_today = Suspension.objects.in_force_on(timezone.localdate(now)).filter(contract=OuterRef("pk"))
    listener_contracts = (
        Contract.objects.listeners()
        .open()
        .filter(scheme__establishment=establishment)
        .annotate(suspended_today=Exists(suspended_today))
        .order_by("-start_date")
    )
    upcoming = visible_assignments(establishment=establishment).filter(
        ends_at__gt=now, starts_at__lt=now + timedelta(days=LOOK_AHEAD_DAYS)
    )
    # A break from the rota agreed here (a welfare check-in), as the shifts ask it: in force today.
    on_a_break = Unavailability.objects.in_force_on(timezone.localdate(now)).filter(
        worker=OuterRef("pk"), establishment=establishment
    )
    return (
        workers.select_related("location")
        .annotate(break_ends_on=Subquery(on_a_break.order_by("-ends_on").values("ends_on")[:1]))
        .prefetch_related(
            Prefetch("contracts", queryset=listener_contracts, to_attr="listener_contracts"),
            Prefetch("rota_assignments", queryset=upcoming, to_attr="upcoming_duties"),
        )
    )


def _matching(*, establishment: Establishment, query: str) -> tuple[QuerySet[PeerWorker], bool]:
    """By exact prison number (any case), or by every word of a name (partial)."""
    workers = PeerWorker.objects.filter(establishment=establishment)
    if PRISON_NUMBER.fullmatch(query):
        return workers.filter(prison_number=query.upper()), True
    for word in query.split()[:4]:
        workers = workers.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return workers.order_by("last_name", "first_name", "pk"), False


def listener_lookup(*, establishment: Establishment, query: str, now: datetime | None = None) -> LookupResult:
    """Three queries at most: the people, their Listener contracts, their shifts."""
    now = now or timezone.now()
    query = " ".join(query.split())
    if not query:
        return LookupResult(query="", answers=[])
    workers, is_prison_number = _matching(establishment=establishment, query=query)
    found = list(_with_answers(workers, establishment=establishment, now=now)[: MAX_RESULTS + 1])
    return LookupResult(
        query=query,
        answers=[answer_for(worker, now=now) for worker in found[:MAX_RESULTS]],
        more=len(found) > MAX_RESULTS,
        is_prison_number=is_prison_number,
    )


def listener_answer_get(*, establishment: Establishment, pk: int, now: datetime | None = None) -> Answer:
    """One prisoner of this establishment, with their answer and shifts (404 for anyone else's)."""
    now = now or timezone.now()
    workers = _with_answers(
        PeerWorker.objects.filter(establishment=establishment), establishment=establishment, now=now
    )
    return answer_for(get_object_or_404(workers, pk=pk), now=now)


def current_listeners(*, establishment: Establishment) -> QuerySet[PeerWorker]:
    """Prisoners here with an active Listener contract: who can be recorded on a call-out."""
    active = Contract.objects.listeners().active().filter(scheme__establishment=establishment)
    return PeerWorker.objects.filter(
        establishment=establishment,
        custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        pk__in=active.values("worker"),
    ).order_by("last_name", "first_name")


def listener_get(*, establishment: Establishment, pk: int) -> PeerWorker:
    return get_object_or_404(PeerWorker.objects.filter(establishment=establishment), pk=pk)


# --- On duty now, per wing ----------------------------------------------------------------------


def _covers(name: str, locations: list[str]) -> str:
    """The wings a cover point covers, unless its name already says so."""
    return "" if locations == [name] else ", ".join(locations)


@dataclass
class PlaceOnDuty:
    name: str
    locations: list[str]
    duties: list[tuple[str, Duty]]

    @property
    def covers(self) -> str:
        return _covers(self.name, self.locations)


@dataclass
class OnDutyNow:
    at: datetime
    has_rota: bool = False
    week_published: bool = False
    places: list[PlaceOnDuty] = field(default_factory=list)


def on_duty_now(*, establishment: Establishment, now: datetime | None = None) -> OnDutyNow:
    """Who is on duty at each cover point right now, and where each is held (wing and cell), to be
    unlocked. Four queries; one if there is no rota."""
    now = now or timezone.now()
    result = OnDutyNow(at=timezone.localtime(now))
    this_week = RotaWeek.objects.filter(
        rota=OuterRef("pk"), starts_on=monday_of(timezone.localdate(now)), published_at__isnull=False
    )
    rota = Rota.objects.filter(establishment=establishment).annotate(week_published=Exists(this_week)).first()
    if rota is None:
        return result
    result.has_rota = True
    result.week_published = rota.week_published
    assignments = (
        visible_assignments(establishment=establishment)
        .filter(starts_at__lte=now, ends_at__gt=now)
        .select_related("worker__location")
    )
    by_place: dict[int, list[tuple[str, Duty]]] = {}
    for assignment in assignments:
        worker = assignment.worker
        by_place.setdefault(assignment.cover_point_id, []).append(
            (worker.full_name, Duty.of(assignment, where_held=worker.where_held))
        )
    for point in rota.cover_points.prefetch_related("locations"):
        if point.archived_at is None or point.pk in by_place:
            result.places.append(
                PlaceOnDuty(
                    name=point.name,
                    locations=[location.name for location in point.locations.all()],
                    duties=sorted(by_place.get(point.pk, []), key=lambda item: item[0]),
                )
            )
    return result


# --- The week's duty notice -------------------------------------------------------------------


@dataclass
class NoticeDay:
    day: date
    names: list[list[str]]  # one list of names per shift column


@dataclass
class NoticePlace:
    pk: int
    name: str
    locations: list[str]
    days: list[NoticeDay]

    @property
    def covers(self) -> str:
        return _covers(self.name, self.locations)


@dataclass
class DutyNotice:
    monday: date
    has_rota: bool = False
    is_published: bool = False
    statement: str = ""
    columns: list = field(default_factory=list)
    places: list[NoticePlace] = field(default_factory=list)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def previous_monday(self) -> date:
        return self.monday - timedelta(days=7)

    @property
    def next_monday(self) -> date:
        return self.monday + timedelta(days=7)


def duty_notice(*, establishment: Establishment, monday: date, cover_point: int | None = None) -> DutyNotice:
    """A published week of the rota, per cover point: each day's shifts and who is on them.

    Names only, no prison numbers: the notice is pinned on a wing noticeboard. Six queries
    whatever the size; a cover point that is not this rota's is not found (404).
    """
    monday = monday_of(monday)
    notice = DutyNotice(monday=monday)
    rota = Rota.objects.filter(establishment=establishment).select_related("scheme").first()
    if rota is None:
        return notice
    notice.has_rota = True
    notice.statement = rota.scheme.confidentiality_statement
    week = RotaWeek.objects.filter(rota=rota, starts_on=monday, published_at__isnull=False).first()
    if week is None:
        return notice
    notice.is_published = True
    assignments = list(
        visible_assignments(establishment=establishment).filter(week=week).select_related("worker")
    )
    used_shifts = {a.shift_type_id for a in assignments}
    used_points = {a.cover_point_id for a in assignments}
    notice.columns = [
        shift for shift in rota.shift_types.all() if shift.archived_at is None or shift.pk in used_shifts
    ]
    column_of = {shift.pk: index for index, shift in enumerate(notice.columns)}
    points = CoverPoint.objects.filter(rota=rota).prefetch_related("locations")
    if cover_point is not None:
        points = [get_object_or_404(points, pk=cover_point)]
    days = [monday + timedelta(days=offset) for offset in range(7)]
    for point in points:
        if point.archived_at is not None and point.pk not in used_points:
            continue
        grid = {day: [[] for _ in notice.columns] for day in days}
        for assignment in assignments:
            if assignment.cover_point_id == point.pk and assignment.day in grid:
                grid[assignment.day][column_of[assignment.shift_type_id]].append(assignment.worker.full_name)
        notice.places.append(
            NoticePlace(
                pk=point.pk,
                name=point.name,
                locations=[location.name for location in point.locations.all()],
                days=[NoticeDay(day=day, names=[sorted(names) for names in grid[day]]) for day in days],
            )
        )
    return notice
