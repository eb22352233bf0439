"""The support flags, raised, escalated and closed through the flags API. Set-based: one query
reads each condition for every pair of every prison, and running it twice changes nothing.

- No session: an open pair with no session recorded (held or not) for its scheme's window
  (`Scheme.session_window_days`, 14 days by default); urgent at twice the window.
- Blocked: over the last four weeks, more than half of a pair's sessions did not happen for the
  same reason (with at least `BLOCKED_AT_LEAST` sessions recorded, so two bad days are not a pattern).
"""

from collections import defaultdict
from datetime import date, datetime, timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.text import Truncator

from flags.api import Condition, Flag, Kind, Severity, SyncResult, flags_sync
from support.models import NotHeld, Pair, Session

BLOCKED_OVER = timedelta(days=28)
BLOCKED_AT_LEAST = 4


def _summary(text: str) -> str:
    # Truncator is slow (it translates its ellipsis): asked only of a summary too long to fit.
    return text if len(text) <= Flag.SUMMARY_LENGTH else Truncator(text).chars(Flag.SUMMARY_LENGTH)


def no_session_conditions(*, today: date) -> list[Condition]:
    pairs = (
        Pair.objects.open()
        .filter(scheme__works_one_to_one=True)
        .annotate(last_session=Max("sessions__on", filter=Q(sessions__archived_at__isnull=True)))
        .values(
            "pk",
            "establishment_id",
            "scheme_id",
            "started_on",
            "last_session",
            "scheme__session_window_days",
            "scheme__name",
            "mentor__first_name",
            "mentor__last_name",
            "supported__first_name",
        )
    )
    conditions = []
    for pair in pairs:
        window = pair["scheme__session_window_days"]
        since = pair["last_session"] or pair["started_on"]
        days = (today - since).days
        if days < window:
            continue
        what = (
            "no session recorded since" if pair["last_session"] else "no session recorded since it started on"
        )
        conditions.append(
            Condition(
                kind=Kind.SUPPORT_NO_SESSION,
                key=f"{Kind.SUPPORT_NO_SESSION}:pair:{pair['pk']}",
                establishment_id=pair["establishment_id"],
                scheme_id=pair["scheme_id"],
                pair_id=pair["pk"],
                severity=Severity.URGENT if days >= 2 * window else Severity.WARNING,
                summary=_summary(
                    f"{pair['scheme__name']}: {pair['mentor__first_name']} {pair['mentor__last_name']} and "
                    f"{pair['supported__first_name']} have had {what} {since:%d %b %Y} ({days} days)."
                ),
            )
        )
    return conditions


def blocked_conditions(*, today: date) -> list[Condition]:
    rows = (
        Session.objects.filter(
            archived_at__isnull=True,
            on__gt=today - BLOCKED_OVER,
            on__lte=today,
            pair__ended_on__isnull=True,
            pair__scheme__works_one_to_one=True,
        )
        .values(
            "pair_id",
            "not_held_because",
            "pair__establishment_id",
            "pair__scheme_id",
            "pair__scheme__name",
            "pair__mentor__first_name",
            "pair__supported__first_name",
        )
        .annotate(sessions=Count("pk"))
        .order_by("pair_id", "not_held_because")
    )
    by_pair: dict[int, list[dict]] = defaultdict(list)
    for row in rows:
        by_pair[row["pair_id"]].append(row)
    conditions = []
    for pair_id, reasons in by_pair.items():
        total = sum(row["sessions"] for row in reasons)
        worst = max(
            (row for row in reasons if row["not_held_because"]), key=lambda r: r["sessions"], default=None
        )
        if worst is None or total < BLOCKED_AT_LEAST or 2 * worst["sessions"] <= total:
            continue
        reason = NotHeld(worst["not_held_because"]).label.lower()
        conditions.append(
            Condition(
                kind=Kind.SUPPORT_BLOCKED,
                key=f"{Kind.SUPPORT_BLOCKED}:pair:{pair_id}",
                establishment_id=worst["pair__establishment_id"],
                scheme_id=worst["pair__scheme_id"],
                pair_id=pair_id,
                severity=Severity.WARNING,
                summary=_summary(
                    f"{worst['pair__scheme__name']}: {worst['sessions']} of {total} sessions of "
                    f"{worst['pair__mentor__first_name']} and {worst['pair__supported__first_name']} in four weeks "
                    f"did not happen for the same reason: “{reason}” (as the mentor put it)."
                ),
            )
        )
    return conditions


def support_oversight_sync(*, now: datetime | None = None) -> SyncResult:
    now = now or timezone.now()
    today = timezone.localdate(now)
    return flags_sync(
        kind=Kind.SUPPORT_NO_SESSION,
        conditions=no_session_conditions(today=today),
        now=now,
        refresh_summaries=True,
    ) + flags_sync(
        kind=Kind.SUPPORT_BLOCKED, conditions=blocked_conditions(today=today), now=now, refresh_summaries=True
    )
