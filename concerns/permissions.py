"""Who may do what with concerns (403 when refused). Which establishment's concerns exist, and
which of them a person sees, is the selectors' job (concerns.selectors.concerns_for, 404).

- Safer custody and system administrators see and act on every concern of their establishments,
  and keep the departments and topics.
- A department's owner and deputies, whatever their role, see and act on its concerns.
- A scheme coordinator sees the concerns raised through the schemes they lead, and logs concerns
  from paper for those schemes' peer workers; answering is for the department.
"""

import rules

from accounts.permissions import (
    is_safer_custody,
    is_safer_custody_manager,
    is_scheme_coordinator,
    is_system_admin,
)
from concerns import rules as concern_rules
from flags.audience import answers_for_a_department
from schemes.rules import RuleError


@rules.predicate
def works_in_a_department(user) -> bool:
    """Owns or deputises for a department in use (the flags audience's question, asked once per
    request: the navigation asks it for each concerns page it may offer)."""
    return user.is_authenticated and answers_for_a_department(user)


@rules.predicate
def may_answer(user, concern) -> bool:
    """With no concern, anyone who may answer some concerns."""
    if concern is None:
        return True
    try:
        concern_rules.check_may_answer(user, concern)
    except RuleError:
        return False
    return True


sees_every_concern = is_safer_custody | is_system_admin
sees_concerns = sees_every_concern | is_scheme_coordinator | works_in_a_department

rules.add_perm("concerns.view_concerns", sees_concerns)
rules.add_perm("concerns.log_concern", sees_every_concern | is_scheme_coordinator)
rules.add_perm("concerns.act_on_concern", (sees_every_concern | works_in_a_department) & may_answer)
rules.add_perm("concerns.manage_departments", is_safer_custody_manager | is_system_admin)
rules.add_perm("concerns.view_concern_reports", sees_concerns)
