"""Kiosk devices: enrolled by staff for one wing, revoked (never deleted)."""

import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from kiosk import rules
from kiosk.models import KioskDevice
from kiosk.models.devices import token_digest
from peerwork.records import save


@transaction.atomic
def device_enrol(
    *, establishment: Establishment, location: Location, name: str, actor: User
) -> tuple[KioskDevice, str]:
    """A new kiosk, and the token its cookie will carry. The token is returned once, never stored."""
    rules.check_location_in_establishment(location, establishment)
    token = secrets.token_urlsafe(32)
    device = KioskDevice(
        establishment=establishment,
        location=location,
        name=name.strip(),
        token_hash=token_digest(token),
        enrolled_by=actor,
        enrolled_at=timezone.now(),
    )
    save(device, actor=actor, reason="Enrolled")
    return device, token


@transaction.atomic
def device_revoke(*, device: KioskDevice, actor: User, reason: str = "") -> KioskDevice:
    """The device stops being a kiosk at its next request; whoever is signed in on it is signed out."""
    device = KioskDevice.objects.select_for_update().get(pk=device.pk)
    rules.check_device_active(device)
    device.revoked_at = timezone.now()
    device.revoked_by = actor
    device.revoked_reason = reason.strip()
    save(device, actor=actor, reason="Revoked")
    return device
