"""Workload: how hard each peer worker has been working, so that a coordinator sees someone being
leaned on before they burn out. Pure reads, counted in the database, a fixed number of queries.

What is counted, at the establishment, for the last 4 and the last 12 weeks (`workload_window`):

- Rota shifts worked: shifts of the establishment's rota whose day is in the window and that have
  already started, on the rota (not waiting for cover, not taken off) and held by someone in the
  role, not suspended and not on a break that day (`Assignment.objects.on_duty`, the rota's one
  answer). Their hours are their real length, instant to instant (a night the clocks change is 9
  or 11 hours). Night shifts (the rota's shifts marked as nights) are also counted on their own.
- Call-outs recorded here and not archived, asked for in the window (London days), and the time
  they took, from when the Listener started to when they finished; night call-outs, asked for
  during the rota's night shifts (`listeners.selectors.at_night`, the call-out reports' own
  definition); call-outs off the rota.

A week is Monday to Sunday, as the rota and its workload limits count it, and a call-out is in the
week it was asked for. A week is "over the limits" when the call-outs in it took more than the
rota's `max_callout_hours_per_week` or more than `max_night_callouts_per_week` were at night.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import Aggregate, Count, DateField, F, Q, QuerySet, Sum
from django.db.models.functions import TruncWeek
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_system_admin
from establishments.models import Establishment
from listeners.selectors import at_night, night_windows
from peerwork.charts import BarChart, bar_chart
from peerwork.dates import monday_of
from peerwork.formats import hours_minutes, long_date, short_date
from rota.models import Assignment, CallOut, Rota
from schemes.models import Contract, PeerWorker, Scheme
from schemes.selectors import schemes_led_by

if TYPE_CHECKING:
    from accounts.models import User

WINDOW_WEEKS = (4, 12)
CHART_WEEKS = 12


@dataclass(frozen=True)
class Window:
    """The last `weeks` weeks: this week so far and the `weeks - 1` whole weeks before it."""

    weeks: int
    starts_on: date  # a Monday
    ends_on: date  # today

    @property
    def description(self) -> str:
        return f"Monday {long_date(self.starts_on)} to today, {long_date(self.ends_on)}"


def workload_window(*, weeks: int, today: date) -> Window:
    """The one definition of "the last N weeks" for workload: from the Monday N - 1 weeks before
    this week's Monday, to today (both included). The last 4 weeks seen on Tuesday 1 December 2026
    are Monday 9 November to Tuesday 1 December."""
    return Window(weeks=weeks, starts_on=monday_of(today) - timedelta(weeks=weeks - 1), ends_on=today)


@dataclass
class Figures:
    """A period's workload. Times in whole minutes."""

    shifts: int = 0
    shift_minutes: int = 0
    night_shifts: int = 0
    night_shift_minutes: int = 0
    callouts: int = 0
    callout_minutes: int = 0
    night_callouts: int = 0
    off_rota: int = 0
    weeks_over: int = 0  # weeks over the rota's workload limits

    @property
    def shift_hours(self) -> str:
        return hours_minutes(self.shift_minutes)

    @property
    def night_shift_hours(self) -> str:
        return hours_minutes(self.night_shift_minutes)

    @property
    def callout_time(self) -> str:
        return hours_minutes(self.callout_minutes)


CALLOUT_FIGURES = ["callouts", "callout_minutes", "night_callouts", "off_rota"]  # counted week by week


@dataclass(frozen=True)
class Limits:
    """The rota's workload limits; None where the establishment has no rota."""

    callout_hours: int | None = None
    night_callouts: int | None = None

    def exceeded_by(self, week: Figures) -> bool:
        return (self.callout_hours is not None and week.callout_minutes > self.callout_hours * 60) or (
            self.night_callouts is not None and week.night_callouts > self.night_callouts
        )

    @property
    def description(self) -> str:
        if self.callout_hours is None:
            return ""
        return (
            f"more than {self.callout_hours} hours of call-outs, or more than "
            f"{self.night_callouts} night call-outs, in a week"
        )


