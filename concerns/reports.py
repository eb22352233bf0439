"""The concerns reports: the monthly "You said, we did" notice and the report on answering in time.

Deadlines are calendar days in UK time: a concern raised on 3 November with a 7-day topic is due
on 10 November, and an answer given any time on 10 November (UK time) is on time. Both reports
are computed set-based: a fixed number of queries however many concerns there are.
"""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from statistics import median
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import TruncDate, TruncMonth
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from accounts.models import User
from concerns.models import Concern
from concerns.selectors import concerns_for
from establishments.models import Establishment, Location

REPORT_MONTHS = 12
NOTICE_MONTHS_BACK = 24  # how far back the notice's month list goes


def month_start(day: date) -> date:
    return day.replace(day=1)


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _london() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


# --- "You said, we did" ------------------------------------------------------------------------


def notice_months(*, today: date) -> list[date]:
    """The months a notice can be printed for, newest first: this month (so far) and the two
    years before it."""
    this_month = month_start(today)
    return [this_month - relativedelta(months=n) for n in range(NOTICE_MONTHS_BACK + 1)]


def notice_wings(*, establishment: Establishment) -> QuerySet[Location]:
    """The establishment's wings, those in use first: a closed wing's concerns were still answered."""
    return Location.objects.filter(establishment=establishment).order_by("archived_at", "name")


@dataclass(frozen=True)
class Published:
    problem: str
    action: str


@dataclass(frozen=True)
class NoticeTopic:
    name: str
    items: list[Published]


@dataclass(frozen=True)
class YouSaidNotice:
    establishment: Establishment
    month: date
    wing: Location | None
    topics: list[NoticeTopic]

    @property
    def count(self) -> int:
        return sum(len(topic.items) for topic in self.topics)


def you_said_notice(
    *, establishment: Establishment, month: date, wing: Location | None = None
) -> YouSaidNotice:
    """The concerns of `establishment` (and `wing`) answered in `month` that staff ticked for
    publication, grouped by topic: only the general words staff wrote for the noticeboard.

    Every member of staff who prints it gets the same sheet: what is ticked is meant for every
    wing, so it is not narrowed to the concerns their role sees. A concern the peer worker has
    reopened ("not sorted") is left out until it is answered again.
    """
    if wing is not None and wing.establishment_id != establishment.pk:
        raise ValueError("The wing is not at this establishment.")
    starts_at = _local_midnight(month_start(month))
    ends_at = _local_midnight(month_start(month) + relativedelta(months=1))
    published = (
        Concern.objects.filter(
            establishment=establishment,
            may_publish=True,
            answered_at__gte=starts_at,
            answered_at__lt=ends_at,
        )
        .exclude(status__in=Concern.AWAITING_ANSWER)
        .order_by("topic__name", "topic_id", "answered_at", "pk")
    )
    if wing is not None:
        published = published.filter(location=wing)
    # Only these columns leave the database: nothing else about the concern can reach the page.
    rows = published.values_list("topic__name", "public_problem", "public_action")
    grouped: dict[str, list[Published]] = defaultdict(list)
    for topic, problem, action in rows:
        grouped[topic].append(Published(problem=problem, action=action))
    return YouSaidNotice(
        establishment=establishment,
        month=month_start(month),
        wing=wing,
        topics=[NoticeTopic(name=name, items=items) for name, items in grouped.items()],
    )


# --- The report: answered in time, by department and by topic, by month ---------------------------


@dataclass
class Tally:
    """Of the concerns raised: answered on time, answered late, waiting past their due day now,
    and the calendar days each answered one took (raised to answered, UK dates)."""

    raised: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    days: list[int] = field(default_factory=list)

    def add(self, other: "Tally") -> None:
        self.raised += other.raised
        self.on_time += other.on_time
        self.late += other.late
        self.overdue += other.overdue
        self.days.extend(other.days)

    @property
    def median_days(self) -> float | None:
        return median(self.days) if self.days else None

    @property
    def median_text(self) -> str:
        return format_median(self.median_days)

    @property
    def cells(self) -> list[object]:
        """The table's numbers, in its columns' order; a dash where nothing was answered."""
        return [self.raised, self.on_time, self.late, self.overdue, self.median_text or "–"]


@dataclass(frozen=True)
class ReportRow:
    month: date | None  # None: the whole period
    tally: Tally


@dataclass(frozen=True)
class ReportGroup:
    name: str
    rows: list[ReportRow]  # newest month first, months with nothing raised left out
    total: Tally


@dataclass(frozen=True)
class ConcernsReport:
    establishment: Establishment
    today: date
    months: list[date]  # newest first
    overall: list[ReportRow]  # every month, even empty ones
    total: Tally
    departments: list[ReportGroup]
    topics: list[ReportGroup]

    @property
    def starts_on(self) -> date:
        return self.months[-1]


def _answered() -> Q:
    """Answered and not waiting again (a reopened concern waits for its next answer)."""
    return Q(answered_at__isnull=False) & ~Q(status__in=Concern.AWAITING_ANSWER)


