"""Who may see workload and keep welfare check-ins (403 when refused). Which people a user sees is
the selectors' job (404): a coordinator the peer workers of the schemes they lead, safer custody and
administrators everyone at their establishment.

- Workload (tables, charts, CSV) and check-ins: scheme coordinators, safer custody, administrators.
  Wing officers do not see them: a peer worker's welfare is between them and the scheme's staff.
- Breaks from the rota: the same people; the rota rules then refuse the Listener.
"""

import rules

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_system_admin

keeps_welfare = is_safer_custody | is_scheme_coordinator | is_system_admin

rules.add_perm("welfare.view_workload", keeps_welfare)
rules.add_perm("welfare.view_checkins", keeps_welfare)
rules.add_perm("welfare.record_checkin", keeps_welfare)
rules.add_perm("rota.add_unavailability", keeps_welfare)