@dataclass(frozen=True)
class Week:
    """A week's call-outs (shifts are counted by period only)."""

    monday: date
    figures: Figures
    over_limits: bool


@dataclass(frozen=True)
class Period:
    window: Window
    figures: Figures


def night_words(night: list[tuple[time, time]]) -> str:
    """The night windows as the pages say them: "21:00 to 07:00"."""
    return ", ".join(f"{starts:%H:%M} to {ends:%H:%M}" for starts, ends in night)


# --- Counting ------------------------------------------------------------------------------------


@dataclass
class _Counted:
    """Shifts per worker and period, call-outs per worker and week; and what they were counted by."""

    today: date
    night: list[tuple[time, time]]
    limits: Limits
    shifts: dict[int, dict[int, Figures]] = field(default_factory=dict)  # worker, weeks: figures
    callouts: dict[int, dict[date, Figures]] = field(default_factory=dict)  # worker, Monday: figures

    @property
    def windows(self) -> list[Window]:
        return [workload_window(weeks=weeks, today=self.today) for weeks in WINDOW_WEEKS]

    @property
    def mondays(self) -> list[date]:
        """The chart's weeks, oldest first."""
        first = workload_window(weeks=CHART_WEEKS, today=self.today).starts_on
        return [first + timedelta(weeks=n) for n in range(CHART_WEEKS)]

    @property
    def worker_ids(self) -> set[int]:
        return set(self.shifts) | set(self.callouts)

    def weeks_of(self, worker_id: int) -> list[Week]:
        counted = self.callouts.get(worker_id, {})
        return [
            Week(monday=monday, figures=figures, over_limits=self.limits.exceeded_by(figures))
            for monday in self.mondays
            for figures in [counted.get(monday, Figures())]
        ]

    def periods_of(self, worker_id: int, weeks: list[Week]) -> list[Period]:
        shifts = self.shifts.get(worker_id, {})
        periods = []
        for window in self.windows:
            inside = [week for week in weeks if week.monday >= window.starts_on]
            figures = replace(
                shifts.get(window.weeks, Figures()),
                **{name: sum(getattr(week.figures, name) for week in inside) for name in CALLOUT_FIGURES},
                weeks_over=sum(week.over_limits for week in inside),
            )
            periods.append(Period(window=window, figures=figures))
        return periods


