"""Who may do what. Role predicates here; each app declares its permissions from them.

Object-level scoping to the user's establishment is done by the selectors (404), so
these rules decide only what a role may do (403).
"""

import rules

from accounts.models import Role


def has_role(*roles: Role) -> rules.Predicate:
    names = "|".join(roles)

    @rules.predicate(name=f"has_role:{names}")
    def predicate(user) -> bool:
        return user.is_authenticated and user.is_active and user.role in roles

    return predicate


is_safer_custody_manager = has_role(Role.SAFER_CUSTODY_MANAGER)
is_safer_custody_officer = has_role(Role.SAFER_CUSTODY_OFFICER)
is_scheme_coordinator = has_role(Role.SCHEME_COORDINATOR)
is_wing_officer = has_role(Role.WING_OFFICER)
is_system_admin = has_role(Role.SYSTEM_ADMIN)

is_safer_custody = is_safer_custody_manager | is_safer_custody_officer
is_staff_member = has_role(*Role.values)

rules.add_perm("accounts.view_staff", is_safer_custody_manager | is_system_admin)
