"""Who may see and confirm the weekly pay sheet, and set pay rates (403 otherwise).

Safer-custody staff and system administrators see the sheet; the safer-custody manager and system
administrators confirm a week, set scheme rates and the establishment's bounds. Coordinators do
not see pay: the sheet is the pay clerk's, and names everyone paid in the prison.
"""

import rules

from accounts.permissions import is_safer_custody, is_safer_custody_manager, is_system_admin

rules.add_perm("pay.view_pay_sheet", is_safer_custody | is_system_admin)
rules.add_perm("pay.confirm_pay_week", is_safer_custody_manager | is_system_admin)
rules.add_perm("pay.set_rates", is_safer_custody_manager | is_system_admin)
