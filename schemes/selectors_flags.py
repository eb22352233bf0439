"""Reads for the flag inbox and the safer-custody home page, scoped to one establishment.

A flag or scheme of another establishment is simply not found (404).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from schemes.filters import FlagFilter
from schemes.models import Establishment, Flag, FlagComment, Scheme, SchemeLead, SupervisionMeeting

HELD_RATE_MONTHS = 6


# --- The inbox ---------------------------------------------------------------------------


def _flags(*, establishment: Establishment, led_by: User | None) -> QuerySet[Flag]:
    flags = Flag.objects.filter(establishment=establishment)
    if led_by is not None:
        led = SchemeLead.objects.filter(user=led_by, ended_on__isnull=True).values("scheme")
        flags = flags.filter(scheme__in=led)
    return flags


def flags_most_severe(*, establishment: Establishment, limit: int = 5) -> list[Flag]:
    """The open flags to act on first: most severe, then longest open. One query."""
    return list(
        Flag.objects.filter(establishment=establishment, resolved_at__isnull=True)
        .select_related("scheme")
        .order_by("-severity", "opened_at")[:limit]
    )


def flag_schemes(*, establishment: Establishment, led_by: User | None = None) -> QuerySet[Scheme]:
    """The schemes the inbox can be filtered by: this establishment's, or only those `led_by` leads."""
    schemes = Scheme.objects.filter(establishment=establishment)
    if led_by is not None:
        schemes = schemes.filter(leads__user=led_by, leads__ended_on__isnull=True)
    return schemes.order_by("name")


def flag_list(
    *, establishment: Establishment, filters: Mapping[str, str] | None, led_by: User | None = None
) -> FlagFilter:
    """The inbox: most severe first, then newest. Open flags unless `filters` asks for another state.

    `led_by` narrows it to the flags of the schemes that person leads (a coordinator's inbox).
    Returns the bound filter: `.qs` holds the flags and `.form` the filter form with any errors.
    """
    flags = (
        _flags(establishment=establishment, led_by=led_by)
        .select_related("scheme", "contract__worker", "meeting")
        .order_by("-severity", "-opened_at", "-pk")
    )
    return FlagFilter(
        filters, queryset=flags, schemes=flag_schemes(establishment=establishment, led_by=led_by)
    )


def flag_get(*, establishment: Establishment, pk: int) -> Flag:
    return get_object_or_404(
        Flag.objects.select_related(
            "scheme", "contract__worker", "contract__scheme", "meeting", "acknowledged_by", "resolved_by"
        ).prefetch_related(
            Prefetch("comments", queryset=FlagComment.objects.select_related("author").order_by("created_at"))
        ),
        establishment=establishment,
        pk=pk,
    )


# --- The safer-custody home page -----------------------------------------------------------


@dataclass(frozen=True)
class SeverityCount:
    severity: int
    label: str
    count: int


@dataclass(frozen=True)
class SchemeFlagCount:
    scheme_id: int | None
    name: str
    count: int
    urgent: int


@dataclass(frozen=True)
class FlagSummary:
    total: int
    by_severity: list[SeverityCount]
    by_scheme: list[SchemeFlagCount]


def open_flags_summary(*, establishment: Establishment) -> FlagSummary:
    """Open flags counted by severity (every severity, most severe first) and by scheme. One query."""
    rows = list(
        Flag.objects.filter(establishment=establishment, resolved_at__isnull=True)
        .values("scheme", "scheme__name", "severity")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_severity = [
        SeverityCount(severity=value, label=label, count=sum(r["n"] for r in rows if r["severity"] == value))
        for value, label in sorted(Flag.Severity.choices, reverse=True)
    ]
    schemes: dict[int | None, dict] = {}
    for row in rows:
        entry = schemes.setdefault(
            row["scheme"], {"name": row["scheme__name"] or "Not about a scheme", "count": 0, "urgent": 0}
        )
        entry["count"] += row["n"]
        if row["severity"] == Flag.Severity.URGENT:
            entry["urgent"] += row["n"]
    by_scheme = sorted(
        (SchemeFlagCount(scheme_id=pk, **entry) for pk, entry in schemes.items()),
        key=lambda s: (-s.urgent, -s.count, s.name),
    )
    return FlagSummary(total=sum(r["n"] for r in rows), by_severity=by_severity, by_scheme=by_scheme)


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


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def supervision_held_rate(*, establishment: Establishment, today: date) -> list[HeldRate]:
    """Per running scheme, its supervision meetings over the last six months up to today. One query.

    A meeting moved to a new date is counted once, as its new meeting. A meeting still marked
    scheduled counts as missed once its day has passed (staff have the day itself to record it).
    """
    window = Q(
        meetings__starts_at__gte=_start_of(today - relativedelta(months=HELD_RATE_MONTHS)),
        meetings__starts_at__lt=_start_of(today + timedelta(days=1)),
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
                & Q(meetings__status=status.SCHEDULED, meetings__starts_at__lt=_start_of(today)),
            ),
        )
        .order_by("name")
    )
    return [
        HeldRate(scheme=scheme, held=scheme.held, cancelled=scheme.cancelled, missed=scheme.missed)
        for scheme in schemes
    ]