def concerns_report(*, user: User, establishment: Establishment, today: date | None = None) -> ConcernsReport:
    """The last REPORT_MONTHS months (this one so far included) of the concerns `user` sees.

    Each concern counts once, in the month it was raised, with its department and topic as they
    are now: on time if answered on or before its due day, late if after, overdue if still
    waiting and its due day has passed. Two queries: counts aggregated in the database, and the
    answering days (one row per answered concern) for the medians.
    """
    today = today or timezone.localdate()
    london = _london()
    months = [month_start(today) - relativedelta(months=n) for n in range(REPORT_MONTHS)]
    seen = concerns_for(user=user, establishment=establishment).filter(
        raised_at__gte=_local_midnight(months[-1])
    )
    month = TruncMonth("raised_at", tzinfo=london)
    answered_on = TruncDate("answered_at", tzinfo=london)
    answered = _answered()
    counts = (
        seen.annotate(month=month)
        .values("month", "department_id", "department__name", "topic_id", "topic__name")
        .annotate(
            raised=Count("pk"),
            on_time=Count("pk", filter=answered & Q(LessThanOrEqual(answered_on, F("due_on")))),
            late=Count("pk", filter=answered & Q(GreaterThan(answered_on, F("due_on")))),
            overdue=Count("pk", filter=Q(status__in=Concern.AWAITING_ANSWER, due_on__lt=today)),
        )
        .order_by()
    )
    answering = (
        seen.filter(answered)
        .annotate(month=month, raised_on=TruncDate("raised_at", tzinfo=london), answered_on=answered_on)
        .values_list("month", "department_id", "topic_id", "raised_on", "answered_on")
        .order_by()
    )

    by_month: dict[date, Tally] = {m: Tally() for m in months}
    by_department: dict[tuple[int, date], Tally] = defaultdict(Tally)
    by_topic: dict[tuple[int, date], Tally] = defaultdict(Tally)
    department_names: dict[int, str] = {}
    topic_names: dict[int, str] = {}
    for row in counts:
        when = _month_of(row["month"])
        tally = Tally(raised=row["raised"], on_time=row["on_time"], late=row["late"], overdue=row["overdue"])
        department_names[row["department_id"]] = row["department__name"]
        topic_names[row["topic_id"]] = row["topic__name"]
        for bucket in (
            by_month[when],
            by_department[row["department_id"], when],
            by_topic[row["topic_id"], when],
        ):
            bucket.add(tally)
    for raised_month, department_id, topic_id, raised_on, answered_day in answering:
        when, days = _month_of(raised_month), (answered_day - raised_on).days
        for bucket in (by_month[when], by_department[department_id, when], by_topic[topic_id, when]):
            bucket.days.append(days)

    total = Tally()
    for tally in by_month.values():
        total.add(tally)
    return ConcernsReport(
        establishment=establishment,
        today=today,
        months=months,
        overall=[ReportRow(month=m, tally=by_month[m]) for m in months],
        total=total,
        departments=_groups(department_names, by_department, months),
        topics=_groups(topic_names, by_topic, months),
    )


def _month_of(truncated: datetime) -> date:
    return timezone.localtime(truncated).date() if timezone.is_aware(truncated) else truncated.date()


def _groups(
    names: dict[int, str], tallies: dict[tuple[int, date], Tally], months: Sequence[date]
) -> list[ReportGroup]:
    groups = []
    for pk, name in sorted(names.items(), key=lambda item: (item[1].lower(), item[0])):
        rows = [ReportRow(month=m, tally=tallies[pk, m]) for m in months if (pk, m) in tallies]
        total = Tally()
        for row in rows:
            total.add(row.tally)
        groups.append(ReportGroup(name=name, rows=rows, total=total))
    return groups


CSV_HEADER = [
    "Grouping",
    "Name",
    "Month",
    "Raised",
    "Answered on time",
    "Answered late",
    "Overdue now",
    "Median days to answer",
]


def format_median(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def report_csv_rows(report: ConcernsReport) -> Iterable[list[object]]:
    """The report's table, row by row, as the CSV download has it under CSV_HEADER: every concern
    and every department and topic, each month (YYYY-MM) then the whole period ("All")."""

    def line(grouping: str, name: str, row: ReportRow) -> list[object]:
        tally = row.tally
        return [
            grouping,
            name,
            f"{row.month:%Y-%m}" if row.month else "All",
            tally.raised,
            tally.on_time,
            tally.late,
            tally.overdue,
            tally.median_text,
        ]

    everyone = report.establishment.name
    for row in report.overall:
        yield line("All concerns", everyone, row)
    yield line("All concerns", everyone, ReportRow(month=None, tally=report.total))
    for grouping, groups in (("Department", report.departments), ("Topic", report.topics)):
        for group in groups:
            for row in group.rows:
                yield line(grouping, group.name, row)
            yield line(grouping, group.name, ReportRow(month=None, tally=group.total))
