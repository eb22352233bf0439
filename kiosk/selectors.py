"""Every read a kiosk page needs. Each one is keyed by the enrolled device or by the signed-in
peer worker, never by an identifier from the request, so a kiosk shows no one else's data.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext, ngettext

from kiosk.models import KioskDevice, OutOfRoleReport
from kiosk.models.devices import token_digest
from rota.models import Assignment
from schemes.models import Contract, PeerWorker, Scheme, SupervisionMeeting, scheme_rate_on

SHIFT_DAYS = 14
UPCOMING_MEETINGS_LOOKED_AT = 20
# The national presets (schemes.presets) whose mentors' residents have a name of their own.
TOE_BY_TOE, BUDDIES = "toe-by-toe", "buddies"


def device_for_token(*, token: str | None) -> KioskDevice | None:
    """The enrolled, unrevoked device whose cookie carries this token."""
    if not token:
        return None
    # get(), not first(): the digest is unique, and every kiosk request asks this, so it is spared
    # compiling and running the model's ORDER BY for one row (loadtest, README "Load test").
    try:
        return KioskDevice.objects.select_related("location", "establishment").get(
            token_hash=token_digest(token), revoked_at__isnull=True
        )
    except KioskDevice.DoesNotExist:
        return None


def signed_in_worker(*, device: KioskDevice, worker_id: int) -> PeerWorker | None:
    """The peer worker signed in on this device, while they are still held in its establishment."""
    try:  # by primary key: get(), without first()'s ORDER BY, on every signed-in page
        return PeerWorker.objects.get(
            pk=worker_id,
            establishment_id=device.establishment_id,
            custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        )
    except PeerWorker.DoesNotExist:
        return None


def wing_schemes(*, device: KioskDevice) -> QuerySet[Scheme]:
    """What the public wing page lists: the establishment's running schemes."""
    return Scheme.objects.filter(establishment_id=device.establishment_id, is_active=True).order_by("name")


def worker_open_contracts(*, worker: PeerWorker, today: date) -> list[Contract]:
    """Their open contracts with the role description each was issued under, and the days left."""
    contracts = list(
        worker.contracts.open()
        .select_related("scheme", "role_description")
        .annotate(scheme_rate_today_pence=scheme_rate_on(today))
        .order_by("scheme__name")
    )
    for contract in contracts:
        contract.days_left = max((contract.end_date - today).days, 0)
    return contracts


@dataclass(frozen=True)
class MenuOffers:
    """What a peer worker's menu offers beyond what every peer worker has."""

    carries_concerns: bool
    supporting: str  # the button to the residents they support ("My learner"), or "" for none


def worker_menu(*, worker: PeerWorker) -> MenuOffers:
    """Asked in one query: "My concerns" for an open role in a scheme whose peer workers carry
    residents' concerns (never Listeners), or for concerns they raised before, whose answers still
    reach them after the role ends; and the residents they support one to one, by the schemes of
    their open pairs. Asked through reverse relations: kiosk sits below concerns and support and
    imports neither."""
    carrying = Contract.objects.open().filter(worker=OuterRef("pk"), scheme__raises_concerns=True)
    raised = PeerWorker.objects.filter(pk=OuterRef("pk"), concerns__isnull=False)
    open_pair = Q(pairs_as_mentor__isnull=False, pairs_as_mentor__ended_on__isnull=True)
    row = (
        PeerWorker.objects.filter(pk=worker.pk)
        .annotate(
            carrying=Exists(carrying),
            raised=Exists(raised),
            pairs=Count("pairs_as_mentor", filter=open_pair),
            **{
                preset: Count("pairs_as_mentor", filter=open_pair & Q(pairs_as_mentor__scheme__preset=preset))
                for preset in (TOE_BY_TOE, BUDDIES)
            },
        )
        .values("carrying", "raised", "pairs", TOE_BY_TOE, BUDDIES)
        .get()
    )
    named = row[TOE_BY_TOE] + row[BUDDIES]
    presets = [TOE_BY_TOE] * row[TOE_BY_TOE] + [BUDDIES] * row[BUDDIES] + [""] * (row["pairs"] - named)
    return MenuOffers(carries_concerns=row["carrying"] or row["raised"], supporting=supporting_title(presets))


def supporting_title(presets: Sequence[str]) -> str:
    """What a mentor calls the residents they support, from the schemes of their open pairs (one
    preset a pair): a Toe by Toe mentor's learner, a buddy's buddies; "" when they support nobody."""
    if not presets:
        return ""
    if set(presets) == {TOE_BY_TOE}:
        return ngettext("My learner", "My learners", len(presets))
    if set(presets) == {BUDDIES}:
        return gettext("My buddies")
    return gettext("People I support")


def worker_next_meetings(*, worker: PeerWorker, now: datetime) -> list[SupervisionMeeting]:
    """The next scheduled supervision meeting they are invited to, one per scheme, soonest first."""
    upcoming = (
        SupervisionMeeting.objects.filter(
            invited=worker, status=SupervisionMeeting.Status.SCHEDULED, starts_at__gte=now
        )
        .select_related("scheme")
        .order_by("starts_at")[:UPCOMING_MEETINGS_LOOKED_AT]
    )
    next_by_scheme: dict[int, SupervisionMeeting] = {}
    for meeting in upcoming:
        next_by_scheme.setdefault(meeting.scheme_id, meeting)
    return list(next_by_scheme.values())


@dataclass(frozen=True)
class Shift:
    """One rota shift, as the kiosk shows it: nothing about anyone else on it."""

    day: date
    starts_at: datetime
    ends_at: datetime
    name: str
    place: str


def worker_shifts(*, worker: PeerWorker, today: date, now: datetime) -> list[Shift]:
    """Their shifts on the published Listener rota, from now to the end of the next 14 days: those
    that put them on duty (`Assignment.objects.on_duty`), as the week grid and the look-up count."""
    assignments = (
        Assignment.objects.filter(
            worker=worker,
            week__published_at__isnull=False,
            day__gte=today,
            day__lt=today + timedelta(days=SHIFT_DAYS),
            ends_at__gt=now,
        )
        .on_duty()
        .select_related("shift_type", "cover_point")
        .order_by("starts_at")
    )
    return [
        Shift(
            day=a.day,
            starts_at=a.starts_at,
            ends_at=a.ends_at,
            name=a.shift_type.name,
            place=a.cover_point.name,
        )
        for a in assignments
    ]


def worker_reports(*, worker: PeerWorker) -> QuerySet[OutOfRoleReport]:
    return worker.out_of_role_reports.select_related("flag", "contract__scheme").order_by(
        "-created_at", "-pk"
    )


def worker_report_get(*, worker: PeerWorker, pk: int) -> OutOfRoleReport:
    """One of their own reports; anyone else's is simply not found."""
    return get_object_or_404(worker_reports(worker=worker), pk=pk)
