"""The flags API that other apps call: raise or sync the flags of one condition, resolve one.

schemes (the oversight sweep), rota (the rota gaps job) and kiosk (out-of-role reports) import
from here only; they never write a Flag themselves.
"""

from flags.models import Flag
from flags.services import (
    RESOLVED_AUTOMATICALLY,
    Condition,
    FlagError,
    SyncResult,
    flag_acknowledge,
    flag_raise,
    flag_resolve,
    flags_clear,
    flags_sync,
)

Kind = Flag.Kind
Severity = Flag.Severity

__all__ = [
    "RESOLVED_AUTOMATICALLY",
    "Condition",
    "Flag",
    "FlagError",
    "Kind",
    "Severity",
    "SyncResult",
    "flag_acknowledge",
    "flag_raise",
    "flag_resolve",
    "flags_clear",
    "flags_sync",
]
