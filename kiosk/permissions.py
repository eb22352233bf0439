"""Who may manage kiosks and PINs (403 when refused). Which establishment's records exist is the
selectors' job (404). Peer workers never appear here: they are not users, and the kiosk's own
pages are guarded by the enrolled device and the kiosk session (see kiosk.middleware).
"""

import rules

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_system_admin
from schemes.models import Contract, SchemeLead


@rules.predicate
def leads_a_scheme_of_the_worker(user, worker) -> bool:
    """With no worker, any coordinator may open the PIN list (it lists only their schemes' workers)."""
    if worker is None:
        return True
    led = SchemeLead.objects.filter(user=user, ended_on__isnull=True).values("scheme")
    return Contract.objects.open().filter(worker=worker, scheme__in=led).exists()


manages_kiosks = is_safer_custody | is_system_admin
sets_pins = manages_kiosks | (is_scheme_coordinator & leads_a_scheme_of_the_worker)

rules.add_perm("kiosk.view_kioskdevice", manages_kiosks | is_scheme_coordinator)
rules.add_perm("kiosk.manage_kioskdevice", manages_kiosks)
rules.add_perm("kiosk.set_pin", sets_pins)
