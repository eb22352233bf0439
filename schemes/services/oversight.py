"""The oversight sweep: contracts past their end expire, and the flags of every scheme condition
are raised, escalated or closed through the flags API. Set-based, so the sweep costs the same for
ten rows or ten thousand; every step is safe to run twice.

`conditions_recheck` runs the sync of some condition kinds only: queued straight after each
change that can clear them (schemes.tasks.flags_recheck), so the inbox is right within seconds.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_update_with_history

from flags.api import Condition, Kind, Severity, SyncResult, flags_clear, flags_sync
from peerwork.formats import long_date
from schemes import oversight
from schemes.models import Contract, EndReason

REPLACED = "Resolved automatically: a new contract was issued."

# The conditions each kind is synced against; each takes today.
CONDITIONS: dict[str, Callable[[date], list[Condition]]] = {
    Kind.MEETINGS_CANCELLED: lambda today: oversight.meetings_cancelled_conditions(),
    Kind.SUPERVISION_OVERDUE: lambda today: oversight.supervision_overdue_conditions(today=today),
    Kind.NO_LEAD: lambda today: oversight.no_lead_conditions(),
    Kind.CONTRACT_ENDING: lambda today: oversight.contract_ending_conditions(today=today),
    Kind.RENEWAL_UNSIGNED: lambda today: oversight.renewal_unsigned_conditions(today=today),
}


@dataclass
class SweepResult:
    expired: int = 0
    flags: SyncResult = field(default_factory=SyncResult)


@transaction.atomic
def contracts_expire(*, today: date, now: datetime) -> int:
    """Contracts past their end date become expired (a system reason) and each raises a flag.

    Claimed by status, so a second run finds nothing left to expire.
    """
    due = list(
        Contract.objects.select_for_update()
        .open()
        .filter(end_date__lte=today)
        .select_related("worker", "scheme")
    )
    for contract in due:
        contract.status = Contract.Status.EXPIRED
        contract.end_reason = EndReason.EXPIRED
        contract.ended_on = contract.end_date
    if not due:
        return 0
    bulk_update_with_history(
        due,
        Contract,
        ["status", "end_reason", "ended_on"],
        default_change_reason="Expired: past its end date",
    )
    flags_sync(
        kind=Kind.CONTRACT_EXPIRED,
        conditions=[
            Condition(
                kind=Kind.CONTRACT_EXPIRED,
                key=oversight.contract_expired_key(contract.pk),
                establishment_id=contract.scheme.establishment_id,
                scheme_id=contract.scheme_id,
                contract_id=contract.pk,
                severity=Severity.WARNING,
                summary=(
                    f"{contract.worker.full_name}'s {contract.scheme.name} contract expired on "
                    f"{long_date(contract.end_date)}. Issue a new one, or record why not."
                ),
            )
            for contract in due
        ],
        now=now,
        resolve_cleared=False,
    )
    return len(due)


def conditions_recheck(*, kinds: Iterable[str], now: datetime | None = None) -> SyncResult:
    """Sync the flags of these condition kinds with what holds now. Each kind is its own transaction."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    result = SyncResult()
    for kind in kinds:
        if kind == Kind.CONTRACT_EXPIRED:
            result.resolved += flags_clear(
                kind=Kind.CONTRACT_EXPIRED,
                keys=oversight.expired_contracts_replaced(),
                now=now,
                resolution=REPLACED,
            )
        else:
            result += flags_sync(kind=kind, conditions=CONDITIONS[kind](today), now=now)
    return result


def oversight_sweep(*, now: datetime | None = None) -> SweepResult:
    """Every oversight rule, across every establishment. Each step is its own transaction."""
    now = now or timezone.now()
    result = SweepResult(expired=contracts_expire(today=timezone.localdate(now), now=now))
    result.flags = conditions_recheck(kinds=[*CONDITIONS, Kind.CONTRACT_EXPIRED], now=now)
    return result
