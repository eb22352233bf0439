"""The stumbling-blocks report of a one-to-one scheme: sessions held and not held over the last weeks,
the ones not held by reason, by week and by the supported resident's wing.

Weeks are ISO weeks (Monday to Sunday) by the session's day; this week counts so far. The wing is
the supported resident's wing as it is now: the session happens where they live, and "not
unlocked" or a clash with the regime is a fact of their wing's day. A resident who has since left
this prison counts under "No longer here", never under another prison's wing. Archived sessions
(recorded by mistake) are not counted.

Set-based: one query, however many sessions, grouped in the database by week, wing, held and
reason; Python only adds the groups up and lays out the chart.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count
from django.db.models.functions import TruncWeek
from django.utils import timezone

from peerwork.dates import monday_of
from schemes.models import Scheme
from support.models import NotHeld, Session

WEEKS = (4, 8, 12, 26)
DEFAULT_WEEKS = 8

# NotHeld's labels are the mentor's words on the kiosk; staff read the same reasons as this.
STAFF_REASONS: dict[str, str] = {
    NotHeld.MENTOR_NOT_UNLOCKED: "Mentor not unlocked",
    NotHeld.LEARNER_NOT_UNLOCKED: "Learner not unlocked",
    NotHeld.REGIME_CLASH: "Clash with the regime (work, visits, meals)",
    NotHeld.NO_SPACE: "No space",
    NotHeld.LEARNER_DID_NOT_WANT: "Learner did not want to",
    NotHeld.LEARNER_UNWELL: "Learner unwell",
    NotHeld.OTHER: "Other",
}
REASONS: list[str] = [str(value) for value in NotHeld.values]
NO_WING = "No wing recorded"
LEFT = "No longer here"


@dataclass(frozen=True)
class Reason:
    value: str
    label: str
    css: str  # the chart's class for it: sb-reason-<value with dashes>


REASON_ROWS = [
    Reason(value=v, label=STAFF_REASONS[v], css=f"sb-reason-{v.replace('_', '-')}") for v in REASONS
]


@dataclass
class Tally:
    held: int = 0
    not_held: dict[str, int] = field(default_factory=lambda: dict.fromkeys(REASONS, 0))

    def add(self, other: "Tally") -> None:
        self.held += other.held
        for reason, count in other.not_held.items():
            self.not_held[reason] += count

    @property
    def not_held_total(self) -> int:
        return sum(self.not_held.values())

    @property
    def total(self) -> int:
        return self.held + self.not_held_total

    @property
    def by_reason(self) -> list[int]:
        """Sessions not held, one number a reason in REASONS' order."""
        return [self.not_held[reason] for reason in REASONS]

    @property
    def cells(self) -> list[int]:
        """The tables' and the CSV's numbers: held, not held, then not held by each reason."""
        return [self.held, self.not_held_total, *self.by_reason]


@dataclass(frozen=True)
class Row:
    name: str  # the week's Monday as text, or the wing's name
    tally: Tally


@dataclass(frozen=True)
class ReasonCount:
    reason: Reason
    count: int
    percent: int  # of the sessions not held, rounded


@dataclass(frozen=True)
class StumblingBlocks:
    scheme: Scheme
    weeks: int
    today: date
    mondays: list[date]  # oldest first, as the chart reads left to right
    by_week: list[Row]
    by_wing: list[Row]  # wings with sessions, by name
    by_week_and_wing: dict[date, list[Row]]
    total: Tally

    @property
    def starts_on(self) -> date:
        return self.mondays[0]

    @property
    def reason_columns(self) -> list[Reason]:
        return REASON_ROWS

    @property
    def reasons(self) -> list[ReasonCount]:
        """Every reason, the most common first, with its share of the sessions not held."""
        missed = self.total.not_held_total
        counts = [
            ReasonCount(
                reason=reason,
                count=self.total.not_held[reason.value],
                percent=round(100 * self.total.not_held[reason.value] / missed) if missed else 0,
            )
            for reason in REASON_ROWS
        ]
        return sorted(counts, key=lambda item: -item.count)


def weeks_of(*, today: date, weeks: int) -> list[date]:
    """The Mondays of the last `weeks` weeks, this one included, oldest first."""
    this_monday = monday_of(today)
    return [this_monday - timedelta(weeks=n) for n in range(weeks - 1, -1, -1)]


