"""Reads for the staff pages of concerns: the list with its filters and counts, what can be done
next with one concern, the peer workers a member of staff may log a paper concern for, and the
departments a person answers for (their home page). Every concern comes through
`concerns.selectors.concerns_for`, so each page sees only what its user may see."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from concerns.filters import ConcernFilter
from concerns.models import Concern, Department, Topic
from concerns.selectors import SEES_EVERY_CONCERN, concerns_for, departments_of
from establishments.models import Establishment, Location
from schemes.models import Contract, PeerWorker, Scheme


def concern_list(
    *, user: User, establishment: Establishment, filters: Mapping[str, str] | None, today: date
) -> ConcernFilter:
    """The concerns `user` sees, newest first, filtered by `filters` (the query string).

    Returns the bound filter: `.qs` holds the concerns and `.form` the filter form with any errors.
    """
    concerns = concerns_for(user=user, establishment=establishment).select_related(
        "topic", "department", "location", "contract__scheme", "worker", "handler"
    )
    return ConcernFilter(
        filters,
        queryset=concerns,
        today=today,
        departments=Department.objects.filter(establishment=establishment).order_by("archived_at", "name"),
        topics=Topic.objects.filter(establishment=establishment).order_by("archived_at", "name"),
        wings=Location.objects.filter(establishment=establishment).order_by("name"),
        schemes=Scheme.objects.filter(establishment=establishment, raises_concerns=True).order_by("name"),
    )


@dataclass(frozen=True)
class StatusCount:
    status: str
    label: str
    count: int


@dataclass(frozen=True)
class ConcernCounts:
    by_status: list[StatusCount]
    overdue: int


def concern_counts(*, user: User, establishment: Establishment, today: date) -> ConcernCounts:
    """How many of the concerns `user` sees are in each status, and how many are overdue. One query."""
    totals = concerns_for(user=user, establishment=establishment).aggregate(
        overdue=Count("pk", filter=Q(status__in=Concern.AWAITING_ANSWER, due_on__lt=today)),
        **{status.value: Count("pk", filter=Q(status=status)) for status in Concern.Status},
    )
    return ConcernCounts(
        by_status=[StatusCount(s.value, str(s.label), totals[s.value]) for s in Concern.Status],
        overdue=totals["overdue"],
    )


@dataclass(frozen=True)
class Step:
    url_name: str
    label: str


def next_steps(concern: Concern) -> list[Step]:
    """What can be done with the concern where it stands (the services refuse anything else)."""
    steps = []
    if concern.is_awaiting_answer:
        steps += [
            Step("concerns:concern_answer", "Answer"),
            Step("concerns:concern_take", "Take on"),
            Step("concerns:concern_forward", "Forward to another department"),
            Step("concerns:concern_decline", "Do not take forward"),
            Step("concerns:concern_refer", "Pass to the discrimination process"),
        ]
    if concern.status == Concern.Status.ANSWERED:
        steps.append(Step("concerns:concern_close", "Close"))
    if concern.answered_at is not None:
        steps.append(Step("concerns:concern_publish", "“You said, we did”"))
    if concern.is_open:
        steps.append(Step("concerns:concern_note", "Add a note"))
    return steps


def contracts_to_log_for(*, user: User, establishment: Establishment) -> QuerySet[Contract]:
    """The open roles, in schemes whose peer workers carry concerns, of this establishment's peer
    workers in custody that `user` may log a paper concern for: any, for safer custody and
    administrators; those of the schemes they lead now, for a scheme coordinator."""
    contracts = (
        Contract.objects.open()
        .filter(
            scheme__establishment=establishment,
            scheme__raises_concerns=True,
            worker__establishment=establishment,
            worker__custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        )
        .select_related("worker", "scheme")
        .order_by("worker__last_name", "worker__first_name", "scheme__name", "pk")
    )
    if not user.is_active or not user.establishments.filter(pk=establishment.pk).exists():
        return contracts.none()
    if user.role in SEES_EVERY_CONCERN:
        return contracts
    if user.role == Role.SCHEME_COORDINATOR:
        return contracts.filter(scheme__in=user.scheme_leads.filter(ended_on__isnull=True).values("scheme"))
    return contracts.none()


def forward_departments(*, concern: Concern) -> QuerySet[Department]:
    """The departments in use it can be forwarded to: all but its own."""
    return Department.objects.filter(establishment_id=concern.establishment_id, archived_at=None).exclude(
        pk=concern.department_id
    )


def staff_of(*, establishment: Establishment) -> QuerySet[User]:
    """Who may own or deputise for a department: the active staff of this establishment."""
    return User.objects.filter(establishments=establishment, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def department_list(*, establishment: Establishment) -> list[Department]:
    """The departments in use, with their owner, deputies and topics in use. Three queries."""
    return list(
        Department.objects.filter(establishment=establishment, archived_at=None)
        .select_related("owner")
        .prefetch_related(
            Prefetch("deputies", queryset=User.objects.order_by("last_name", "first_name")),
            Prefetch("topics", queryset=Topic.objects.filter(archived_at=None).order_by("name")),
        )
    )


def department_get(*, establishment: Establishment, pk: int) -> Department:
    return get_object_or_404(
        Department.objects.filter(establishment=establishment).prefetch_related("deputies"), pk=pk
    )


def topic_get(*, establishment: Establishment, pk: int) -> Topic:
    return get_object_or_404(Topic.objects.filter(establishment=establishment), pk=pk)


@dataclass(frozen=True)
class DepartmentWorkload:
    department: Department
    waiting: int
    overdue: int


def workload_of(*, user: User, establishment: Establishment, today: date) -> list[DepartmentWorkload]:
    """For each department here that `user` owns or deputises for, how many of its concerns wait
    for an answer and how many of those are overdue. One query."""
    waiting = Q(concerns__status__in=Concern.AWAITING_ANSWER)
    found = (
        Department.objects.filter(establishment=establishment, pk__in=departments_of(user).values("pk"))
        .annotate(
            waiting=Count("concerns", filter=waiting),
            overdue=Count("concerns", filter=waiting & Q(concerns__due_on__lt=today)),
        )
        .order_by("name")
    )
    return [DepartmentWorkload(d, d.waiting, d.overdue) for d in found]
