"""The kiosk session: who is signed in on this device, kept under kiosk-only keys.

It is never a Django auth login (a peer worker is not a user), so no staff permission can
ever apply to it. It lasts until "Finish", or until a request comes more than
KIOSK_IDLE_SECONDS after the one before (checked by kiosk.middleware.KioskMiddleware).
"""

from django.conf import settings
from django.middleware.csrf import rotate_token
from django.utils import timezone

from kiosk.models import KioskDevice
from schemes.models import PeerWorker

WORKER_KEY = "kiosk_worker_id"
DEVICE_KEY = "kiosk_device_id"
LAST_SEEN_KEY = "kiosk_last_seen"


def start(request, *, worker: PeerWorker, device: KioskDevice) -> None:
    request.session.cycle_key()
    rotate_token(request)
    request.session[WORKER_KEY] = worker.pk
    request.session[DEVICE_KEY] = device.pk
    request.session[LAST_SEEN_KEY] = timezone.now().timestamp()


def end(request) -> None:
    request.session.flush()


def is_open(request) -> bool:
    return WORKER_KEY in request.session


def worker_id(request) -> int | None:
    return request.session.get(WORKER_KEY)


def belongs_to(request, device: KioskDevice | None) -> bool:
    return device is not None and request.session.get(DEVICE_KEY) == device.pk


def touch(request) -> bool:
    """Record this request as activity; False (and nothing recorded) if the session had gone idle."""
    now = timezone.now().timestamp()
    last_seen = request.session.get(LAST_SEEN_KEY, 0)
    if now - last_seen > settings.KIOSK_IDLE_SECONDS:
        return False
    request.session[LAST_SEEN_KEY] = now
    return True
