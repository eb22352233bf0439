"""Every read a concerns page needs, already scoped: staff to their establishment and to the
concerns their role sees (concerns.permissions); the kiosk to the signed-in peer worker alone."""

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from concerns.models import Concern, ConcernEvent, Department, Topic
from establishments.models import Establishment
from schemes.models import Contract, PeerWorker

SEES_EVERY_CONCERN = (Role.SAFER_CUSTODY_MANAGER, Role.SAFER_CUSTODY_OFFICER, Role.SYSTEM_ADMIN)


def departments_of(user: User) -> QuerySet[Department]:
    """The departments in use that `user` owns or deputises for."""
    return Department.objects.filter(Q(owner=user) | Q(deputies=user), archived_at=None).distinct()


def concerns_for(*, user: User, establishment: Establishment) -> QuerySet[Concern]:
    """The concerns of `establishment` that `user` sees: every one for safer custody and
    administrators; else those with a department they own or deputise for, and, for a scheme
    coordinator, those raised through the schemes they lead."""
    concerns = Concern.objects.filter(establishment=establishment)
    if not user.is_active or not user.establishments.filter(pk=establishment.pk).exists():
        return concerns.none()
    if user.role in SEES_EVERY_CONCERN:
        return concerns
    seen = Q(department__in=departments_of(user).values("pk"))
    if user.role == Role.SCHEME_COORDINATOR:
        led = user.scheme_leads.filter(ended_on__isnull=True).values("scheme")
        # The contracts as a subquery, not a join: OR-ed with the departments, a join would read
        # every contract in the country (five years of them) to find this prison's few.
        seen |= Q(contract__in=Contract.objects.filter(scheme__in=led).values("pk"))
    return concerns.filter(seen)


def concern_for_staff(*, user: User, establishment: Establishment, pk: int) -> Concern:
    return get_object_or_404(
        concerns_for(user=user, establishment=establishment).select_related(
            "topic", "department", "department__owner", "location", "worker", "contract__scheme", "handler"
        ),
        pk=pk,
    )


def concern_timeline(*, concern: Concern, for_worker: bool = False) -> list[ConcernEvent]:
    """The steps of its life, oldest first; on the kiosk only those the peer worker may read."""
    events = concern.events.select_related("by_user", "by_worker", "from_department", "to_department")
    if for_worker:
        events = events.filter(kind__in=ConcernEvent.FOR_WORKER)
    return list(events)


def departments(*, establishment: Establishment, include_retired: bool = False) -> QuerySet[Department]:
    found = Department.objects.filter(establishment=establishment).select_related("owner")
    return found if include_retired else found.filter(archived_at=None)


def topics(*, establishment: Establishment, include_retired: bool = False) -> QuerySet[Topic]:
    found = Topic.objects.filter(establishment=establishment).select_related("department")
    return found if include_retired else found.filter(archived_at=None)


# --- The kiosk: the signed-in peer worker's own concerns only ------------------------------------


def contracts_carrying_concerns(*, worker: PeerWorker) -> list[Contract]:
    """Their open roles through which a concern may be raised (never a Listener role)."""
    return list(
        worker.contracts.open()
        .filter(scheme__raises_concerns=True)
        .select_related("scheme")
        .order_by("scheme__name")
    )


def worker_is_listener(*, worker: PeerWorker) -> bool:
    """Holds an open Listener role: what a caller says stays with them, so they raise no concerns."""
    return worker.contracts.open().listeners().exists()


def worker_concerns(*, worker: PeerWorker) -> QuerySet[Concern]:
    return Concern.objects.raised_by(worker).select_related("topic", "location", "department")


def worker_concern(*, worker: PeerWorker, pk: int) -> Concern:
    """One of their own concerns; anyone else's is 404, as if it did not exist."""
    return get_object_or_404(worker_concerns(worker=worker), pk=pk)
