"""Signing a peer worker in on a kiosk, with a lockout after repeated wrong PINs.

The lockout is a counter on the credential row, kept by conditional updates rather than
django-axes (which counts attempts against Django users and request parameters, not a PIN
on a peer worker's record). Each attempt is claimed by one UPDATE *before* the PIN is checked:
the UPDATE matches only an unlocked row, counts the attempt and sets the lock when it is the
last one allowed. So parallel attempts cannot get more guesses than the limit, and nothing
here runs in a transaction that a refusal would roll back.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.db.models import Case, DateTimeField, F, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from kiosk.models import KioskCredential, KioskDevice
from schemes.models import PeerWorker
from schemes.rules import RuleError


class SignInRefused(RuleError):
    pass


class PinLocked(SignInRefused):
    pass


def _wrong() -> SignInRefused:
    return SignInRefused({"pin": _("The prison number or PIN is not right. Check them and try again.")})


def _locked() -> PinLocked:
    return PinLocked(
        {
            "pin": _(
                "Your PIN is locked after too many wrong tries. Ask an officer or your scheme lead to reset it, "
                "or try again in %(minutes)d minutes."
            )
            % {"minutes": settings.KIOSK_PIN_LOCKOUT_MINUTES}
        }
    )


def _claim_attempt(credential: KioskCredential, now: datetime) -> bool:
    """Count one attempt against an unlocked credential (False if it is locked).

    Once a lock has run out, counting starts again from this attempt.
    """
    lock_ran_out = Q(locked_until__isnull=False)
    return bool(
        KioskCredential.objects.filter(pk=credential.pk)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lte=now))
        .update(
            # Both expressions read the row as it was before this UPDATE.
            failed_attempts=Case(When(lock_ran_out, then=Value(1)), default=F("failed_attempts") + 1),
            locked_until=Case(
                When(lock_ran_out, then=Value(None)),
                When(
                    failed_attempts__gte=settings.KIOSK_PIN_FAILURE_LIMIT - 1,
                    then=Value(now + timedelta(minutes=settings.KIOSK_PIN_LOCKOUT_MINUTES)),
                ),
                default=Value(None),
                output_field=DateTimeField(),
            ),
        )
    )


def kiosk_sign_in(
    *, device: KioskDevice, prison_number: str, pin: str, now: datetime | None = None
) -> PeerWorker:
    """The peer worker whose PIN this is, if they are held in the device's establishment.

    Refuses with the same words whether the prison number is unknown or the PIN wrong.
    """
    now = now or timezone.now()
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
    if credential is None:
        make_password(pin)  # the same time taken as checking a real PIN
        raise _wrong()
    if not _claim_attempt(credential, now):
        raise _locked()
    if not check_password(pin, credential.pin_hash):
        if KioskCredential.objects.filter(pk=credential.pk, locked_until__gt=now).exists():
            raise _locked()
        raise _wrong()
    KioskCredential.objects.filter(pk=credential.pk).update(
        failed_attempts=0, locked_until=None, last_signed_in_at=now
    )
    return credential.worker
