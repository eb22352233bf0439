import rules

from accounts.permissions import is_safer_custody_manager, is_staff_member, is_system_admin

rules.add_perm("schemes.view_location", is_staff_member)
rules.add_perm("schemes.add_location", is_safer_custody_manager | is_system_admin)
rules.add_perm("schemes.change_location", is_safer_custody_manager | is_system_admin)
