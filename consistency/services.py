"""The consistency audit: each breach of an invariant that spans apps becomes one flag for the
system administrators of its establishment, raised once (keyed by the breach) and closed by
itself once the records agree again. Safe to run twice."""

from datetime import datetime

from django.utils import timezone

from consistency.checks import Breach, breaches
from flags.api import Condition, Kind, Severity, SyncResult, flags_sync


def _condition(breach: Breach) -> Condition:
    return Condition(
        kind=Kind.CONSISTENCY,
        key=f"consistency:{breach.key}",
        establishment_id=breach.establishment_id,
        severity=Severity.WARNING,
        summary=breach.summary[:300],
    )


def consistency_audit(*, now: datetime | None = None) -> tuple[list[Breach], SyncResult]:
    """Find every breach and keep one open flag per breach."""
    now = now or timezone.now()
    found = breaches(now=now)
    result = flags_sync(kind=Kind.CONSISTENCY, conditions=[_condition(b) for b in found], now=now)
    return found, result
