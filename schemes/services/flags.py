"""Flags: opened, escalated and resolved by the oversight sweep; acknowledged, discussed and
resolved by staff. Every write is set-based, so the sweep costs the same for ten rows or ten thousand.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from schemes import oversight
from schemes.models import Contract, EndReason, Flag, FlagComment
from schemes.rules import RuleError

RESOLVED_AUTOMATICALLY = "Resolved automatically: the condition cleared."


@dataclass
class SyncResult:
    opened: int = 0
    escalated: int = 0
    resolved: int = 0

    def __add__(self, other: "SyncResult") -> "SyncResult":
        return SyncResult(
            self.opened + other.opened, self.escalated + other.escalated, self.resolved + other.resolved
        )


@dataclass
class SweepResult:
    expired: int = 0
    flags: SyncResult = field(default_factory=SyncResult)


def _flag_from(condition: oversight.Condition, now: datetime) -> Flag:
    return Flag(
        kind=condition.kind,
        key=condition.key,
        establishment_id=condition.establishment_id,
        scheme_id=condition.scheme_id,
        contract_id=condition.contract_id,
        meeting_id=condition.meeting_id,
        severity=condition.severity,
        summary=condition.summary,
        opened_at=now,
    )


@transaction.atomic
def flags_sync(
    *, kind: str, conditions: Iterable[oversight.Condition], now: datetime, resolve_cleared: bool = True
) -> SyncResult:
    """Make the open flags of one kind match the conditions that hold now. Safe to run twice.

    Opens a flag for a new condition (the partial unique index on `key` means a racing run
    cannot open a second), escalates one whose condition got worse (never de-escalates while
    open), and resolves those whose condition cleared.
    """
    wanted = {condition.key: condition for condition in conditions}
    open_flags = {
        flag.key: flag
        for flag in Flag.objects.select_for_update()
        .filter(kind=kind, resolved_at__isnull=True)
        .only("pk", "key", "severity", "summary", "meeting_id")
    }

    new = [_flag_from(c, now) for key, c in wanted.items() if key not in open_flags]
    Flag.objects.bulk_create(new, ignore_conflicts=True)

    worse = []
    for key, flag in open_flags.items():
        condition = wanted.get(key)
        if condition is not None and condition.severity > flag.severity:
            flag.severity = condition.severity
            flag.summary = condition.summary
            flag.meeting_id = condition.meeting_id or flag.meeting_id
            flag.escalated_at = now
            worse.append(flag)
    if worse:
        Flag.objects.bulk_update(worse, ["severity", "summary", "meeting_id", "escalated_at"])

    resolved = 0
    if resolve_cleared:
        cleared = [flag.pk for key, flag in open_flags.items() if key not in wanted]
        resolved = Flag.objects.filter(pk__in=cleared, resolved_at__isnull=True).update(
            resolved_at=now, resolution=RESOLVED_AUTOMATICALLY
        )
    return SyncResult(opened=len(new), escalated=len(worse), resolved=resolved)


@transaction.atomic
def contracts_expire(*, today: date, now: datetime) -> int:
    """Contracts past their end date become expired (a system reason) and each raises a flag.

    Claimed by status, so a second run finds nothing left to expire.
    """
    due = list(
        Contract.objects.select_for_update()
        .filter(status__in=Contract.OPEN, end_date__lte=today)
        .select_related("worker", "scheme")
    )
    for contract in due:
        contract.status = Contract.Status.EXPIRED
        contract.end_reason = EndReason.EXPIRED
        contract.ended_on = contract.end_date
    bulk_update_with_history(
        due,
        Contract,
        ["status", "end_reason", "ended_on"],
        default_change_reason="Expired: past its end date",
    )
    flags_sync(
        kind=Flag.Kind.CONTRACT_EXPIRED,
        conditions=[
            oversight.Condition(
                kind=Flag.Kind.CONTRACT_EXPIRED,
                key=f"contract_expired:contract:{contract.pk}",
                establishment_id=contract.scheme.establishment_id,
                scheme_id=contract.scheme_id,
                contract_id=contract.pk,
                severity=Flag.Severity.WARNING,
                summary=(
                    f"{contract.worker.full_name}'s {contract.scheme.name} contract expired on "
                    f"{contract.end_date:%-d %B %Y}. Issue a new one, or record why not."
                ),
            )
            for contract in due
        ],
        now=now,
        resolve_cleared=False,
    )
    return len(due)


def meetings_cancelled_sync(*, now: datetime) -> SyncResult:
    return flags_sync(
        kind=Flag.Kind.MEETINGS_CANCELLED, conditions=oversight.meetings_cancelled_conditions(), now=now
    )


def oversight_sweep(*, now: datetime | None = None) -> SweepResult:
    """Every oversight rule, across every establishment. Each step is its own transaction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SweepResult(expired=contracts_expire(today=today, now=now))
    result.flags = (
        meetings_cancelled_sync(now=now)
        + flags_sync(
            kind=Flag.Kind.SUPERVISION_OVERDUE,
            conditions=oversight.supervision_overdue_conditions(today=today),
            now=now,
        )
        + flags_sync(kind=Flag.Kind.NO_LEAD, conditions=oversight.no_lead_conditions(), now=now)
        + flags_sync(
            kind=Flag.Kind.CONTRACT_ENDING,
            conditions=oversight.contract_ending_conditions(today=today),
            now=now,
        )
    )
    replaced = Flag.objects.filter(pk__in=oversight.expired_contracts_replaced(), resolved_at__isnull=True)
    result.flags.resolved += replaced.update(
        resolved_at=now, resolution="Resolved automatically: a new contract was issued."
    )
    return result


# --- Staff actions ---------------------------------------------------------------


@transaction.atomic
def flag_acknowledge(*, flag: Flag, actor: User) -> Flag:
    if not flag.is_open:
        raise RuleError("This flag is already resolved.")
    Flag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_by=actor, acknowledged_at=timezone.now()
    )
    flag.refresh_from_db()
    return flag


@transaction.atomic
def flag_comment(*, flag: Flag, actor: User, text: str) -> FlagComment:
    if not text.strip():
        raise RuleError({"text": "Write a comment."})
    comment = FlagComment(flag=flag, author=actor, text=text.strip(), created_at=timezone.now())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def flag_resolve(*, flag: Flag, actor: User, resolution: str) -> Flag:
    """Resolved by a member of staff. If the condition still holds, the next sweep opens a new flag."""
    if not resolution.strip():
        raise RuleError({"resolution": "Say what was done."})
    updated = Flag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolved_by=actor, resolved_at=timezone.now(), resolution=resolution.strip()
    )
    if not updated:
        raise RuleError("This flag is already resolved.")
    flag.refresh_from_db()
    return flag
