"""Concerns' part of the daily digest (schemes.services.digests): each department's concerns that
wait for an answer, overdue first, to its owner and deputies who opted in, and to the department's
digest email. Registered from ConcernsConfig.ready, because schemes sits below concerns.

Two queries, however many departments, people or concerns.
"""

from collections import defaultdict
from datetime import date
from urllib.parse import urlencode

from django.db.models import F, FilteredRelation, Q, QuerySet
from django.urls import reverse

from accounts.models import User
from concerns.filters import WAITING
from concerns.models import Concern, Department
from schemes.services.digests import DigestExtras, DigestLine, DigestSection, SharedInbox


def _section(department: Department, concerns: list[Concern], *, today: date, site_url: str) -> DigestSection:
    overdue = sum(1 for concern in concerns if concern.due_on < today)
    count = len(concerns)
    waiting = f"{count} concern{'s' if count != 1 else ''}"
    lines = [
        DigestLine(
            text=f"Concern {concern.pk}: {concern.topic.name}, {concern.location.name}",
            detail=(
                f"Raised {concern.raised_at:%-d %B %Y}. "
                + (
                    f"Overdue: the answer was due {concern.due_on:%-d %B %Y}."
                    if concern.due_on < today
                    else f"Answer due {concern.due_on:%-d %B %Y}."
                )
            ),
            url=site_url + reverse("concerns:concern_detail", args=[concern.pk]),
        )
        for concern in concerns
    ]
    filters = urlencode({"department": department.pk, "status": WAITING})
    return DigestSection(
        heading=(
            f"{waiting} for {department.name}, {department.establishment.name}, "
            f"waiting for an answer ({overdue} overdue)"
        ),
        lines=lines,
        more_url=f"{site_url}{reverse('concerns:concern_list')}?{filters}",
        more_label=f"See {department.name}'s concerns",
        subject=f"{waiting} for {department.name}" + (f" ({overdue} overdue)" if overdue else ""),
    )


def department_sections(*, users: QuerySet[User], today: date, site_url: str) -> DigestExtras:
    waiting = (
        Concern.objects.awaiting_answer()
        .filter(department__archived_at=None)
        .select_related("department__establishment", "topic", "location")
        .order_by("due_on", "raised_at", "pk")
    )
    by_department: dict[int, list[Concern]] = defaultdict(list)
    departments: dict[int, Department] = {}
    for concern in waiting:
        by_department[concern.department_id].append(concern)
        departments[concern.department_id] = concern.department
    if not departments:
        return DigestExtras()
    sections = {
        pk: _section(departments[pk], concerns, today=today, site_url=site_url)
        for pk, concerns in by_department.items()
    }

    extras = DigestExtras()
    # One row per (department owned, department deputised for) pair of those with waiting concerns.
    members = (
        users.annotate(
            owned=FilteredRelation(
                "concern_departments_owned", condition=Q(concern_departments_owned__in=list(sections))
            ),
            deputised=FilteredRelation(
                "concern_departments_deputised", condition=Q(concern_departments_deputised__in=list(sections))
            ),
        )
        .annotate(owned_id=F("owned__pk"), deputised_id=F("deputised__pk"))
        .filter(Q(owned_id__isnull=False) | Q(deputised_id__isnull=False))
    )
    theirs: dict[int, tuple[User, set[int]]] = {}
    for member in members:
        theirs.setdefault(member.pk, (member, set()))[1].update(
            pk for pk in (member.owned_id, member.deputised_id) if pk is not None
        )
    for user_pk, (user, department_pks) in theirs.items():
        extras.by_user[user_pk] = (
            user,
            [sections[pk] for pk in sorted(department_pks, key=lambda pk: departments[pk].name)],
        )
    for pk, department in departments.items():
        if department.digest_email:
            extras.inboxes.append(
                SharedInbox(
                    key=f"concerns-department:{pk}",
                    address=department.digest_email,
                    name=f"{department.name} team",
                    why=(
                        f"You get this email because it is {department.name}'s digest address at "
                        f"{department.establishment.name}. A safer-custody manager can change it."
                    ),
                    sections=[sections[pk]],
                )
            )
    return extras