def _minutes(duration: timedelta | None) -> int:
    return int(duration.total_seconds() // 60) if duration else 0


def _rota(establishment: Establishment) -> Mapping[str, Any] | None:
    return (
        Rota.objects.filter(establishment=establishment)
        .values("scheme_id", "max_callout_hours_per_week", "max_night_callouts_per_week")
        .first()
    )


def _count(
    *,
    establishment: Establishment,
    rota: Mapping[str, Any] | None,
    today: date,
    worker_ids: QuerySet | list[int] | None,
) -> _Counted:
    """Shifts per worker and period, and call-outs per worker and week, of the workers whose ids are
    `worker_ids` (a list, or a subquery), or of everyone when None. Three queries."""
    tz = timezone.get_current_timezone()
    night = night_windows(establishment=establishment)
    counted = _Counted(
        today=today,
        night=night,
        limits=Limits(rota["max_callout_hours_per_week"], rota["max_night_callouts_per_week"])
        if rota
        else Limits(),
    )
    longest = workload_window(weeks=max(WINDOW_WEEKS), today=today)

    is_night = Q(shift_type__is_night=True)
    length = F("ends_at") - F("starts_at")  # instants: the real length, whatever the clocks did
    by_period: dict[str, Aggregate] = {}
    for window in counted.windows:
        inside, weeks = Q(day__gte=window.starts_on), window.weeks
        by_period |= {
            f"n{weeks}": Count("pk", filter=inside),
            f"length{weeks}": Sum(length, filter=inside),
            f"nights{weeks}": Count("pk", filter=inside & is_night),
            f"night_length{weeks}": Sum(length, filter=inside & is_night),
        }
    shifts = (
        Assignment.objects.on_duty()
        .filter(
            Q() if worker_ids is None else Q(worker_id__in=worker_ids),
            week__rota__establishment=establishment,
            day__gte=longest.starts_on,
            day__lte=today,
            starts_at__lte=timezone.now(),
        )
        .values("worker_id")
        .annotate(**by_period)
        .order_by()
    )
    for row in shifts:
        counted.shifts[row["worker_id"]] = {
            weeks: Figures(
                shifts=row[f"n{weeks}"],
                shift_minutes=_minutes(row[f"length{weeks}"]),
                night_shifts=row[f"nights{weeks}"],
                night_shift_minutes=_minutes(row[f"night_length{weeks}"]),
            )
            for weeks in WINDOW_WEEKS
        }

    callouts = (
        CallOut.objects.filter(
            Q() if worker_ids is None else Q(listener_id__in=worker_ids),
            establishment=establishment,
            archived_at__isnull=True,
            requested_at__gte=datetime.combine(longest.starts_on, time(0), tzinfo=tz),
            requested_at__lt=datetime.combine(today + timedelta(days=1), time(0), tzinfo=tz),
        )
        .annotate(week=TruncWeek("requested_at", output_field=DateField()))  # the London Monday
        .values("listener_id", "week")
        .annotate(
            n=Count("pk"),
            length=Sum(F("ended_at") - F("started_at")),
            nights=Count("pk", filter=at_night(night)),
            off=Count("pk", filter=Q(off_rota=True)),
        )
        .order_by()
    )
    for row in callouts:
        counted.callouts.setdefault(row["listener_id"], {})[row["week"]] = Figures(
            callouts=row["n"],
            callout_minutes=_minutes(row["length"]),
            night_callouts=row["nights"],
            off_rota=row["off"],
        )
    return counted


# --- One peer worker -------------------------------------------------------------------------------


@dataclass
class WorkerWorkload:
    worker: PeerWorker
    today: date
    night: list[tuple[time, time]]
    limits: Limits
    weeks: list[Week]  # the last 12, oldest first
    periods: list[Period]  # the last 4 weeks, then the last 12

    @property
    def night_description(self) -> str:
        return night_words(self.night)

    @property
    def weeks_over(self) -> int:
        return sum(week.over_limits for week in self.weeks)

    @property
    def chart(self) -> BarChart:
        return bar_chart(
            id="workload-weeks-chart",
            title=f"Call-outs a week, {self.worker.full_name}: the last {CHART_WEEKS} weeks",
            labels=[short_date(week.monday) for week in self.weeks],
            values=[week.figures.callouts for week in self.weeks],
            highlighted=[week.over_limits for week in self.weeks],
            highlight_words="over the rota's workload limits",
            label_heading="Week beginning",
            value_heading="Call-outs",
            unit=("call-out", "call-outs"),
            label_phrase="in the week beginning {}",
        )


def worker_workload(*, worker: PeerWorker, establishment: Establishment, today: date) -> WorkerWorkload:
    """One peer worker's workload at `establishment`, for the last 4 and 12 weeks up to `today`,
    and its call-outs week by week. Four queries."""
    counted = _count(
        establishment=establishment, rota=_rota(establishment), today=today, worker_ids=[worker.pk]
    )
    weeks = counted.weeks_of(worker.pk)
    return WorkerWorkload(
        worker=worker,
        today=today,
        night=counted.night,
        limits=counted.limits,
        weeks=weeks,
        periods=counted.periods_of(worker.pk, weeks),
    )


# --- A scheme's table ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """A figure of the scheme table, on the page and in the CSV."""

    key: str  # in the address: ?order=-callout_time_4
    heading: str
    attr: str  # of Figures
    shown: str = ""  # the attribute the page shows, when not the number itself ("1h 30m")
    csv_heading: str = ""

    def csv_name(self, weeks: int) -> str:
        return f"{self.csv_heading or self.heading}, last {weeks} weeks"


COLUMNS = [
    Column("shifts", "Rota shifts", "shifts"),
    Column("shift_hours", "Shift hours", "shift_minutes", "shift_hours", "Shift minutes"),
    Column("night_shifts", "Night shifts", "night_shifts"),
    Column(
        "night_shift_hours",
        "Night shift hours",
        "night_shift_minutes",
        "night_shift_hours",
        "Night shift minutes",
    ),
    Column("callouts", "Call-outs", "callouts"),
    Column("callout_time", "Call-out time", "callout_minutes", "callout_time", "Call-out minutes"),
    Column("night_callouts", "Night call-outs", "night_callouts"),
    Column("off_rota", "Off the rota", "off_rota", csv_heading="Call-outs off the rota"),
    Column("weeks_over", "Weeks over the limits", "weeks_over"),
]


@dataclass(frozen=True)
class Cell:
    text: str
    alert: bool


@dataclass(frozen=True)
class Heading:
    """A column heading of the table: its link orders the table by it (most first for a figure,
    A to Z for the name), or the other way when it already does."""

    text: str
    order: str  # the link's ?order=
    sorted: str  # "ascending", "descending" or "" (aria-sort)
    numeric: bool


@dataclass
class WorkloadRow:
    worker: PeerWorker
    here: bool  # still held at this establishment: their welfare page opens
    periods: list[Period]

    def figures(self, weeks: int) -> Figures:
        return next(period.figures for period in self.periods if period.window.weeks == weeks)

    def cells(self, weeks: int) -> list[Cell]:
        """The row's figures on the page: times as "1h 30m"; weeks over the limits stand out."""
        figures = self.figures(weeks)
        return [
            Cell(
                text=str(getattr(figures, column.shown or column.attr)),
                alert=column.attr == "weeks_over" and figures.weeks_over > 0,
            )
            for column in COLUMNS
        ]


def _by_name(row: WorkloadRow) -> tuple:
    worker = row.worker
    return (worker.last_name.casefold(), worker.first_name.casefold(), worker.prison_number)


def _by_figure(attr: str, weeks: int) -> Callable[[WorkloadRow], int]:
    return lambda row: getattr(row.figures(weeks), attr)


ORDERS: dict[str, Callable[[WorkloadRow], Any]] = {"name": _by_name} | {
    f"{column.key}_{weeks}": _by_figure(column.attr, weeks) for column in COLUMNS for weeks in WINDOW_WEEKS
}
DEFAULT_ORDER = "-callout_time_4"  # the most time called out lately first: who to look at


def workload_order(value: object) -> str:
    """`value` if it names a way to order the table ("name", "-callouts_12"), else the default."""
    text = str(value)
    return text if text.removeprefix("-") in ORDERS else DEFAULT_ORDER


def _ordered(rows: list[WorkloadRow], order: str) -> list[WorkloadRow]:
    """Ordered by `order`; rows with the same figure by name."""
    key, descending = ORDERS[order.removeprefix("-")], order.startswith("-")
    by_name = sorted(rows, key=_by_name, reverse=descending and key is _by_name)
    return by_name if key is _by_name else sorted(by_name, key=key, reverse=descending)


@dataclass
class SchemeWorkload:
    scheme: Scheme
    today: date
    order: str
    is_rota_scheme: bool  # the Listener scheme the establishment's rota is drawn from
    night: list[tuple[time, time]]
    limits: Limits
    windows: list[Window]
    rows: list[WorkloadRow]

    @property
    def night_description(self) -> str:
        return night_words(self.night)

    def headings(self, weeks: int) -> list[Heading]:
        keys = [("Name", "name", False)] + [
            (column.heading, f"{column.key}_{weeks}", True) for column in COLUMNS
        ]
        current, descending = self.order.removeprefix("-"), self.order.startswith("-")
        headings = []
        for text, key, numeric in keys:
            sorted_ = ("descending" if descending else "ascending") if key == current else ""
            first = f"-{key}" if numeric else key
            other = key if first.startswith("-") else f"-{key}"
            headings.append(
                Heading(
                    text=text,
                    order=other if sorted_ and self.order == first else first,
                    sorted=sorted_,
                    numeric=numeric,
                )
            )
        return headings

    def csv_header(self) -> list[str]:
        return ["Prison number", "Surname", "First name", "Wing"] + [
            column.csv_name(weeks) for weeks in WINDOW_WEEKS for column in COLUMNS
        ]

    def csv_rows(self) -> list[list[object]]:
        return [
            [
                row.worker.prison_number,
                row.worker.last_name,
                row.worker.first_name,
                row.worker.location.name if row.worker.location else "",
            ]
            + [getattr(row.figures(weeks), column.attr) for weeks in WINDOW_WEEKS for column in COLUMNS]
            for row in self.rows
        ]


def _held_in(window: Window) -> Q:
    """A contract that put its holder in the role on at least one day of `window` (the rule of
    `Contract.objects.in_effect_on`, asked of a range of days)."""
    return (
        (Q(signed_on__isnull=False) | Q(renewal_of__isnull=False))
        & Q(start_date__lte=window.ends_on, end_date__gt=window.starts_on)
        & (Q(ended_on__isnull=True) | Q(ended_on__gt=window.starts_on))
    )


def scheme_workload(*, scheme: Scheme, today: date, order: str = DEFAULT_ORDER) -> SchemeWorkload:
    """One row per peer worker who held a contract of `scheme` in the last 12 weeks, with their
    workload at the scheme's establishment for the last 4 and 12 weeks. For the Listener scheme the
    rota is drawn from, anyone who worked a shift or was called out then too. Five queries, however
    many people and call-outs: shifts counted per worker, call-outs per worker and week, in the
    database.
    """
    establishment = scheme.establishment
    longest = workload_window(weeks=max(WINDOW_WEEKS), today=today)
    holders = Contract.objects.filter(_held_in(longest), scheme=scheme).values("worker_id")
    rota = _rota(establishment)
    # The rota's scheme takes everyone who worked on the rota or was called out; another scheme,
    # only its own people (whose rota work, if they are Listeners too, is theirs all the same).
    is_rota_scheme = rota is not None and rota["scheme_id"] == scheme.pk
    counted = _count(
        establishment=establishment, rota=rota, today=today, worker_ids=None if is_rota_scheme else holders
    )
    people = Q(pk__in=holders)
    if is_rota_scheme:
        people |= Q(pk__in=sorted(counted.worker_ids))
    rows = []
    for worker in PeerWorker.objects.filter(people).select_related("location"):
        rows.append(
            WorkloadRow(
                worker=worker,
                here=worker.establishment_id == establishment.pk,
                periods=counted.periods_of(worker.pk, counted.weeks_of(worker.pk)),
            )
        )
    order = workload_order(order)
    return SchemeWorkload(
        scheme=scheme,
        today=today,
        order=order,
        is_rota_scheme=is_rota_scheme,
        night=counted.night,
        limits=counted.limits,
        windows=counted.windows,
        rows=_ordered(rows, order),
    )


# --- Whose workload a user sees ----------------------------------------------------------------------


def workload_schemes(*, user: "User", establishment: Establishment) -> QuerySet[Scheme]:
    """The schemes whose workload `user` sees: every scheme of the establishment for safer custody
    and administrators, those they lead for a coordinator, none for anyone else."""
    schemes = Scheme.objects.filter(establishment=establishment).order_by("-is_active", "name")
    if is_safer_custody(user) or is_system_admin(user):
        return schemes
    if is_scheme_coordinator(user):
        return schemes.filter(pk__in=schemes_led_by(user=user, establishment=establishment).values("pk"))
    return schemes.none()


def workload_scheme_get(*, user: "User", establishment: Establishment, pk: int) -> Scheme:
    """A scheme whose workload `user` sees, or 404 (another prison's, or one they do not lead)."""
    return get_object_or_404(
        workload_schemes(user=user, establishment=establishment).select_related("establishment"), pk=pk
    )
