"""What each role's home page shows: a little from every domain app, in a fixed number of queries."""

from django.utils import timezone

from accounts.models import Role, User
from concerns.selectors_staff import workload_of
from establishments.models import Establishment
from flags import selectors as flags
from flags.audience import answers_for_a_department, hears_any_flag
from listeners.lookup import on_duty_now
from schemes import selectors as schemes
from schemes import selectors_meetings


def home_for(*, user: User, establishment: Establishment) -> dict:
    context = {
        "locations": schemes.location_list(establishment=establishment),
        "warning_days": schemes.expiry_warning_days(),
        # Whatever their role: a department's owner or deputy sees how many of its concerns wait.
        "department_workload": workload_of(user=user, establishment=establishment, today=timezone.localdate())
        if answers_for_a_department(user)
        else [],
    }
    if hears_any_flag(user):
        context["flag_summary"] = flags.open_flags_summary(user=user, establishment=establishment)
        context["top_flags"] = flags.flags_most_severe(user=user, establishment=establishment)
    if user.role in (Role.SAFER_CUSTODY_MANAGER, Role.SAFER_CUSTODY_OFFICER):
        context["schemes"] = [s for s in schemes.scheme_list(establishment=establishment) if s.is_active]
        context["expiring"] = schemes.contracts_expiring(establishment=establishment)[:10]
        context["held_rates"] = selectors_meetings.supervision_held_rate(
            establishment=establishment, today=timezone.localdate()
        )
    elif user.role == Role.SCHEME_COORDINATOR:
        led = set(schemes.schemes_led_by(user=user, establishment=establishment).values_list("pk", flat=True))
        context["schemes"] = [s for s in schemes.scheme_list(establishment=establishment) if s.pk in led]
        context["expiring"] = schemes.contracts_expiring(establishment=establishment).filter(scheme__in=led)[
            :10
        ]
    elif user.role == Role.WING_OFFICER:
        context["on_duty"] = on_duty_now(establishment=establishment)
    return context
