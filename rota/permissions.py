"""What each role may do with the Listener rota (403 when refused).

Coordinators who lead the Listener scheme, safer-custody staff and administrators build the rota.
Every member of staff may look at a published week, read-only (wing officers need to know who is
on duty tonight); only those who build the rota see a week before it is published. Which
establishment's rota exists is the selectors' job (404).
"""

import rules

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_staff_member, is_system_admin
from schemes.models import Scheme, SchemeLead


@rules.predicate
def leads_the_listener_scheme(user, obj) -> bool:
    """obj is the rota, or the Listener scheme before there is a rota; with neither, any
    coordinator may go on (the page then checks against the rota)."""
    if obj is None:
        return True
    scheme_id = obj.pk if isinstance(obj, Scheme) else obj.scheme_id
    return SchemeLead.objects.filter(scheme_id=scheme_id, user=user, ended_on__isnull=True).exists()


builds_rota = is_safer_custody | is_system_admin | (is_scheme_coordinator & leads_the_listener_scheme)

rules.add_perm("rota.view_rota", is_staff_member)
rules.add_perm("rota.change_rota", builds_rota)
