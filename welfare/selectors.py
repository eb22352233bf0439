"""Every read of check-ins and breaks, scoped to what the user keeps.

A scheme coordinator keeps the welfare of the peer workers of the schemes they lead; safer custody
and administrators that of everyone at their establishment. Anyone else, or another prison's
people, get nothing (a 404 from the views). Check-ins and breaks are the establishment's own: a
person who arrives from another prison brings none of their staff notes with them.
"""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import Role, User
from establishments.models import Establishment
from rota.models import Unavailability
from schemes.models import Contract, PeerWorker, Scheme
from welfare.models import CheckIn

SEES_EVERYONE = (Role.SAFER_CUSTODY_MANAGER, Role.SAFER_CUSTODY_OFFICER, Role.SYSTEM_ADMIN)


def schemes_kept_by(*, user: User, establishment: Establishment) -> QuerySet[Scheme]:
    """The schemes of `establishment` whose peer workers' welfare `user` keeps."""
    schemes = Scheme.objects.filter(establishment=establishment)
    if not user.is_active or not user.establishments.filter(pk=establishment.pk).exists():
        return schemes.none()
    if user.role in SEES_EVERYONE:
        return schemes
    if user.role == Role.SCHEME_COORDINATOR:
        return schemes.filter(leads__user=user, leads__ended_on__isnull=True).distinct()
    return schemes.none()


def worker_for_welfare(*, user: User, establishment: Establishment, pk: int) -> PeerWorker:
    """A peer worker held here who has (or had) a contract with a scheme the user keeps."""
    kept = schemes_kept_by(user=user, establishment=establishment)
    workers = PeerWorker.objects.filter(establishment=establishment, contracts__scheme__in=kept).distinct()
    return get_object_or_404(workers.select_related("location"), pk=pk)


def checkin_schemes(*, user: User, establishment: Establishment, worker: PeerWorker) -> QuerySet[Scheme]:
    """The schemes a check-in with `worker` can be recorded for: kept by the user, and the person
    has an open contract with it."""
    kept = schemes_kept_by(user=user, establishment=establishment)
    return (
        kept.filter(contracts__worker=worker, contracts__status__in=Contract.OPEN).distinct().order_by("name")
    )


def checkin_for_staff(*, user: User, establishment: Establishment, pk: int) -> CheckIn:
    checkins = CheckIn.objects.filter(
        establishment=establishment, scheme__in=schemes_kept_by(user=user, establishment=establishment)
    )
    return get_object_or_404(checkins.select_related("worker", "scheme"), pk=pk)


def break_for_staff(*, user: User, establishment: Establishment, pk: int) -> Unavailability:
    periods = Unavailability.objects.filter(establishment=establishment)
    period = get_object_or_404(periods.select_related("worker"), pk=pk)
    # Reachable only through a person whose welfare the user keeps.
    worker_for_welfare(user=user, establishment=establishment, pk=period.worker_id)
    return period


@dataclass
class WorkerWelfare:
    checkins: list[CheckIn]
    breaks: list[Unavailability]

    @property
    def latest(self) -> CheckIn | None:
        return next((checkin for checkin in self.checkins if not checkin.is_archived), None)


def worker_welfare(*, worker: PeerWorker, establishment: Establishment) -> WorkerWelfare:
    """This prison's check-ins with the person (newest first, withdrawn ones too) and their breaks
    from the rota. Two queries."""
    return WorkerWelfare(
        checkins=list(
            CheckIn.objects.filter(worker=worker, establishment=establishment).select_related(
                "scheme", "recorded_by", "archived_by"
            )
        ),
        breaks=list(
            Unavailability.objects.filter(worker=worker, establishment=establishment).select_related(
                "created_by", "archived_by"
            )
        ),
    )
