"""Every write to flags. Set-based where a job writes many, so a sweep costs the same for ten
rows or ten thousand; one transaction each, attributed to the member of staff who acted.

Other apps call these through `flags.api`.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from flags.models import Flag, FlagComment
from peerwork.formats import long_date

RESOLVED_AUTOMATICALLY = "Resolved automatically: the condition cleared."
# A flag may rest out of the digest for at most this long: a condition left alone longer is news again.
LONGEST_REST = timedelta(days=90)


class FlagError(ValidationError):
    """A flag action was refused; the message says why, in plain words."""


@dataclass(frozen=True)
class Condition:
    """Something that holds now and needs a flag: raised once per `key` while it holds."""

    kind: str
    key: str
    establishment_id: int
    severity: int
    summary: str
    scheme_id: int | None = None
    contract_id: int | None = None
    meeting_id: int | None = None
    concern_id: int | None = None
    pair_id: int | None = None
    worker_id: int | None = None


@dataclass
class SyncResult:
    opened: int = 0
    escalated: int = 0
    resolved: int = 0

    def __add__(self, other: "SyncResult") -> "SyncResult":
        return SyncResult(
            self.opened + other.opened, self.escalated + other.escalated, self.resolved + other.resolved
        )


def _flag_from(condition: Condition, now: datetime) -> Flag:
    return Flag(
        kind=condition.kind,
        key=condition.key,
        establishment_id=condition.establishment_id,
        scheme_id=condition.scheme_id,
        contract_id=condition.contract_id,
        meeting_id=condition.meeting_id,
        concern_id=condition.concern_id,
        pair_id=condition.pair_id,
        worker_id=condition.worker_id,
        severity=condition.severity,
        summary=condition.summary,
        opened_at=now,
    )


_SYNCED_FIELDS = ("pk", "key", "severity", "summary", "meeting_id", "escalated_at", "look_again_on")
_UPDATED_FIELDS = ["severity", "summary", "meeting_id", "escalated_at", "look_again_on"]


def _needs_change(condition: Condition, row: dict, *, refresh_summaries: bool) -> bool:
    return condition.severity > row["severity"] or (refresh_summaries and condition.summary != row["summary"])


def flags_sync(
    *,
    kind: str,
    conditions: Iterable[Condition],
    now: datetime,
    resolve_cleared: bool = True,
    refresh_summaries: bool = False,
    resolutions: Mapping[str, str] | None = None,
    resolution: str = RESOLVED_AUTOMATICALLY,
    among: Q | None = None,
) -> SyncResult:
    """Make the open flags of one kind match the conditions that hold now. Safe to run twice.

    Opens a flag for a new condition (the partial unique index on `key` means a racing run
    cannot open a second), escalates one whose condition got worse (never de-escalates while
    open; an escalated flag comes back from its rest) and resolves those whose condition
    cleared, with the reason in `resolutions` for that key if one is given, else `resolution`.
    `among` limits the open flags that can clear to some of the kind (one person's, some weeks').
    `refresh_summaries` rewrites the summary of an open flag whose condition's changed.

    The open flags are read as plain rows and without a lock: a national sweep compares
    thousands and changes few, and locking each would write to every row on every run. When
    nothing changes, that one read is all it does (no transaction, no write). Otherwise the
    writes are one transaction, and the flags to change are read again under a lock first,
    since staff may have acknowledged or resolved one meanwhile.
    """
    wanted = {condition.key: condition for condition in conditions}
    compared = Q() if among is None else among | Q(key__in=wanted)
    open_flags = {
        row["key"]: row
        for row in Flag.objects.filter(compared, kind=kind, resolved_at__isnull=True)
        .order_by()
        .values(*_SYNCED_FIELDS)
    }
    new = [_flag_from(c, now) for key, c in wanted.items() if key not in open_flags]
    changing = [
        open_flags[key]["pk"]
        for key, condition in wanted.items()
        if key in open_flags
        and _needs_change(condition, open_flags[key], refresh_summaries=refresh_summaries)
    ]
    cleared = [row for key, row in open_flags.items() if key not in wanted] if resolve_cleared else []
    if not (new or changing or cleared):
        return SyncResult()
    with transaction.atomic():
        return _flags_write(
            wanted=wanted,
            new=new,
            changing=changing,
            cleared=cleared,
            now=now,
            refresh_summaries=refresh_summaries,
            resolutions=resolutions or {},
            resolution=resolution,
        )


def _flags_write(
    *,
    wanted: Mapping[str, Condition],
    new: list[Flag],
    changing: list[int],
    cleared: list[dict],
    now: datetime,
    refresh_summaries: bool,
    resolutions: Mapping[str, str],
    resolution: str,
) -> SyncResult:
    Flag.objects.bulk_create(new, ignore_conflicts=True)

    changed, escalated = [], 0
    if changing:
        locked = Flag.objects.select_for_update().filter(pk__in=changing, resolved_at__isnull=True).order_by()
        for row in locked.values(*_SYNCED_FIELDS):
            condition = wanted[row["key"]]
            if condition.severity > row["severity"]:
                row |= {
                    "severity": condition.severity,
                    "summary": condition.summary,
                    "meeting_id": condition.meeting_id or row["meeting_id"],
                    "escalated_at": now,
                    "look_again_on": None,
                }
                escalated += 1
            elif refresh_summaries and condition.summary != row["summary"]:
                row["summary"] = condition.summary
            else:
                continue
            changed.append(Flag(**{field: row[field] for field in _SYNCED_FIELDS if field != "key"}))
    if changed:
        Flag.objects.bulk_update(changed, _UPDATED_FIELDS)

    resolved = 0
    cleared_by_reason: dict[str, list[int]] = {}
    for row in cleared:
        cleared_by_reason.setdefault(resolutions.get(row["key"], resolution), []).append(row["pk"])
    for reason, pks in cleared_by_reason.items():
        resolved += Flag.objects.filter(pk__in=pks, resolved_at__isnull=True).update(
            resolved_at=now, resolution=reason
        )
    return SyncResult(opened=len(new), escalated=escalated, resolved=resolved)


def flags_clear(
    *, kind: str, keys: Iterable[str], now: datetime, resolution: str = RESOLVED_AUTOMATICALLY
) -> int:
    """Resolve the open flags of `kind` with these keys: their condition cleared. Returns how many.
    One statement, so it needs no transaction of its own."""
    return Flag.objects.filter(kind=kind, key__in=list(keys), resolved_at__isnull=True).update(
        resolved_at=now, resolution=resolution
    )


@transaction.atomic
def flag_raise(*, condition: Condition, now: datetime) -> Flag:
    """A one-off flag with no machine condition (an out-of-role report): staff resolve it by hand.

    While a flag is open for the key, raising it again (twice at once, or a job run twice) gives
    that flag back: the partial unique index on `key` decides, and no second one opens.
    """
    flag = _flag_from(condition, now)
    try:
        with transaction.atomic():
            flag.save()
    except IntegrityError:
        return Flag.objects.get(key=condition.key, resolved_at__isnull=True)
    return flag


# --- Staff actions ---------------------------------------------------------------


def _check_open(flag: Flag) -> None:
    if not flag.is_open:
        raise FlagError("This flag is already resolved.")


@transaction.atomic
def flag_acknowledge(
    *, flag: Flag, actor: User, note: str, look_again_on: date | None = None, today: date | None = None
) -> Flag:
    """Staff have seen the flag and say what they are doing about it.

    With `look_again_on`, the flag rests out of the daily digest until that day (it stays in the
    inbox, marked). Acknowledging again replaces the day. The note is kept as a comment.
    """
    today = today or timezone.localdate()
    _check_open(flag)
    note = note.strip()
    if not note:
        raise FlagError({"note": "Say what you are doing about it."})
    if look_again_on is not None and not today < look_again_on <= today + LONGEST_REST:
        raise FlagError(
            {
                "look_again_on": f"Choose a day after today and no later than {long_date(today + LONGEST_REST)}."
            }
        )
    now = timezone.now()
    updated = Flag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        acknowledged_by=actor, acknowledged_at=now, look_again_on=look_again_on
    )
    if not updated:
        raise FlagError("This flag is already resolved.")
    rest = f", look again on {long_date(look_again_on)}" if look_again_on else ""
    FlagComment.objects.create(flag=flag, author=actor, text=f"Acknowledged{rest}: {note}", created_at=now)
    flag.refresh_from_db()
    return flag


@transaction.atomic
def flag_comment(*, flag: Flag, actor: User, text: str) -> FlagComment:
    if not text.strip():
        raise FlagError({"text": "Write a comment."})
    comment = FlagComment(flag=flag, author=actor, text=text.strip(), created_at=timezone.now())
    comment.full_clean()
    comment.save()
    return comment


@transaction.atomic
def flag_resolve(*, flag: Flag, actor: User, resolution: str) -> Flag:
    """Resolved by a member of staff, saying what was done.

    A flag raised by a condition is refused: it closes by itself once its condition clears
    (re-checked straight after every change that can clear it), so resolving it by hand would
    only see it open again at the next check.
    """
    if flag.closes_by_itself:
        raise FlagError(
            f"This flag closes by itself {Flag.CLOSES_BY_ITSELF[flag.kind]}. "
            "Acknowledge it instead, with a note, and choose when to look again."
        )
    if not resolution.strip():
        raise FlagError({"resolution": "Say what was done."})
    updated = Flag.objects.filter(pk=flag.pk, resolved_at__isnull=True).update(
        resolved_by=actor, resolved_at=timezone.now(), resolution=resolution.strip()
    )
    if not updated:
        raise FlagError("This flag is already resolved.")
    flag.refresh_from_db()
    return flag
