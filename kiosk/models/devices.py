import hashlib
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from establishments.models import Establishment, Location


def token_digest(token: str) -> str:
    """What is stored of a device token. The token is random (256 bits), so plain SHA-256 suffices."""
    return hashlib.sha256(token.encode()).hexdigest()


class KioskDevice(models.Model):
    """A shared touch screen on a wing, enrolled by staff. Revoked, never deleted.

    The device proves itself with a random token kept in a long-lived cookie; only the token's
    SHA-256 digest is stored, so a copy of the database cannot be turned into a working kiosk.

    Wrong sign-ins on it, whoever they were for, are counted here; too many pause its sign-in for
    a while (see kiosk.services.sign_in). Like a PIN's count, this changes no history.
    """

    SIGN_IN_FIELDS = ["failed_sign_ins", "last_failed_sign_in_at", "sign_in_paused_until"]

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="kiosk_devices")
    location = models.ForeignKey(
        Location, on_delete=models.PROTECT, related_name="kiosk_devices", verbose_name="Wing or unit"
    )
    name = models.CharField(
        max_length=60, help_text="So that staff can tell kiosks apart, for example “A wing, by the servery”."
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    enrolled_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    enrolled_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_reason = models.CharField("Why it was revoked", max_length=200, blank=True)
    failed_sign_ins = models.PositiveSmallIntegerField(default=0, editable=False)
    last_failed_sign_in_at = models.DateTimeField(null=True, blank=True, editable=False)
    sign_in_paused_until = models.DateTimeField(null=True, blank=True, editable=False)
    history = HistoricalRecords(excluded_fields=["token_hash", *SIGN_IN_FIELDS])

    class Meta:
        ordering = ["revoked_at", "location__name", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(revoked_by__isnull=False),
                name="kiosk_device_revocation_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.location})"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    def is_sign_in_paused(self, now: datetime) -> bool:
        return self.sign_in_paused_until is not None and self.sign_in_paused_until > now

    @property
    def sign_in_paused_now(self) -> bool:
        return self.is_sign_in_paused(timezone.now())
