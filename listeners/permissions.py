"""What each role may do with the officers' side of the Listener scheme (403 when refused).

Every member of staff can look a prisoner up, see who is on duty, print the duty notice, record a
call-out and read the prison's call-out log. Correcting a call-out is open to every member of
staff here, and listeners.rules.correction_refusal decides which call-out, when: their own within
24 hours, or any for safer custody. Reports on call-outs are for safer custody, coordinators and
administrators; archiving a call-out (never deleting it) is for safer custody. Which
establishment's records exist is the selectors' job (404).
"""

import rules

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_staff_member, is_system_admin

rules.add_perm("listeners.look_up_listener", is_staff_member)
rules.add_perm("listeners.print_duty_notice", is_staff_member)
rules.add_perm("listeners.record_callout", is_staff_member)
rules.add_perm("listeners.view_callout_log", is_staff_member)
rules.add_perm("listeners.correct_callout", is_staff_member)
rules.add_perm("listeners.report_callouts", is_safer_custody | is_scheme_coordinator | is_system_admin)
rules.add_perm("listeners.archive_callout", is_safer_custody)
rules.add_perm("listeners.see_listener_feed_url", is_safer_custody | is_scheme_coordinator)
