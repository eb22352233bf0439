from kiosk.models.credentials import KioskCredential
from kiosk.models.devices import KioskDevice
from kiosk.models.reports import OutOfRoleReport

__all__ = ["KioskCredential", "KioskDevice", "OutOfRoleReport"]
