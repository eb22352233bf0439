"""Reads for supervision meetings, scoped to one establishment.

A meeting or scheme of another establishment is simply not found (404).
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, TypedDict

from dateutil.relativedelta import relativedelta
from django.db.models import (
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from peerwork.audit import HistoryEntry, history_for
from schemes.filters_meetings import MeetingFilter
from schemes.models import Contract, PeerWorker, Scheme, SchemeLead, SupervisionMeeting
from schemes.selectors import scheme_choices

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

Status = SupervisionMeeting.Status

HELD_RATE_MONTHS = 6
DEFAULT_MEETING_TIME = time(10, 0)
# A day with one of these already has its meeting; a cancelled or moved meeting is not happening.
OCCUPIES_ITS_DAY = [Status.SCHEDULED, Status.HELD]


def _local(day: date, at: time) -> datetime:
    """The wall-clock time `at` on `day` in London, whichever side of a clock change."""
    return timezone.make_aware(datetime.combine(day, at))


class _Started(TypedDict):
    has_started: bool


def _with_started(
    meetings: QuerySet[SupervisionMeeting], now: datetime
) -> "QuerySet[WithAnnotations[SupervisionMeeting, _Started]]":
    return meetings.annotate(
        has_started=ExpressionWrapper(Q(starts_at__lte=now), output_field=BooleanField())
    )


# --- Lists and records ----------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingList:
    upcoming: list[SupervisionMeeting]
    recent: list[SupervisionMeeting]


def meetings_listed(
    *, establishment: Establishment, now: datetime | None = None
) -> "QuerySet[WithAnnotations[SupervisionMeeting, _Started]]":
    """The establishment's meetings, oldest first, with their scheme, lead and head counts in the
    same query (the list's filters narrow them: meeting_filter)."""
    meetings = SupervisionMeeting.objects.filter(scheme__establishment=establishment)
    return (
        _with_started(meetings, now or timezone.now())
        .select_related("scheme", "lead", "moved_to")
        .annotate(
            invited_count=_head_count(SupervisionMeeting.invited.through),
            attended_count=_head_count(SupervisionMeeting.attended.through),
        )
        .order_by("starts_at", "pk")
    )


def _head_count(through: type) -> Coalesce:
    """How many people a meeting's invited or attended list holds, counted for each meeting the
    page shows (a subquery), not by joining every meeting's lists before the page is cut: five
    years of meetings hold over a million invitations."""
    counts = (
        through.objects.filter(supervisionmeeting=OuterRef("pk"))  # type: ignore[attr-defined]
        .values("supervisionmeeting")
        .annotate(n=Count("*"))
        .values("n")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def meeting_filter(
    *, establishment: Establishment, filters: Mapping[str, str] | None, now: datetime | None = None
) -> MeetingFilter:
    """The establishment's meetings filtered by `filters` (the query string): by default from six
    months back on, every meeting to come included. Returns the bound filter: `.qs` holds the
    meetings oldest first (as the CSVs list them) and `.form` the filter form with any errors."""
    return MeetingFilter(
        filters,
        queryset=meetings_listed(establishment=establishment, now=now),
        schemes=meeting_schemes(establishment=establishment),
        today=timezone.localdate(now),
    )


def meetings_in_list_order(
    meetings: "QuerySet[WithAnnotations[SupervisionMeeting, _Started]]",
) -> "QuerySet[WithAnnotations[SupervisionMeeting, _Started]]":
    """The order the list pages through: meetings still to start (soonest first), then those
    started (newest first), so that the first page is what is coming up and what just happened."""
    return meetings.order_by(
        F("has_started").asc(),
        Case(When(has_started=False, then=F("starts_at"))).asc(),
        F("starts_at").desc(),
        "-pk",
    )


def meeting_list(meetings: "Iterable[WithAnnotations[SupervisionMeeting, _Started]]") -> MeetingList:
    """One page of the list, as meetings still to start and those started (its order kept)."""
    upcoming: list[SupervisionMeeting] = []
    recent: list[SupervisionMeeting] = []
    for meeting in meetings:
        (recent if meeting.has_started else upcoming).append(meeting)
    return MeetingList(upcoming=upcoming, recent=recent)


@dataclass(frozen=True)
class Attendance:
    """One peer worker expected at or attending one meeting (a row of the attendance CSV)."""

    meeting: SupervisionMeeting
    prison_number: str
    first_name: str
    last_name: str
    invited: bool
    attended: bool


def meeting_attendance(*, meetings: QuerySet[SupervisionMeeting]) -> list[Attendance]:
    """Everyone invited to or recorded at each of `meetings`, meeting by meeting in their order,
    people by name within one. Three queries, however many meetings and people."""
    listed = {meeting.pk: meeting for meeting in meetings}
    people: dict[tuple[int, int], tuple[str, str, str]] = {}  # (meeting, person): number and names
    marked: dict[str, set[tuple[int, int]]] = {"invited": set(), "attended": set()}
    for mark, relation in (
        ("invited", SupervisionMeeting.invited),
        ("attended", SupervisionMeeting.attended),
    ):
        rows = relation.through.objects.filter(supervisionmeeting__in=meetings.values("pk")).values_list(
            "supervisionmeeting_id",
            "peerworker_id",
            "peerworker__prison_number",
            "peerworker__last_name",
            "peerworker__first_name",
        )
        for meeting_pk, worker_pk, number, last_name, first_name in rows:
            if meeting_pk in listed:  # not one added since the meetings were read
                people[meeting_pk, worker_pk] = (number, last_name, first_name)
                marked[mark].add((meeting_pk, worker_pk))
    order = {pk: index for index, pk in enumerate(listed)}

    def in_order(key: tuple[int, int]) -> tuple:
        _number, last_name, first_name = people[key]
        return (order[key[0]], last_name.lower(), first_name.lower(), key[1])

    return [
        Attendance(
            meeting=listed[key[0]],
            prison_number=people[key][0],
            last_name=people[key][1],
            first_name=people[key][2],
            invited=key in marked["invited"],
            attended=key in marked["attended"],
        )
        for key in sorted(people, key=in_order)
    ]


def meeting_schemes(*, establishment: Establishment) -> QuerySet[Scheme]:
    """The schemes meetings can be listed or scheduled for: running ones first."""
    return scheme_choices(establishment=establishment)


def meeting_get(*, establishment: Establishment, pk: int, now: datetime | None = None) -> SupervisionMeeting:
    workers = PeerWorker.objects.select_related("location").order_by("last_name", "first_name")
    meetings = (
        _with_started(SupervisionMeeting.objects.all(), now or timezone.now())
        .select_related("scheme", "lead", "cancelled_by", "created_by", "moved_to", "moved_from")
        .prefetch_related(Prefetch("invited", queryset=workers), Prefetch("attended", queryset=workers))
    )
    return get_object_or_404(meetings, scheme__establishment=establishment, pk=pk)


def meeting_history(*, meeting: SupervisionMeeting) -> list[HistoryEntry]:
    """The meeting's audit trail, with changes of attendance shown as names.

    peerwork.audit.history_for shows a many-to-many field as its manager; until it names the
    related objects itself, the attendance lines are filled in here from the same records.
    """
    entries = history_for(meeting)
    if not any(change.field == "Attended" for entry in entries for change in entry.changes):
        return entries
    records = meeting.history.order_by("-history_date", "-history_id")
    names = [
        ", ".join(sorted(row.peerworker.full_name for row in record.attended.select_related("peerworker")))
        or "(nobody)"
        for record in records
    ]
    for index, entry in enumerate(entries):
        for change in entry.changes:
            if change.field == "Attended":
                change.new = names[index]
                change.old = names[index + 1] if index + 1 < len(names) else "(nobody)"
    return entries


def meeting_actions(*, meeting: SupervisionMeeting, today: date | None = None) -> dict[str, bool]:
    """What can be done to the meeting now; the services refuse the rest whatever a page offers."""
    scheduled = meeting.status == Status.SCHEDULED
    today = today or timezone.localdate()
    return {
        "record_held": scheduled and timezone.localdate(meeting.starts_at) <= today,
        "cancel": scheduled,
        "move": scheduled,
    }


# --- Who can be invited --------------------------------------------------------------------


def scheme_workers_in_role(*, scheme: Scheme) -> QuerySet[PeerWorker]:
    """Peer workers with an active or suspended contract on the scheme: invited by default."""
    in_role = Contract.objects.in_role().filter(scheme=scheme).values("worker")
    return PeerWorker.objects.filter(pk__in=in_role).order_by("last_name", "first_name")


def scheme_workers_invitable(*, scheme: Scheme) -> QuerySet[PeerWorker]:
    """Peer workers with an open contract on the scheme, including one awaiting signature."""
    open_contracts = Contract.objects.open().filter(scheme=scheme).values("worker")
    return PeerWorker.objects.filter(pk__in=open_contracts).order_by("last_name", "first_name")


def meeting_attendable(*, meeting: SupervisionMeeting) -> QuerySet[PeerWorker]:
    """Who can be recorded as attending: those invited, and anyone in role on the scheme."""
    in_role = Contract.objects.in_role().filter(scheme=meeting.scheme_id).values("worker")
    invited = meeting.invited.through.objects.filter(supervisionmeeting=meeting).values("peerworker")
    return PeerWorker.objects.filter(Q(pk__in=in_role) | Q(pk__in=invited)).order_by(
        "last_name", "first_name"
    )


def scheme_staff(*, establishment: Establishment) -> QuerySet[User]:
    """Staff who can lead a meeting: active users who work in the establishment."""
    return User.objects.filter(establishments=establishment, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def scheme_first_lead(*, scheme: Scheme) -> User | None:
    """The scheme's longest-serving active staff lead."""
    lead = (
        SchemeLead.objects.filter(scheme=scheme, ended_on__isnull=True)
        .select_related("user")
        .order_by("started_on", "pk")
        .first()
    )
    return lead.user if lead else None


# --- The next meetings from the cadence ----------------------------------------------------


@dataclass(frozen=True)
class Slot:
    starts_at: datetime
    taken: bool  # the day already has a scheduled or held meeting for the scheme


@dataclass(frozen=True)
class MeetingPlan:
    slots: list[Slot]
    place: str
    lead: User | None

    @property
    def new_slots(self) -> list[Slot]:
        return [slot for slot in self.slots if not slot.taken]


def _weekday_on_or_after(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def meeting_plan(
    *, scheme: Scheme, count: int = 3, first_at: datetime | None = None, now: datetime | None = None
) -> MeetingPlan:
    """The next `count` meeting times from the scheme's cadence, and which days already have one.

    They follow the latest scheduled or held meeting by the cadence, at its time of day (from
    tomorrow if that would be in the past); with no meeting yet they start tomorrow at 10:00.
    `first_at` overrides both. A day that falls on a weekend moves to the Monday, and the cadence
    counts on from there. Times are London wall-clock times, so 10:00 stays 10:00 across a clock
    change (which always falls on a Sunday, so no generated time is skipped or repeated).
    """
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    cadence = timedelta(days=scheme.supervision_every_days)
    latest = (
        scheme.meetings.filter(status__in=OCCUPIES_ITS_DAY)
        .order_by("-starts_at")
        .only("starts_at", "place")
        .first()
    )
    if first_at is not None:
        local = timezone.localtime(first_at)
        day, at = local.date(), local.time()
    elif latest is not None:
        local = timezone.localtime(latest.starts_at)
        day, at = local.date() + cadence, local.time()
        if _local(day, at) <= now:
            day = tomorrow
    else:
        day, at = tomorrow, DEFAULT_MEETING_TIME

    days = []
    for _ in range(count):
        day = _weekday_on_or_after(day)
        days.append(day)
        day += cadence
    taken = set()
    if days:
        existing = scheme.meetings.filter(
            status__in=OCCUPIES_ITS_DAY,
            starts_at__gte=_local(days[0], time.min),
            starts_at__lt=_local(days[-1] + timedelta(days=1), time.min),
        ).values_list("starts_at", flat=True)
        taken = {timezone.localdate(starts_at) for starts_at in existing}
    return MeetingPlan(
        slots=[Slot(starts_at=_local(day, at), taken=day in taken) for day in days],
        place=latest.place if latest else "",
        lead=scheme_first_lead(scheme=scheme),
    )


# --- The safer-custody home page -----------------------------------------------------------


@dataclass(frozen=True)
class HeldRate:
    """Supervision meetings due in the window: held, cancelled, or still marked scheduled after their day."""

    scheme: Scheme
    held: int
    cancelled: int
    missed: int

    @property
    def due(self) -> int:
        return self.held + self.cancelled + self.missed

    @property
    def rate(self) -> int | None:
        """Held as a whole percentage of those due; None when none was due."""
        return round(100 * self.held / self.due) if self.due else None


def supervision_held_rate(*, establishment: Establishment, today: date) -> list[HeldRate]:
    """Per running scheme, its supervision meetings over the last six months up to today. One query.

    A meeting moved to a new date is counted once, as its new meeting. A meeting still marked
    scheduled counts as missed once its day has passed (staff have the day itself to record it).
    """
    window = Q(
        meetings__starts_at__gte=_local(today - relativedelta(months=HELD_RATE_MONTHS), time.min),
        meetings__starts_at__lt=_local(today + timedelta(days=1), time.min),
    )
    status = SupervisionMeeting.Status
    schemes = (
        Scheme.objects.filter(establishment=establishment, is_active=True)
        .annotate(
            held=Count("meetings", filter=window & Q(meetings__status=status.HELD)),
            cancelled=Count("meetings", filter=window & Q(meetings__status=status.CANCELLED)),
            missed=Count(
                "meetings",
                filter=window
                & Q(meetings__status=status.SCHEDULED, meetings__starts_at__lt=_local(today, time.min)),
            ),
        )
        .order_by("name")
    )
    return [
        HeldRate(scheme=scheme, held=scheme.held, cancelled=scheme.cancelled, missed=scheme.missed)
        for scheme in schemes
    ]
