"""Signing a peer worker in on a kiosk, with the limits on wrong tries (kiosk.limits).

Every refusal says the same thing, whether the prison number is unknown, has no PIN here, the
PIN is wrong or it is locked: the kiosk never tells anyone which prison numbers have a PIN, or
whose is locked. Only a kiosk's own pause is told as such, because it is about the kiosk and
nobody's PIN; it does not count against anyone.

How the counting holds with attempts in parallel:
- A PIN's wrong tries are counted on its credential row by one conditional UPDATE that claims
  the attempt *before* the PIN is checked: it matches only an unlocked row, counts the attempt
  and sets the lock when it is the last one allowed. Parallel attempts across kiosks cannot get
  more guesses than the limit. The right PIN then clears the count.
- A kiosk's wrong tries are counted on its device row, locked for the length of one sign-in
  there, so its attempts are counted one after another.
Both are written in a transaction that commits whatever the outcome; a refusal is raised after.
They are kept on these rows rather than by django-axes, which counts attempts against Django users
and request parameters, not a PIN on a peer worker's record or an enrolled kiosk.
"""

import math
from datetime import datetime

from django.contrib.auth.hashers import check_password, make_password
from django.db import transaction
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import ngettext

from kiosk.limits import SignInLimits
from kiosk.models import KioskCredential, KioskDevice
from schemes.models import PeerWorker
from schemes.rules import RuleError


class SignInRefused(RuleError):
    pass


class KioskPaused(SignInRefused):
    pass


def _not_signed_in(limits: SignInLimits) -> SignInRefused:
    minutes = int(limits.pin_lockout.total_seconds() // 60)
    return SignInRefused(
        {
            "pin": ngettext(
                "That prison number and PIN did not work. Check them and try again. If you are sure "
                "they are right, wait %(minutes)d minute and try again, or ask your scheme lead.",
                "That prison number and PIN did not work. Check them and try again. If you are sure "
                "they are right, wait %(minutes)d minutes and try again, or ask your scheme lead.",
                minutes,
            )
            % {"minutes": minutes}
        }
    )


def _kiosk_paused(paused_until: datetime, now: datetime) -> KioskPaused:
    minutes = max(1, math.ceil((paused_until - now).total_seconds() / 60))
    return KioskPaused(
        ngettext(
            "This kiosk has stopped signing people in for a short while, after too many wrong tries. "
            "Try again in %(minutes)d minute, or ask an officer.",
            "This kiosk has stopped signing people in for a short while, after too many wrong tries. "
            "Try again in %(minutes)d minutes, or ask an officer.",
            minutes,
        )
        % {"minutes": minutes}
    )


def _claim_attempt(credential: KioskCredential, now: datetime, limits: SignInLimits | None = None) -> bool:
    """Count one attempt against an unlocked credential (False if it is locked).

    Once a lock has run out, or when the last wrong try was a while ago, counting starts again
    from this attempt.
    """
    limits = limits or SignInLimits.current()
    # Both read the row as it was before this UPDATE.
    starts_again = Q(locked_until__isnull=False) | Q(last_failed_at__lte=now - limits.window)
    return bool(
        KioskCredential.objects.filter(pk=credential.pk)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(
            failed_attempts=Case(When(starts_again, then=Value(1)), default=F("failed_attempts") + 1),
            last_failed_at=now,
            locked_until=Case(
                When(starts_again, then=Value(None)),
                When(failed_attempts__gte=limits.pin_failures - 1, then=Value(now + limits.pin_lockout)),
                default=Value(None),
                output_field=DateTimeField(),
            ),
        )
    )


def _worker_for(
    *, device: KioskDevice, prison_number: str, pin: str, now: datetime, limits: SignInLimits
) -> PeerWorker | None:
    """The peer worker if the PIN is theirs and not locked; None otherwise, in the same time."""
    credential = (
        KioskCredential.objects.select_related("worker")
        .filter(
            worker__prison_number=prison_number.strip().upper(),
            worker__establishment_id=device.establishment_id,
            worker__custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
            establishment_id=device.establishment_id,
        )
        .first()
    )
    if credential is None or not _claim_attempt(credential, now, limits):
        make_password(pin)  # the time checking a PIN would take, so a lock is not told by the wait
        return None
    if not check_password(pin, credential.pin_hash):
        return None
    KioskCredential.objects.filter(pk=credential.pk).update(
        failed_attempts=0, last_failed_at=None, locked_until=None, last_signed_in_at=now
    )
    return credential.worker


def _count_wrong_try(device: KioskDevice, now: datetime, limits: SignInLimits) -> None:
    """On the locked device row: one more wrong try in a row, and the pause if it is the last allowed."""
    in_a_row = (
        device.last_failed_sign_in_at is not None and device.last_failed_sign_in_at > now - limits.window
    )
    device.failed_sign_ins = device.failed_sign_ins + 1 if in_a_row else 1
    device.last_failed_sign_in_at = now
    if device.failed_sign_ins >= limits.kiosk_failures:
        device.sign_in_paused_until = now + limits.window
    KioskDevice.objects.filter(pk=device.pk).update(
        **{name: getattr(device, name) for name in KioskDevice.SIGN_IN_FIELDS}
    )


def kiosk_sign_in(
    *, device: KioskDevice, prison_number: str, pin: str, now: datetime | None = None
) -> PeerWorker:
    """The peer worker whose PIN this is, if they are held in the device's establishment."""
    now = now or timezone.now()
    limits = SignInLimits.current()
    worker = None
    with transaction.atomic():
        # NO KEY UPDATE: a report made on this kiosk meanwhile, which points at it, need not wait.
        device = KioskDevice.objects.select_for_update(no_key=True).get(pk=device.pk)
        if not device.is_sign_in_paused(now):
            worker = _worker_for(device=device, prison_number=prison_number, pin=pin, now=now, limits=limits)
            if worker is None:
                _count_wrong_try(device, now, limits)
    if worker is not None:
        return worker
    if device.sign_in_paused_until is not None and device.is_sign_in_paused(now):
        raise _kiosk_paused(device.sign_in_paused_until, now)
    raise _not_signed_in(limits)
