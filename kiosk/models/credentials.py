from datetime import datetime

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from establishments.models import Establishment
from schemes.models import PeerWorker


class KioskCredential(models.Model):
    """A peer worker's kiosk PIN: set or reset by staff, stored hashed, locked after repeated failures.

    The PIN works only in the establishment whose staff set it, so a transfer needs a new one.
    Failed attempts and the lock are kept by conditional updates (see kiosk.services.sign_in),
    which change no history: the history records who set or reset the PIN, and when.
    """

    SIGN_IN_FIELDS = ["failed_attempts", "last_failed_at", "locked_until", "last_signed_in_at"]

    worker = models.OneToOneField(PeerWorker, on_delete=models.PROTECT, related_name="kiosk_credential")
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")
    pin_hash = models.CharField(max_length=128, editable=False)
    pin_set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    pin_set_at = models.DateTimeField()
    failed_attempts = models.PositiveSmallIntegerField(default=0, editable=False)
    last_failed_at = models.DateTimeField(null=True, blank=True, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)
    last_signed_in_at = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["pin_hash", *SIGN_IN_FIELDS])

    def __str__(self) -> str:
        return f"Kiosk PIN of {self.worker}"

    def is_locked(self, now: datetime) -> bool:
        return self.locked_until is not None and self.locked_until > now
