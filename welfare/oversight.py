"""The welfare flags, raised, escalated and closed through the flags API. Set-based: a fixed
number of queries reads each condition for every person at every prison, and running the job
twice changes nothing.

- Check-in overdue: a peer worker in the role with a scheme that sets `checkin_every_days` has had
  no check-in (with any coordinator here) for that many days, counted from their last check-in or
  else from the start of their contract. Urgent at twice the interval. One flag per person and scheme.
- Workload: a Listener called out for more than the rota's `max_callout_hours_per_week` hours, or
  more than its `max_night_callouts_per_week` night call-outs, in a week (Monday to Sunday, by when
  each call-out was asked for; nights as the call-out reports count them). This week and last are
  checked, so a call-out recorded late still counts. One flag per person, prison and week: once a
  member of staff resolves it, it does not come back for that week.
- Needs a break: a person's latest check-in here found they need a break, and no break from the
  rota has been recorded since. A later check-in, or a break, closes it; once a member of staff
  resolves it (saying what was agreed instead), that check-in raises it no more.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.text import Truncator

from flags.api import Condition, Flag, Kind, Severity, SyncResult, flags_sync
from listeners.selectors import DEFAULT_NIGHT
from peerwork.dates import monday_of
from peerwork.formats import long_date
from rota.models import CallOut, Rota, ShiftType, Unavailability
from rota.rules import duration_words
from schemes.models import Contract, Scheme
from welfare.models import CheckIn, HowItWent

NEEDS_BREAK_CLEARED = (
    "Closed: a break from the rota was recorded, or a later check-in found them not needing one."
)
CHECKIN_CLEARED = "Closed: a welfare check-in was recorded, or they no longer hold the contract."
WORKLOAD_CLEARED = "Closed: with call-outs recorded in error withdrawn, the week is within the rota's limits."


def _summary(text: str) -> str:
    # Truncator is slow (it translates its ellipsis): asked only of a summary too long to fit.
    return text if len(text) <= Flag.SUMMARY_LENGTH else Truncator(text).chars(Flag.SUMMARY_LENGTH)


def _resolved_by_staff(kind: str, keys: set[str]) -> set[str]:
    """Keys of flags a member of staff resolved: their condition raises no new flag."""
    if not keys:
        return set()
    return set(
        Flag.objects.filter(kind=kind, key__in=keys, resolved_by__isnull=False).values_list("key", flat=True)
    )


# --- Check-ins overdue ------------------------------------------------------------------------


def checkin_overdue_key(*, worker_id: int, scheme_id: int) -> str:
    return f"{Kind.CHECKIN_OVERDUE}:worker:{worker_id}:scheme:{scheme_id}"


def checkin_overdue_conditions(*, today: date, worker_id: int | None = None) -> list[Condition]:
    last_checkin = (
        CheckIn.objects.filter(
            worker=OuterRef("worker"),
            establishment=OuterRef("scheme__establishment"),
            archived_at__isnull=True,
            on__lte=today,
        )
        .order_by("-on")
        .values("on")[:1]
    )
    contracts = (
        Contract.objects.in_role()
        .filter(scheme__checkin_every_days__isnull=False, scheme__is_active=True)
        .annotate(last_checkin=Subquery(last_checkin))
    )
    if worker_id is not None:
        contracts = contracts.filter(worker_id=worker_id)
    rows = contracts.values(
        "pk",
        "worker_id",
        "scheme_id",
        "start_date",
        "last_checkin",
        "scheme__name",
        "scheme__establishment_id",
        "scheme__checkin_every_days",
        "worker__first_name",
        "worker__last_name",
    )
    conditions = []
    # Streamed: every contract in the role with check-ins due, nationally, is read.
    for row in rows.iterator(chunk_size=2000):
        every = row["scheme__checkin_every_days"]
        since = row["last_checkin"] or row["start_date"]
        days = (today - since).days
        if days <= every:
            continue
        what = (
            "no welfare check-in since"
            if row["last_checkin"]
            else "no welfare check-in since their contract started on"
        )
        conditions.append(
            Condition(
                kind=Kind.CHECKIN_OVERDUE,
                key=checkin_overdue_key(worker_id=row["worker_id"], scheme_id=row["scheme_id"]),
                establishment_id=row["scheme__establishment_id"],
                scheme_id=row["scheme_id"],
                contract_id=row["pk"],
                worker_id=row["worker_id"],
                severity=Severity.URGENT if days >= 2 * every else Severity.WARNING,
                summary=_summary(
                    f"{row['scheme__name']}: {row['worker__first_name']} {row['worker__last_name']} has had "
                    f"{what} {long_date(since)} ({days} days; due every {every})."
                ),
            )
        )
    return conditions


# --- Needs a break ----------------------------------------------------------------------------


def needs_break_key(checkin_id: int) -> str:
    return f"{Kind.NEEDS_BREAK}:checkin:{checkin_id}"


def needs_break_conditions(*, worker_id: int | None = None) -> list[Condition]:
    later = CheckIn.objects.filter(
        worker=OuterRef("worker"), establishment=OuterRef("establishment"), archived_at__isnull=True
    ).filter(Q(on__gt=OuterRef("on")) | Q(on=OuterRef("on"), recorded_at__gt=OuterRef("recorded_at")))
    break_since = Unavailability.objects.filter(
        worker=OuterRef("worker"),
        establishment=OuterRef("establishment"),
        archived_at__isnull=True,
        created_at__gte=OuterRef("recorded_at"),
    )
    checkins = (
        CheckIn.objects.filter(
            how=HowItWent.NEEDS_BREAK, archived_at__isnull=True, worker__establishment=F("establishment")
        )
        .exclude(Exists(later))
        .exclude(Exists(break_since))
    )
    if worker_id is not None:
        checkins = checkins.filter(worker_id=worker_id)
    rows = list(
        checkins.values(
            "pk",
            "on",
            "worker_id",
            "scheme_id",
            "establishment_id",
            "scheme__name",
            "scheme__preset",
            "worker__first_name",
            "worker__last_name",
        )
    )
    resolved = _resolved_by_staff(Kind.NEEDS_BREAK, {needs_break_key(row["pk"]) for row in rows})
    conditions = []
    for row in rows:
        key = needs_break_key(row["pk"])
        if key in resolved:
            continue
        name = f"{row['worker__first_name']} {row['worker__last_name']}"
        offer = (
            " Take them off the rota for a while, or resolve this flag saying what was agreed."
            if row["scheme__preset"] == Scheme.LISTENERS
            else " Resolve this flag saying what was agreed."
        )
        conditions.append(
            Condition(
                kind=Kind.NEEDS_BREAK,
                key=key,
                establishment_id=row["establishment_id"],
                scheme_id=row["scheme_id"],
                worker_id=row["worker_id"],
                severity=Severity.WARNING,
                summary=_summary(
                    f"{row['scheme__name']}: {name} needs a break (welfare check-in on {long_date(row['on'])}).{offer}"
                ),
            )
        )
    return conditions


# --- Workload ---------------------------------------------------------------------------------


def workload_key(*, worker_id: int, establishment_id: int, monday: date) -> str:
    return f"{Kind.WORKLOAD}:worker:{worker_id}:prison:{establishment_id}:week:{monday.isoformat()}"


@dataclass
class ListenerWeekLoad:
    worker_id: int
    establishment_id: int
    monday: date
    name: str
    minutes: int = 0
    nights: int = 0


def _is_night(moment: datetime, windows: list[tuple[time, time]]) -> bool:
    at = timezone.localtime(moment).time()
    return any(
        (starts <= at < ends) if starts < ends else (at >= starts or at < ends) for starts, ends in windows
    )


def workload_weeks(today: date) -> list[date]:
    """The Mondays of the weeks the job checks: last week and this week."""
    this_week = monday_of(today)
    return [this_week - timedelta(days=7), this_week]


def workload_conditions(*, now: datetime) -> list[Condition]:
    """Three queries whatever the number of call-outs: the rotas' limits, their night shifts, and
    the call-outs of the weeks checked."""
    today = timezone.localdate(now)
    mondays = workload_weeks(today)
    tz = timezone.get_current_timezone()
    first = datetime.combine(mondays[0], time(0), tzinfo=tz)
    last = datetime.combine(mondays[-1] + timedelta(days=7), time(0), tzinfo=tz)
    rotas = {rota.establishment_id: rota for rota in Rota.objects.select_related("scheme")}
    nights: dict[int, list[tuple[time, time]]] = defaultdict(list)
    for establishment_id, starts, ends in ShiftType.objects.filter(
        is_night=True, archived_at__isnull=True
    ).values_list("rota__establishment_id", "starts", "ends"):
        nights[establishment_id].append((starts, ends))

    loads: dict[tuple[int, int, date], ListenerWeekLoad] = {}
    for row in CallOut.objects.filter(
        archived_at__isnull=True, requested_at__gte=first, requested_at__lt=last
    ).values(
        "listener_id",
        "establishment_id",
        "requested_at",
        "started_at",
        "ended_at",
        "listener__first_name",
        "listener__last_name",
    ):
        establishment_id = row["establishment_id"]
        if establishment_id not in rotas:
            continue
        monday = monday_of(timezone.localtime(row["requested_at"]).date())
        load = loads.setdefault(
            (row["listener_id"], establishment_id, monday),
            ListenerWeekLoad(
                worker_id=row["listener_id"],
                establishment_id=establishment_id,
                monday=monday,
                name=f"{row['listener__first_name']} {row['listener__last_name']}",
            ),
        )
        load.minutes += int((row["ended_at"] - row["started_at"]).total_seconds() // 60)
        load.nights += _is_night(row["requested_at"], nights.get(establishment_id) or [DEFAULT_NIGHT])

    candidates = []
    for load in loads.values():
        rota = rotas[load.establishment_id]
        hours_limit, nights_limit = rota.max_callout_hours_per_week, rota.max_night_callouts_per_week
        too_long, too_many_nights = load.minutes > hours_limit * 60, load.nights > nights_limit
        if not (too_long or too_many_nights):
            continue
        what = []
        if too_many_nights:
            what.append(f"{load.nights} night call-outs (the limit is {nights_limit})")
        if too_long:
            what.append(
                f"{duration_words(timedelta(minutes=load.minutes))} of call-outs (the limit is {hours_limit} hours)"
            )
        worst = load.nights >= 2 * nights_limit or load.minutes >= 2 * hours_limit * 60
        candidates.append(
            Condition(
                kind=Kind.WORKLOAD,
                key=workload_key(
                    worker_id=load.worker_id, establishment_id=load.establishment_id, monday=load.monday
                ),
                establishment_id=load.establishment_id,
                scheme_id=rota.scheme_id,
                worker_id=load.worker_id,
                severity=Severity.URGENT if worst else Severity.WARNING,
                summary=_summary(
                    f"{rota.scheme.name}: {load.name} had {' and '.join(what)} in the week of "
                    f"{long_date(load.monday)}. Check in with them."
                ),
            )
        )
    resolved = _resolved_by_staff(Kind.WORKLOAD, {c.key for c in candidates})
    return [c for c in candidates if c.key not in resolved]


def sync_kind(
    *,
    kind: str,
    conditions: list[Condition],
    now: datetime,
    resolution: str,
    among: Q | None = None,
    refresh_summaries: bool = False,
) -> SyncResult:
    """Open and escalate the flags of `conditions`, then close the open flags of `kind` among
    `among` (all of them when None) whose condition no longer holds, saying why. One read of the
    open flags, in the one transaction of `flags_sync`."""
    return flags_sync(
        kind=kind,
        conditions=conditions,
        now=now,
        refresh_summaries=refresh_summaries,
        resolution=resolution,
        among=among,
    )


def welfare_oversight_sync(*, now: datetime | None = None) -> SyncResult:
    now = now or timezone.now()
    today = timezone.localdate(now)
    # Older weeks' workload flags stay open for staff: only the weeks checked can clear.
    weeks_checked = Q()
    for monday in workload_weeks(today):
        weeks_checked |= Q(key__endswith=f":week:{monday.isoformat()}")
    return (
        sync_kind(
            kind=Kind.CHECKIN_OVERDUE,
            conditions=checkin_overdue_conditions(today=today),
            now=now,
            resolution=CHECKIN_CLEARED,
            refresh_summaries=True,
        )
        + sync_kind(
            kind=Kind.NEEDS_BREAK,
            conditions=needs_break_conditions(),
            now=now,
            resolution=NEEDS_BREAK_CLEARED,
        )
        + sync_kind(
            kind=Kind.WORKLOAD,
            conditions=workload_conditions(now=now),
            now=now,
            resolution=WORKLOAD_CLEARED,
            among=weeks_checked,
        )
    )


def worker_welfare_sync(*, worker_id: int, now: datetime) -> SyncResult:
    """The same, for one person's check-in flags, when a check-in or a break changes them."""
    today = timezone.localdate(now)
    return sync_kind(
        kind=Kind.CHECKIN_OVERDUE,
        conditions=checkin_overdue_conditions(today=today, worker_id=worker_id),
        now=now,
        resolution=CHECKIN_CLEARED,
        among=Q(worker_id=worker_id),
        refresh_summaries=True,
    ) + sync_kind(
        kind=Kind.NEEDS_BREAK,
        conditions=needs_break_conditions(worker_id=worker_id),
        now=now,
        resolution=NEEDS_BREAK_CLEARED,
        among=Q(worker_id=worker_id),
    )
