"""What a kiosk page's request carries, for the type checker (set by KioskMiddleware and the
kiosk decorators): the views say which one they take."""

from django.http import HttpRequest

from kiosk.models import KioskDevice
from schemes.models import PeerWorker


class KioskRequest(HttpRequest):
    """A request to a page behind `kiosk_device_required`: an enrolled device, and the peer worker
    signed in on it, if any."""

    kiosk_device: KioskDevice
    kiosk_worker: PeerWorker | None
    kiosk_went_idle: bool


class WorkerKioskRequest(KioskRequest):
    """A request to a page behind `kiosk_worker_required`: a peer worker is signed in."""

    kiosk_worker: PeerWorker
