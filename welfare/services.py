"""Every write to welfare check-ins, one transaction each, attributed to the member of staff.

A check-in carries its consequences at once: it closes the person's "check-in overdue" flags; one
that finds they need a break raises the "needs a break" flag (offering a break from the rota), and
a later one that does not closes it. `welfare.oversight` holds the same conditions for the hourly
job, so a run of the job agrees with what a check-in just did.
"""

from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from peerwork.dates import validate_supported_day
from peerwork.formats import long_date
from peerwork.records import save
from rota.models import Unavailability
from rota.services.breaks import rota_break_add
from schemes.models import Contract, PeerWorker, Scheme
from schemes.rules import RuleError
from welfare import oversight
from welfare.models import CheckIn, HowItWent


@transaction.atomic
def checkin_record(
    *,
    worker: PeerWorker,
    scheme: Scheme,
    on: date,
    how: str,
    agreed: str = "",
    actor: User,
    now: datetime | None = None,
) -> CheckIn:
    now = now or timezone.now()
    today = timezone.localdate(now)
    validate_supported_day(on)
    if on > today:
        raise RuleError(
            {"on": "A check-in is recorded once it has happened: enter today or an earlier date."}
        )
    if scheme.establishment_id != worker.establishment_id:
        raise RuleError({"scheme": f"{worker.full_name} is not held where {scheme.name} runs."})
    if not Contract.objects.held_during(on).filter(worker=worker, scheme=scheme).exists():
        raise RuleError(
            {"on": f"{worker.full_name} did not hold a {scheme.name} contract on {long_date(on)}."}
        )
    checkin = CheckIn(
        establishment_id=scheme.establishment_id,
        worker=worker,
        scheme=scheme,
        on=on,
        how=how,
        agreed=agreed.strip(),
        recorded_by=actor,
        recorded_at=now,
    )
    save(checkin, actor=actor)
    _carry_consequences(worker=worker, now=now)
    return checkin


@transaction.atomic
def checkin_archive(*, checkin: CheckIn, actor: User, reason: str) -> CheckIn:
    """Recorded in error: archived, with who, when and why; the history keeps what it said."""
    checkin = CheckIn.objects.select_for_update().get(pk=checkin.pk)
    if checkin.is_archived:
        raise RuleError("This check-in was already withdrawn.")
    checkin.archived_at = timezone.now()
    checkin.archived_by = actor
    save(checkin, actor=actor, reason=f"Withdrawn: {reason.strip()}"[:100])
    _carry_consequences(worker=checkin.worker, now=checkin.archived_at)
    return checkin


@transaction.atomic
def break_after_checkin(
    *,
    worker: PeerWorker,
    starts_on: date,
    ends_on: date,
    reason: str,
    actor: User,
) -> Unavailability:
    """The break a check-in offered: off the rota for the period, and the "needs a break" flag closes."""
    period = rota_break_add(
        worker=worker,
        establishment=worker.establishment,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        actor=actor,
    )
    _carry_consequences(worker=worker, now=period.created_at)
    return period


def _carry_consequences(*, worker: PeerWorker, now: datetime) -> None:
    """Bring this person's check-in flags in line with their check-ins and breaks, now."""
    oversight.worker_welfare_sync(worker_id=worker.pk, now=now)


__all__ = ["HowItWent", "break_after_checkin", "checkin_archive", "checkin_record"]
