"""Who hears about which flag: the one rule behind the inbox, the home pages, the flag page
and the daily digest.

- Safer-custody managers, safer-custody officers and system administrators hear about every flag
  of the establishments they work in.
- A scheme coordinator hears about the flags of the schemes they lead now, except out-of-role
  reports: those go to safer custody only, because the person who asked may be a scheme's own staff.
- Breaches found by the consistency audit go to system administrators only.
- Nobody else hears about flags.

`flags_for` is the rule as a queryset (the inbox and home pages); `audiences` is the same rule
for many users at once (the digest), and `hears_about` for one flag (the flag page).
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import F, FilteredRelation, Q, QuerySet

from accounts.models import Role, User
from establishments.models import Establishment
from flags.models import Flag

HEARS_EVERY_FLAG = (Role.SAFER_CUSTODY_MANAGER, Role.SAFER_CUSTODY_OFFICER, Role.SYSTEM_ADMIN)
HEARS_LED_SCHEMES = (Role.SCHEME_COORDINATOR,)
# Never shown to a scheme's coordinator: the person the report is about may be one of its staff.
SAFER_CUSTODY_ONLY = (Flag.Kind.OUT_OF_ROLE,)

# Breaches found by the consistency audit are a matter for the system's administrators.
SYSTEM_ADMIN_ONLY = (Flag.Kind.CONSISTENCY,)

SAFER_CUSTODY_ONLY_EXPLAINED = (
    "Out-of-role reports go to the safer-custody team, because the person who asked may be a "
    "scheme's own staff."
)


def hears_every_flag(user: User) -> bool:
    return user.is_active and user.role in HEARS_EVERY_FLAG


def hears_any_flag(user: User) -> bool:
    return user.is_active and user.role in HEARS_EVERY_FLAG + HEARS_LED_SCHEMES


@dataclass
class Audience:
    """What one person hears about: every flag of some establishments, or some schemes' flags."""

    user: User
    establishment_ids: set[int] = field(default_factory=set)
    scheme_ids: set[int] = field(default_factory=set)

    def hears(self, flag: Flag) -> bool:
        if flag.kind in SYSTEM_ADMIN_ONLY and self.user.role != Role.SYSTEM_ADMIN:
            return False
        if flag.establishment_id in self.establishment_ids:
            return True
        return flag.scheme_id in self.scheme_ids and flag.kind not in SAFER_CUSTODY_ONLY


def audiences(*, users: QuerySet[User]) -> dict[int, Audience]:
    """The audience of each of `users` who hears about any flag. Two queries, however many users."""
    found: dict[int, Audience] = {}
    memberships = User.establishments.through.objects.filter(
        user__in=users, user__is_active=True, user__role__in=HEARS_EVERY_FLAG
    ).select_related("user")
    for membership in memberships:
        audience = found.setdefault(membership.user_id, Audience(membership.user))
        audience.establishment_ids.add(membership.establishment_id)
    # One row per scheme a coordinator leads now (through the user's `scheme_leads`).
    leaders = (
        users.filter(is_active=True, role__in=HEARS_LED_SCHEMES)
        .annotate(lead=FilteredRelation("scheme_leads", condition=Q(scheme_leads__ended_on__isnull=True)))
        .annotate(led_scheme_id=F("lead__scheme"))
        .filter(led_scheme_id__isnull=False)
    )
    for leader in leaders:
        found.setdefault(leader.pk, Audience(leader)).scheme_ids.add(leader.led_scheme_id)
    return found


def hears_about(user: User, flag: Flag) -> bool:
    audience = audiences(users=User.objects.filter(pk=user.pk)).get(user.pk)
    return audience is not None and audience.hears(flag)


def recipients(*, flags: Iterable[Flag], users: QuerySet[User]) -> dict[int, tuple[User, list[Flag]]]:
    """For each of `users`, the flags among `flags` they hear about (in the order given), if any."""
    flags = list(flags)
    found = {}
    for user_pk, audience in audiences(users=users).items():
        theirs = [flag for flag in flags if audience.hears(flag)]
        if theirs:
            found[user_pk] = (audience.user, theirs)
    return found


def flags_for(*, user: User, establishment: Establishment) -> QuerySet[Flag]:
    """Every flag (open or not) of `establishment` that `user` hears about. The rule above as a query."""
    flags = Flag.objects.filter(establishment=establishment)
    if not user.is_active:
        return flags.none()
    if user.role in HEARS_EVERY_FLAG:
        flags = flags.filter(establishment__in=user.establishments.all())
        return flags if user.role == Role.SYSTEM_ADMIN else flags.exclude(kind__in=SYSTEM_ADMIN_ONLY)
    if user.role in HEARS_LED_SCHEMES:
        led = user.scheme_leads.filter(ended_on__isnull=True).values("scheme")
        return flags.filter(scheme__in=led).exclude(kind__in=SAFER_CUSTODY_ONLY)
    return flags.none()
