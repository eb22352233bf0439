"""What each role may do in the scheme domain (403 when refused).

Coordinators act on the schemes they lead; safer-custody staff and administrators on every
scheme of their establishment. Which establishment's records exist is the selectors' job (404).
"""

import rules

from accounts.permissions import (
    is_safer_custody,
    is_safer_custody_manager,
    is_scheme_coordinator,
    is_staff_member,
    is_system_admin,
)
from schemes.models import SchemeLead


@rules.predicate
def leads_the_scheme(user, obj) -> bool:
    """obj is a scheme, or anything with a .scheme; with no object, any coordinator may start."""
    if obj is None:
        return True
    scheme = getattr(obj, "scheme", obj)
    return SchemeLead.objects.filter(scheme=scheme, user=user, ended_on__isnull=True).exists()


manages_scheme = is_safer_custody | is_system_admin | (is_scheme_coordinator & leads_the_scheme)
manages_workers = is_safer_custody | is_scheme_coordinator | is_system_admin

rules.add_perm("schemes.view_location", is_staff_member)
rules.add_perm("schemes.add_location", is_safer_custody_manager | is_system_admin)
rules.add_perm("schemes.change_location", is_safer_custody_manager | is_system_admin)

rules.add_perm("schemes.view_scheme", is_staff_member)
rules.add_perm("schemes.add_scheme", is_safer_custody_manager | is_scheme_coordinator | is_system_admin)
rules.add_perm("schemes.change_scheme", manages_scheme)
rules.add_perm("schemes.change_schemelead", is_safer_custody_manager | is_system_admin)
rules.add_perm("schemes.publish_roledescription", manages_scheme)

rules.add_perm("schemes.view_peerworker", is_staff_member)
rules.add_perm("schemes.add_peerworker", manages_workers)
rules.add_perm("schemes.change_peerworker", manages_workers)

rules.add_perm("schemes.view_application", is_staff_member)
rules.add_perm("schemes.manage_application", manages_scheme)

rules.add_perm("schemes.view_contract", is_staff_member)
rules.add_perm("schemes.manage_contract", manages_scheme)