def stumbling_blocks(
    *, scheme: Scheme, weeks: int = DEFAULT_WEEKS, today: date | None = None
) -> StumblingBlocks:
    """The sessions of `scheme`'s pairs over the last `weeks` weeks (the caller chose the scheme
    from the ones the user keeps: support.selectors.schemes_kept_by)."""
    if weeks not in WEEKS:
        raise ValueError(f"The report covers {', '.join(map(str, WEEKS))} weeks, not {weeks}.")
    today = today or timezone.localdate()
    mondays = weeks_of(today=today, weeks=weeks)
    grouped = (
        Session.objects.filter(
            archived_at__isnull=True,
            pair__scheme=scheme,
            pair__establishment_id=scheme.establishment_id,
            on__gte=mondays[0],
            on__lte=today,
        )
        .annotate(week=TruncWeek("on"))
        .values(
            "week",
            "pair__supported__location_id",
            "pair__supported__location__name",
            "pair__supported__location__establishment_id",
            "held",
            "not_held_because",
        )
        .annotate(count=Count("pk"))
        .order_by()
    )
    by_week: dict[date, Tally] = {monday: Tally() for monday in mondays}
    by_wing: dict[str, Tally] = defaultdict(Tally)
    by_week_and_wing: dict[tuple[date, str], Tally] = defaultdict(Tally)
    for row in grouped:
        monday = _day(row["week"])
        if row["pair__supported__location_id"] is None:
            wing = NO_WING
        elif row["pair__supported__location__establishment_id"] != scheme.establishment_id:
            wing = LEFT
        else:
            wing = row["pair__supported__location__name"]
        tally = Tally()
        if row["held"]:
            tally.held = row["count"]
        else:
            tally.not_held[row["not_held_because"]] = row["count"]
        for bucket in (by_week[monday], by_wing[wing], by_week_and_wing[monday, wing]):
            bucket.add(tally)

    total = Tally()
    for tally in by_week.values():
        total.add(tally)
    wings = sorted(by_wing, key=lambda name: (name in (NO_WING, LEFT), name.lower()))
    return StumblingBlocks(
        scheme=scheme,
        weeks=weeks,
        today=today,
        mondays=mondays,
        by_week=[Row(name=short_day(m), tally=by_week[m]) for m in mondays],
        by_wing=[Row(name=wing, tally=by_wing[wing]) for wing in wings],
        by_week_and_wing={
            m: [Row(name=w, tally=by_week_and_wing[m, w]) for w in wings if (m, w) in by_week_and_wing]
            for m in mondays
        },
        total=total,
    )


def _day(week: date) -> date:
    """TruncWeek of a date is a date on every database; a datetime, should one come, by its date."""
    return week.date() if isinstance(week, datetime) else week


def short_day(day: date, *, year: bool = True) -> str:
    """2 Nov 2026 (or 2 Nov), without a leading zero on any platform."""
    return f"{day.day} {day:%b %Y}" if year else f"{day.day} {day:%b}"


def long_day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


# --- The chart: sessions a week, stacked held then not held by reason -------------------------------

CHART_HEIGHT = 200  # the plot, in the SVG's units
CHART_TOP = 10
CHART_LEFT = 40  # room for the axis numbers
# A week's room and its bar: wide enough for "14 Sep" under each bar up to 12 weeks; 26 weeks
# would then outgrow the page, so they are narrower and every other week is labelled.
SLOTS = {"wide": (60, 36), "narrow": (36, 24)}
LABEL_ROOM = 36  # below the plot, for the weeks' dates


@dataclass(frozen=True)
class Segment:
    css: str
    label: str  # for the tooltip: "Week beginning 2 Nov 2026: 3 held"
    x: int
    y: float
    width: int
    height: float


@dataclass(frozen=True)
class Tick:
    value: int
    y: float


@dataclass(frozen=True)
class WeekLabel:
    text: str
    x: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    left: int
    plot_bottom: int
    label_y: int
    plot_right: int
    axis_x: int
    segments: list[Segment]
    ticks: list[Tick]
    labels: list[WeekLabel]
    title: str
    description: str


