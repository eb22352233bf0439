"""Who may import the roll: a safer-custody manager or a system administrator (403 otherwise).
Which establishment's roll they import is the current establishment's (request.establishment)."""

import rules

from accounts.permissions import is_safer_custody_manager, is_system_admin

rules.add_perm("roll.import_roll", is_safer_custody_manager | is_system_admin)
