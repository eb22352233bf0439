"""Peer workers' kiosk PINs: set or reset by staff, stored hashed (Django's password hashers)."""

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from kiosk import rules
from kiosk.models import KioskCredential
from peerwork.audit import attribute_change
from peerwork.records import save
from schemes.models import PeerWorker


@transaction.atomic
def pin_set(*, worker: PeerWorker, establishment: Establishment, pin: str, actor: User) -> KioskCredential:
    """Set a first PIN, or reset a forgotten or locked one. A reset also lifts a lock."""
    rules.check_worker_held_here(worker, establishment)
    rules.check_pin_is_strong_enough(pin)
    # One PIN change at a time per person: of two first PINs set at once, the second is a reset.
    PeerWorker.objects.select_for_update(no_key=True).get(pk=worker.pk)
    credential = KioskCredential.objects.select_for_update().filter(worker=worker).first()
    reason = "PIN reset" if credential else "PIN set"
    credential = credential or KioskCredential(worker=worker)
    credential.establishment = establishment
    credential.pin_hash = make_password(pin)
    credential.pin_set_by = actor
    credential.pin_set_at = timezone.now()
    credential.failed_attempts = 0
    credential.locked_until = None
    save(credential, actor=actor, reason=reason)
    return credential


@transaction.atomic
def pin_withdraw(*, worker: PeerWorker, establishment: Establishment, actor: User) -> bool:
    """The PIN set in `establishment` stops existing once the worker is no longer held there (the
    history keeps who set it and when, and who withdrew it). True if there was one."""
    credential = (
        KioskCredential.objects.select_for_update().filter(worker=worker, establishment=establishment).first()
    )
    if credential is None:
        return False
    attribute_change(credential, actor=actor, reason="PIN withdrawn: no longer held here")
    credential.delete()
    return True
