"""Who may do what with one-to-one support (403 when refused). Which pairs exist for a person is
the selectors' job (404): a coordinator sees the pairs of the schemes they lead; safer custody and
administrators every pair of their establishments.

- Pairs, sessions and reading progress are kept by scheme coordinators (for the schemes they
  lead), safer custody and administrators.
- The stumbling-blocks report is for the same people.
"""

import rules

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_system_admin

keeps_support = is_safer_custody | is_scheme_coordinator | is_system_admin

rules.add_perm("support.view_pairs", keeps_support)
rules.add_perm("support.manage_pairs", keeps_support)
rules.add_perm("support.view_stumbling_blocks", keeps_support)
