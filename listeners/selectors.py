"""The call-out log's reads: the log, whether a call-out was on the rota, and the reports.

Every read is scoped to one establishment and costs a fixed number of queries.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import ExtractHour, TruncWeek
from django.shortcuts import get_object_or_404
from django.utils import timezone

from establishments.models import Establishment, Location
from listeners.filters import CallOutFilter
from listeners.lookup import visible_assignments
from peerwork.audit import HistoryEntry, history_for
from peerwork.charts import BarChart, bar_chart
from peerwork.formats import hours_minutes
from rota.models import CallOut, ShiftType
from schemes.models import PeerWorker

DEFAULT_NIGHT = (time(21, 0), time(7, 0))


def was_rostered(
    *, listener: PeerWorker, establishment: Establishment, started_at: datetime, ended_at: datetime
) -> bool:
    """On a published shift at any moment of the call-out (the shift as officers saw it)."""
    return (
        visible_assignments(establishment=establishment, active_contract_only=False)
        .filter(worker=listener, starts_at__lt=ended_at, ends_at__gt=started_at)
        .exists()
    )


def callout_list(*, establishment: Establishment) -> QuerySet[CallOut]:
    """Every call-out of the establishment, archived ones too, newest first."""
    return (
        CallOut.objects.filter(establishment=establishment)
        .select_related("listener", "location", "recorded_by", "archived_by")
        .order_by("-requested_at", "-pk")
    )


def callout_filter(*, establishment: Establishment, filters: Mapping[str, str] | None) -> CallOutFilter:
    """The log filtered by `filters` (the query string): archived call-outs left out unless asked
    for. Returns the bound filter: `.qs` holds the call-outs and `.form` the filter form with any
    errors."""
    return CallOutFilter(
        filters,
        queryset=callout_list(establishment=establishment),
        wings=Location.objects.filter(establishment=establishment).order_by("name"),
    )


def callout_get(*, establishment: Establishment, pk: int) -> CallOut:
    return get_object_or_404(
        CallOut.objects.select_related("establishment", "listener", "location", "recorded_by", "archived_by"),
        establishment=establishment,
        pk=pk,
    )


def callout_history(*, callout: CallOut) -> list[HistoryEntry]:
    """Who recorded, corrected or archived the call-out, and what each correction changed."""
    return history_for(callout)


# --- Reports ----------------------------------------------------------------------------------------


def night_windows(*, establishment: Establishment) -> list[tuple[time, time]]:
    """The rota's night shifts (from, to), or 21:00 to 07:00 when there is no night shift."""
    shifts = ShiftType.objects.filter(
        rota__establishment=establishment, is_night=True, archived_at__isnull=True
    ).values_list("starts", "ends")
    return sorted(set(shifts)) or [DEFAULT_NIGHT]


def at_night(windows: list[tuple[time, time]], *, field_name: str = "requested_at") -> Q:
    """Asked for during a night window, in London time. A window may run past midnight."""
    condition = Q(pk__in=[])
    for starts, ends in windows:
        after = Q(**{f"{field_name}__time__gte": starts})
        before = Q(**{f"{field_name}__time__lt": ends})
        condition |= (after & before) if starts < ends else (after | before)
    return condition


@dataclass
class WingHours:
    name: str
    counts: list[int]

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass
class ListenerWeek:
    name: str
    week: date
    callouts: int
    minutes: int
    nights: int
    off_rota: int

    @property
    def iso_week(self) -> str:
        year, week, _ = self.week.isocalendar()
        return f"{year}-W{week:02d}"

    @property
    def hours(self) -> str:
        return hours_minutes(self.minutes)


@dataclass
class WingNights:
    name: str
    callouts: int
    off_rota: int


@dataclass
class CallOutReport:
    starts_on: date
    ends_on: date
    night: list[tuple[time, time]]
    by_wing_hour: list[WingHours] = field(default_factory=list)
    by_listener_week: list[ListenerWeek] = field(default_factory=list)
    night_by_wing: list[WingNights] = field(default_factory=list)

    hours = range(24)

    @property
    def total(self) -> int:
        return sum(row.total for row in self.by_wing_hour)

    @property
    def hour_totals(self) -> list[int]:
        return [sum(row.counts[hour] for row in self.by_wing_hour) for hour in self.hours]

    @property
    def off_rota(self) -> int:
        return sum(row.off_rota for row in self.by_listener_week)

    @property
    def hour_chart(self) -> BarChart:
        return bar_chart(
            id="callouts-by-hour-chart",
            title="Call-outs by the hour they were asked for, every wing",
            labels=[f"{hour:02d}:00" for hour in self.hours],
            values=self.hour_totals,
            label_heading="Hour of the day (UK time)",
            value_heading="Call-outs",
            unit=("call-out", "call-outs"),
            label_every=3,
            label_phrase="in the hour from {}",
        )

    @property
    def night_total(self) -> int:
        return sum(row.callouts for row in self.night_by_wing)

    @property
    def night_off_rota(self) -> int:
        return sum(row.off_rota for row in self.night_by_wing)

    @property
    def night_description(self) -> str:
        return ", ".join(f"{starts:%H:%M} to {ends:%H:%M}" for starts, ends in self.night)


def _minutes(duration: timedelta | None) -> int:
    return int(duration.total_seconds() // 60) if duration else 0


def callout_report(*, establishment: Establishment, starts_on: date, ends_on: date) -> CallOutReport:
    """Call-outs asked for from `starts_on` to `ends_on` (both included), archived ones left out.

    Counted in the database, four queries whatever the number of call-outs.
    """
    tz = timezone.get_current_timezone()
    night = night_windows(establishment=establishment)
    report = CallOutReport(starts_on=starts_on, ends_on=ends_on, night=night)
    callouts = CallOut.objects.filter(
        establishment=establishment,
        archived_at__isnull=True,
        requested_at__gte=datetime.combine(starts_on, time(0), tzinfo=tz),
        requested_at__lt=datetime.combine(ends_on + timedelta(days=1), time(0), tzinfo=tz),
    )
    is_night = at_night(night)

    wings: dict[str, WingHours] = {}
    for row in (
        callouts.annotate(hour=ExtractHour("requested_at"))
        .values("location__name", "hour")
        .annotate(n=Count("pk"))
        .order_by("location__name", "hour")
    ):
        name = row["location__name"]
        wings.setdefault(name, WingHours(name=name, counts=[0] * 24)).counts[row["hour"]] += row["n"]
    report.by_wing_hour = list(wings.values())

    report.by_listener_week = [
        ListenerWeek(
            name=f"{row['listener__first_name']} {row['listener__last_name']}",
            week=timezone.localtime(row["week"]).date() if isinstance(row["week"], datetime) else row["week"],
            callouts=row["n"],
            minutes=_minutes(row["duration"]),
            nights=row["nights"],
            off_rota=row["off"],
        )
        for row in callouts.annotate(week=TruncWeek("requested_at"))
        .values("listener_id", "listener__first_name", "listener__last_name", "week")
        .annotate(
            n=Count("pk"),
            duration=Sum(F("ended_at") - F("started_at")),
            nights=Count("pk", filter=is_night),
            off=Count("pk", filter=Q(off_rota=True)),
        )
        .order_by("-week", "listener__last_name", "listener__first_name", "listener_id")
    ]

    report.night_by_wing = [
        WingNights(name=row["location__name"], callouts=row["n"], off_rota=row["off"])
        for row in callouts.filter(is_night)
        .values("location__name")
        .annotate(n=Count("pk"), off=Count("pk", filter=Q(off_rota=True)))
        .order_by("-n", "location__name")
    ]
    return report
