"""Breaks from the rota: a Listener taken off for a period, for example after a welfare check-in
found they need a break.

While a break holds, the rota rules refuse them with its reason (`rota.rules.check_not_on_a_break`),
"Fill the gaps" passes them over, and any shift they already had in it needs cover
(`AssignmentQuerySet.with_standing`): nothing is copied, so withdrawing the break puts them back.
"""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from peerwork.formats import long_date
from peerwork.records import save
from rota.models import Rota, Unavailability
from rota.services.assignments import queue_gap_check
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

LONGEST_BREAK = timedelta(days=365)


@transaction.atomic
def rota_break_add(
    *,
    worker: PeerWorker,
    establishment: Establishment,
    starts_on: date,
    ends_on: date,
    reason: str,
    actor: User,
    today: date | None = None,
) -> Unavailability:
    """Take a Listener off the rota from `starts_on` to `ends_on` (both included)."""
    today = today or timezone.localdate()
    # One break at a time per person: two identical submits wait here, and the second is refused.
    worker = PeerWorker.objects.select_for_update(no_key=True).get(pk=worker.pk)
    if worker.establishment_id != establishment.pk:
        raise RuleError(f"{worker.full_name} is not held at {establishment}.")
    rota = Rota.objects.filter(establishment=establishment).first()
    if rota is None or not Contract.objects.open().filter(worker=worker, scheme_id=rota.scheme_id).exists():
        raise RuleError(f"{worker.full_name} is not a Listener here, so there is no rota to take them off.")
    if starts_on < today:
        raise RuleError({"starts_on": "A break starts today or later."})
    if ends_on < starts_on:
        raise RuleError({"ends_on": "The break must end on or after the day it starts."})
    if ends_on - starts_on >= LONGEST_BREAK:
        raise RuleError({"ends_on": "A break lasts a year at most. For longer, suspend or end the contract."})
    clash = (
        Unavailability.objects.filter(worker=worker, archived_at__isnull=True)
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .first()
    )
    if clash is not None:
        raise RuleError(
            {
                "starts_on": (
                    f"{worker.full_name} is already off the rota from {long_date(clash.starts_on)} to "
                    f"{long_date(clash.ends_on)}."
                )
            }
        )
    period = Unavailability(
        worker=worker,
        establishment=establishment,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        created_by=actor,
        created_at=timezone.now(),
    )
    save(period, actor=actor, reason="Break from the rota")
    queue_gap_check()  # their shifts in the break need cover now
    return period


@transaction.atomic
def rota_break_withdraw(*, period: Unavailability, actor: User) -> Unavailability:
    """Put a Listener back on the rota: the break is archived, with who and when, never deleted.
    Their shifts in it count again, as they were."""
    period = Unavailability.objects.select_for_update().get(pk=period.pk)
    if period.archived_at is not None:
        raise RuleError("This break was already withdrawn.")
    period.archived_at = timezone.now()
    period.archived_by = actor
    save(period, actor=actor, reason="Break withdrawn")
    queue_gap_check()
    return period
