"""Demo kiosk PINs for HMP Northgate's fictional peer workers. Safe to run again.

A kiosk itself cannot be enrolled from here: its token lives only in the kiosk browser's
cookie, so a member of staff enrols it from that browser (see README, "Wing kiosk").
"""

from accounts.models import User
from establishments.models import Establishment
from kiosk.services.pins import pin_set
from schemes.models import PeerWorker
from schemes.models.contracts import open_contract

DEMO_KIOSK_PIN = "2580"


def load_kiosk_pins() -> list[str]:
    """Give every Northgate peer worker with an open contract the demo PIN, if they have no PIN yet."""
    northgate = Establishment.objects.get(code="NGT")
    admin = User.objects.get(username="admin")
    workers = (
        PeerWorker.objects.filter(
            open_contract(),
            establishment=northgate,
            custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
            kiosk_credential__isnull=True,
        )
        .distinct()
        .order_by("prison_number")
    )
    for worker in workers:
        pin_set(worker=worker, establishment=northgate, pin=DEMO_KIOSK_PIN, actor=admin)
    return [f"Kiosk PIN of the Northgate peer workers (for example A1001AA): {DEMO_KIOSK_PIN}"]
