"""The call-out log's writes: recording, correcting and archiving call-outs (never deleting them).

Nothing here takes free text except the staff-only reason a call-out is corrected or archived.
A correction changes the call-out itself; what it was before is kept in its history.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from listeners.rules import (
    CORRECTION_REASON_LENGTH,
    CallOutRefused,
    check_callout_times,
    check_listener_on,
    check_location_here,
    check_may_correct,
)
from listeners.selectors import was_rostered
from peerwork.records import save
from rota.models import CallOut
from schemes.models import PeerWorker


@transaction.atomic
def callout_record(
    *,
    establishment: Establishment,
    actor: User,
    listener: PeerWorker,
    location: Location,
    requested_by: str,
    requested_at: datetime,
    started_at: datetime,
    ended_at: datetime,
) -> CallOut:
    """Record a call-out. Whether it was off the rota is worked out here, never typed in."""
    now = timezone.now()
    check_location_here(location, establishment)
    check_listener_on(listener, establishment, timezone.localdate(requested_at))
    check_callout_times(requested_at=requested_at, started_at=started_at, ended_at=ended_at, now=now)
    callout = CallOut(
        establishment=establishment,
        location=location,
        listener=listener,
        requested_at=requested_at,
        requested_by=requested_by,
        started_at=started_at,
        ended_at=ended_at,
        off_rota=not was_rostered(
            listener=listener, establishment=establishment, started_at=started_at, ended_at=ended_at
        ),
        recorded_by=actor,
        recorded_at=now,
    )
    save(callout, actor=actor, reason="Recorded")
    return callout


@transaction.atomic
def callout_correct(
    *,
    callout: CallOut,
    actor: User,
    reason: str,
    listener: PeerWorker,
    location: Location,
    requested_by: str,
    requested_at: datetime,
    started_at: datetime,
    ended_at: datetime,
) -> CallOut:
    """Correct a call-out: by whoever recorded it within 24 hours, or by safer custody at any time.

    The same checks as recording it, and whether it was off the rota is worked out again.
    """
    now = timezone.now()
    callout = (
        CallOut.objects.select_for_update(of=("self",)).select_related("establishment").get(pk=callout.pk)
    )
    check_may_correct(callout, actor, now)
    reason = reason.strip()
    if not reason:
        raise CallOutRefused({"reason": "Say what was wrong with the call-out as recorded."})
    if len(reason) > CORRECTION_REASON_LENGTH:
        raise CallOutRefused(
            {"reason": f"Say what was wrong in {CORRECTION_REASON_LENGTH} characters or fewer."}
        )
    establishment = callout.establishment
    check_location_here(location, establishment)
    check_listener_on(listener, establishment, timezone.localdate(requested_at))
    check_callout_times(requested_at=requested_at, started_at=started_at, ended_at=ended_at, now=now)
    corrected = {
        "listener": listener,
        "location": location,
        "requested_by": requested_by,
        "requested_at": requested_at,
        "started_at": started_at,
        "ended_at": ended_at,
    }
    if all(getattr(callout, name) == value for name, value in corrected.items()):
        raise CallOutRefused("Nothing was changed. Change what was recorded wrongly, or go back.")
    for name, value in corrected.items():
        setattr(callout, name, value)
    callout.off_rota = not was_rostered(
        listener=listener, establishment=establishment, started_at=started_at, ended_at=ended_at
    )
    save(callout, actor=actor, reason=f"Corrected: {reason}")
    return callout


@transaction.atomic
def callout_archive(*, callout: CallOut, actor: User, reason: str) -> CallOut:
    """Take a call-out out of the log and the reports (recorded twice, wrong Listener...). Kept."""
    callout = CallOut.objects.select_for_update().get(pk=callout.pk)
    reason = reason.strip()
    if callout.archived_at is not None:
        raise CallOutRefused("This call-out is already archived.")
    if not reason:
        raise CallOutRefused({"reason": "Say why the call-out is archived."})
    callout.archived_at = timezone.now()
    callout.archived_by = actor
    callout.archived_reason = reason
    save(callout, actor=actor, reason="Archived")
    return callout
