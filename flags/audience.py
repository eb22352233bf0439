"""Who hears about which flag: the one rule behind the inbox, the home pages, the flag page
and the daily digest.

- Safer-custody managers, safer-custody officers and system administrators hear about every flag
  of the establishments they work in.
- A scheme coordinator hears about the flags of the schemes they lead now, except out-of-role
  reports: those go to safer custody only, because the person who asked may be a scheme's own staff.
- Breaches found by the consistency audit go to system administrators only.
- The owner and deputies of a concerns department in use, whatever their role, hear about the
  overdue flags of its concerns (the department's, as it is now: a forwarded concern's flag goes
  with it).
- Nobody else hears about flags.

Flags sit below concerns, so departments are reached through relation names
(`concern__department`, the user's `concern_departments_owned`), never by importing concerns.

`flags_for` is the rule as a queryset (the inbox and home pages); `audiences` is the same rule
for many users at once (the digest), and `hears_about` for one flag (the flag page).
"""

from collections import defaultdict
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

# Heard by the owner and deputies of the department the flag's concern is with.
DEPARTMENT_FLAGS = (Flag.Kind.CONCERN_OVERDUE,)

SAFER_CUSTODY_ONLY_EXPLAINED = (
    "Out-of-role reports go to the safer-custody team, because the person who asked may be a "
    "scheme's own staff."
)


def hears_every_flag(user: User) -> bool:
    return user.is_active and user.role in HEARS_EVERY_FLAG


def _department_flags(user: User) -> Q:
    """The overdue flags of the concerns of the departments in use `user` owns or deputises for."""
    owned = user.concern_departments_owned.filter(archived_at=None).values("pk")
    deputised = user.concern_departments_deputised.filter(archived_at=None).values("pk")
    return Q(kind__in=DEPARTMENT_FLAGS) & (
        Q(concern__department__in=owned) | Q(concern__department__in=deputised)
    )


def answers_for_a_department(user: User) -> bool:
    """Owns or deputises for a concerns department in use. One query, asked once per request:
    the answer is kept on the user, as the navigation, the permissions and the home page all ask."""
    if not user.is_active:
        return False
    if not hasattr(user, "_answers_for_a_department"):
        in_use = Q(concern_departments_owned__archived_at=None, concern_departments_owned__isnull=False) | Q(
            concern_departments_deputised__archived_at=None, concern_departments_deputised__isnull=False
        )
        user._answers_for_a_department = User.objects.filter(in_use, pk=user.pk).exists()
    return user._answers_for_a_department


def hears_any_flag(user: User) -> bool:
    if not user.is_active:
        return False
    return user.role in HEARS_EVERY_FLAG + HEARS_LED_SCHEMES or answers_for_a_department(user)


@dataclass
class Audience:
    """What one person hears about: every flag of some establishments, some schemes' flags, or the
    overdue flags of some departments' concerns. `hears` reads `flag.concern` for a department's
    flag: select it with the flags (`select_related("concern")`) when asking about many."""

    user: User
    establishment_ids: set[int] = field(default_factory=set)
    scheme_ids: set[int] = field(default_factory=set)
    department_ids: set[int] = field(default_factory=set)

    def hears(self, flag: Flag) -> bool:
        if flag.kind in SYSTEM_ADMIN_ONLY and self.user.role != Role.SYSTEM_ADMIN:
            return False
        if flag.establishment_id in self.establishment_ids:
            return True
        if (
            self.department_ids
            and flag.kind in DEPARTMENT_FLAGS
            and flag.concern_id is not None
            and flag.concern.department_id in self.department_ids
        ):
            return True
        return flag.scheme_id in self.scheme_ids and flag.kind not in SAFER_CUSTODY_ONLY


def audiences(*, users: QuerySet[User]) -> dict[int, Audience]:
    """The audience of each of `users` who hears about any flag. Three queries, however many users."""
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
    # One row per (department owned, department deputised for) pair, of departments in use, for
    # each user who owns or deputises for any (any role): a handful of rows each.
    members = (
        users.filter(is_active=True)
        .annotate(
            owned=FilteredRelation(
                "concern_departments_owned", condition=Q(concern_departments_owned__archived_at=None)
            ),
            deputised=FilteredRelation(
                "concern_departments_deputised", condition=Q(concern_departments_deputised__archived_at=None)
            ),
        )
        .annotate(owned_id=F("owned__pk"), deputised_id=F("deputised__pk"))
        .filter(Q(owned_id__isnull=False) | Q(deputised_id__isnull=False))
    )
    for member in members:
        audience = found.setdefault(member.pk, Audience(member))
        audience.department_ids.update(pk for pk in (member.owned_id, member.deputised_id) if pk is not None)
    return found


def hears_about(user: User, flag: Flag) -> bool:
    audience = audiences(users=User.objects.filter(pk=user.pk)).get(user.pk)
    return audience is not None and audience.hears(flag)


def recipients(*, flags: Iterable[Flag], users: QuerySet[User]) -> dict[int, tuple[User, list[Flag]]]:
    """For each of `users`, the flags among `flags` they hear about (in the order given), if any."""
    return recipients_among(flags=flags, audiences=audiences(users=users))


def recipients_among(
    *, flags: Iterable[Flag], audiences: dict[int, Audience]
) -> dict[int, tuple[User, list[Flag]]]:
    """`recipients`, for audiences already found (so a job can skip reading flags nobody hears).

    Each person's `hears` is asked only of the flags of their prisons, schemes and departments
    (found through an index of positions), not of every flag in the country."""
    flags = list(flags)
    by_establishment: dict[int, list[int]] = defaultdict(list)
    by_scheme: dict[int, list[int]] = defaultdict(list)
    by_department: dict[int, list[int]] = defaultdict(list)
    for position, flag in enumerate(flags):
        by_establishment[flag.establishment_id].append(position)
        if flag.scheme_id is not None:
            by_scheme[flag.scheme_id].append(position)
        if flag.kind in DEPARTMENT_FLAGS and flag.concern_id is not None:
            by_department[flag.concern.department_id].append(position)
    found = {}
    for user_pk, audience in audiences.items():
        candidates: set[int] = set()
        for index, ids in (
            (by_establishment, audience.establishment_ids),
            (by_scheme, audience.scheme_ids),
            (by_department, audience.department_ids),
        ):
            for pk in ids:
                candidates.update(index.get(pk, ()))
        theirs = [flags[position] for position in sorted(candidates) if audience.hears(flags[position])]
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
    departments = _department_flags(user)
    if user.role in HEARS_LED_SCHEMES:
        led = user.scheme_leads.filter(ended_on__isnull=True).values("scheme")
        return flags.filter((Q(scheme__in=led) & ~Q(kind__in=SAFER_CUSTODY_ONLY)) | departments)
    return flags.filter(departments)
