"""The rota gaps job: a flag for each shift in the next 7 days with fewer Listeners on duty than it
needs, opened once, escalated as the shift comes closer, and resolved once it is covered.

A gap is a gap whether or not its week is published, and whether or not the week has been started:
an unbuilt week next Tuesday is exactly the risk this job is for. A Listener counts only when on
the rota (not waiting for cover) and in the role that day (`Assignment.objects.on_duty`): someone
suspended after being rostered leaves a gap. Nights are flagged one level above other shifts, so they come first in the inbox.

Set-based: a fixed number of queries however many prisons, shifts and Listeners.
"""

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone

from flags.api import Condition, Kind, Severity, SyncResult, flags_sync
from rota.models import Assignment, CoverNeed
from rota.rules import short_day

HORIZON = timedelta(days=7)
SOON = timedelta(hours=24)
# Days back to look for shifts that ended while still short, to close their flags with that reason.
LOOK_BACK_DAYS = 2
ENDED_SHORT = "Resolved automatically: the shift ended without full cover."


def gap_key(*, cover_point_id: int, day: date, shift_type_id: int) -> str:
    return f"rota_gap:{cover_point_id}:{day.isoformat()}:{shift_type_id}"


def _severity(*, is_night: bool, starts_at: datetime, now: datetime) -> int:
    soon = starts_at - now <= SOON
    if is_night:
        return Severity.URGENT if soon else Severity.WARNING
    return Severity.WARNING if soon else Severity.NOTICE


def rota_gap_conditions(*, now: datetime) -> tuple[list[Condition], set[str]]:
    """The gaps in shifts that have not ended and start within 7 days, and the keys of recent
    shifts that ended while still short. Two queries."""
    today = timezone.localdate(now)
    first, last = today - timedelta(days=LOOK_BACK_DAYS), today + HORIZON
    days = [first + timedelta(days=n) for n in range((last - first).days + 1)]
    needs = CoverNeed.objects.filter(
        listeners__gt=0,
        cover_point__archived_at__isnull=True,
        shift_type__archived_at__isnull=True,
        cover_point__rota=F("shift_type__rota"),
    ).select_related("shift_type", "cover_point__rota")
    on_duty = {
        (row["cover_point_id"], row["day"], row["shift_type_id"]): row["listeners"]
        for row in Assignment.objects.filter(day__range=(first, last))
        .on_duty()
        .values("cover_point_id", "day", "shift_type_id")
        .annotate(listeners=Count("pk"))
    }
    conditions, ended_short = [], set()
    for need in needs:
        shift_type, cover_point = need.shift_type, need.cover_point
        for day in days:
            starts_at, ends_at = shift_type.span(day)
            if starts_at >= now + HORIZON:
                continue
            have = on_duty.get((cover_point.pk, day, shift_type.pk), 0)
            if have >= need.listeners:
                continue
            key = gap_key(cover_point_id=cover_point.pk, day=day, shift_type_id=shift_type.pk)
            if ends_at <= now:
                ended_short.add(key)
                continue
            conditions.append(
                Condition(
                    kind=Kind.ROTA_GAP,
                    key=key,
                    establishment_id=cover_point.rota.establishment_id,
                    scheme_id=cover_point.rota.scheme_id,
                    severity=_severity(is_night=shift_type.is_night, starts_at=starts_at, now=now),
                    summary=(
                        f"{shift_type.name} {shift_type.starts:%H:%M}-{shift_type.ends:%H:%M} on "
                        f"{short_day(day)}, {cover_point.name}: {have} of {need.listeners} Listeners"
                    ),
                )
            )
    return conditions, ended_short


@transaction.atomic
def rota_gaps_sync(*, now: datetime | None = None) -> SyncResult:
    """Open, escalate and resolve the rota gap flags of every establishment. Safe to run twice."""
    now = now or timezone.now()
    conditions, ended_short = rota_gap_conditions(now=now)
    # A gap partly filled keeps its flag, whose summary should still say how many are on duty.
    return flags_sync(
        kind=Kind.ROTA_GAP,
        conditions=conditions,
        now=now,
        refresh_summaries=True,
        resolutions=dict.fromkeys(ended_short, ENDED_SHORT),
    )