def _step(largest: int) -> int:
    """A round gap between the axis' numbers: about four of them up to the tallest bar."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if largest <= step * 4:
            return step
    return (largest // 4000 + 1) * 1000


def chart(report: StumblingBlocks) -> Chart:
    tallest = max((row.tally.total for row in report.by_week), default=0)
    step = _step(tallest)
    top = max(step * ((tallest + step - 1) // step), step)
    bottom = CHART_TOP + CHART_HEIGHT

    def y_of(value: int) -> float:
        return round(bottom - CHART_HEIGHT * value / top, 2)

    segments: list[Segment] = []
    labels: list[WeekLabel] = []
    narrow = report.weeks > 12
    slot, bar = SLOTS["narrow" if narrow else "wide"]
    every = 2 if narrow else 1
    for index, (monday, row) in enumerate(zip(report.mondays, report.by_week, strict=True)):
        x = CHART_LEFT + index * slot + (slot - bar) // 2
        week = f"Week beginning {row.name}"
        stack = [("sb-held", "held", row.tally.held)] + [
            (reason.css, f"not held: {reason.label}", row.tally.not_held[reason.value])
            for reason in REASON_ROWS
        ]
        below = 0
        for css, what, count in stack:
            if not count:
                continue
            segments.append(
                Segment(
                    css=css,
                    label=f"{week}: {count} {what}",
                    x=x,
                    y=y_of(below + count),
                    width=bar,
                    height=round(y_of(below) - y_of(below + count), 2),
                )
            )
            below += count
        if index % every == (len(report.by_week) - 1) % every:
            labels.append(WeekLabel(text=short_day(monday, year=False), x=x + bar // 2))
    plot_right = CHART_LEFT + slot * len(report.by_week)
    return Chart(
        width=plot_right + 20,
        height=bottom + LABEL_ROOM,
        left=CHART_LEFT,
        plot_bottom=bottom,
        label_y=bottom + 20,
        plot_right=plot_right,
        axis_x=CHART_LEFT - 6,
        segments=segments,
        ticks=[Tick(value=value, y=y_of(value)) for value in range(0, top + 1, step)],
        labels=labels,
        title=f"Sessions a week, {report.scheme.name}: the last {report.weeks} weeks",
        description=_description(report),
    )


def _description(report: StumblingBlocks) -> str:
    total = report.total
    if not total.total:
        return f"No sessions recorded from {long_day(report.starts_on)} to {long_day(report.today)}."
    text = (
        f"From {long_day(report.starts_on)} to {long_day(report.today)}: "
        f"{total.held} sessions held and {total.not_held_total} not held."
    )
    reasons = [item for item in report.reasons if item.count]
    if reasons:
        text += " Not held most often because: " + "; ".join(
            f"{item.reason.label} ({item.count})" for item in reasons[:3]
        )
        text += "."
    busiest = max(report.by_week, key=lambda row: row.tally.not_held_total)
    if busiest.tally.not_held_total:
        text += f" Most not held in the week beginning {busiest.name} ({busiest.tally.not_held_total})."
    return text + " The table below has every number."


# --- The CSV ---------------------------------------------------------------------------------------

ALL_WINGS = "All wings"


def csv_header() -> list[str]:
    return ["Week beginning", "Wing", "Held", "Not held", *(f"Not held: {r.label}" for r in REASON_ROWS)]


def csv_rows(report: StumblingBlocks) -> Iterable[list[object]]:
    """Under csv_header(): each week (YYYY-MM-DD, its Monday) for every wing, then wing by wing;
    then the whole period."""

    def line(week: str, wing: str, tally: Tally) -> list[object]:
        return [week, wing, *tally.cells]

    for monday, row in zip(report.mondays, report.by_week, strict=True):
        yield line(f"{monday:%Y-%m-%d}", ALL_WINGS, row.tally)
        for wing_row in report.by_week_and_wing[monday]:
            yield line(f"{monday:%Y-%m-%d}", wing_row.name, wing_row.tally)
    everything = f"All {report.weeks} weeks"
    yield line(everything, ALL_WINGS, report.total)
    for wing_row in report.by_wing:
        yield line(everything, wing_row.name, wing_row.tally)
