"""Rules across rows for the kiosk, as check_* functions that raise a typed error.

Errors a peer worker can meet on the kiosk are in plain words and marked for translation;
those only staff meet read like the rest of the staff pages.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import gettext as _

from establishments.models import Establishment, Location
from kiosk.models import KioskDevice, OutOfRoleReport
from peerwork.formats import long_date
from schemes.models import Contract, PeerWorker
from schemes.rules import RuleError

PIN_LENGTHS = range(4, 7)


class DeviceRevoked(RuleError):
    pass


class WrongEstablishment(RuleError):
    pass


class WeakPin(RuleError):
    pass


class NotInRole(RuleError):
    pass


class TooManyReports(RuleError):
    pass


def check_location_in_establishment(location: Location, establishment: Establishment) -> None:
    if location.establishment_id != establishment.pk:
        raise WrongEstablishment({"location": f"{location} is not in {establishment}."})
    if location.is_archived:
        raise WrongEstablishment({"location": f"{location} is archived. Choose a wing or unit in use."})


def check_device_active(device: KioskDevice) -> None:
    if device.revoked_at is not None:  # device.is_revoked
        raise DeviceRevoked(f"{device.name} was already revoked on {long_date(device.revoked_at)}.")


def check_worker_held_here(worker: PeerWorker, establishment: Establishment) -> None:
    if (
        worker.establishment_id != establishment.pk
        or worker.custody_status != PeerWorker.CustodyStatus.IN_CUSTODY
    ):
        raise WrongEstablishment(f"{worker.full_name} is not in custody in {establishment}.")


def check_pin_is_strong_enough(pin: str) -> None:
    """4 to 6 digits, not one digit repeated and not a run such as 1234 or 9876."""
    if not (pin.isdigit() and pin.isascii() and len(pin) in PIN_LENGTHS):
        raise WeakPin({"pin": "Enter a PIN of 4 to 6 digits."})
    steps = {int(b) - int(a) for a, b in zip(pin, pin[1:], strict=False)}
    if steps in ({0}, {1}, {-1}):
        raise WeakPin(
            {"pin": "Choose a PIN that is harder to guess: not one digit repeated, and not a run like 1234."}
        )


def check_contract_open_and_theirs(contract: Contract, worker: PeerWorker) -> None:
    if contract.worker_id != worker.pk or contract.status not in Contract.OPEN:
        raise NotInRole({"contract": _("Choose one of your roles.")})


def check_report_allowance(worker: PeerWorker, now: datetime) -> None:
    """A cap per day, so that one session cannot flood safer custody's inbox; past it, speak to someone."""
    made_today = OutOfRoleReport.objects.filter(worker=worker, created_at__gt=now - timedelta(days=1)).count()
    if made_today >= settings.KIOSK_REPORTS_PER_DAY:
        raise TooManyReports(
            _(
                "You have already told us about %(count)d things today. Speak to an officer or your scheme lead."
            )
            % {"count": made_today}
        )
