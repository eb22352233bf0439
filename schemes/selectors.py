"""Every read a view needs, already scoped to the user's current establishment.

A record of another establishment is simply not found (404).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, TypedDict

from django.conf import settings
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.permissions import is_safer_custody, is_scheme_coordinator, is_system_admin
from establishments.models import Establishment, Location
from schemes.filters import ApplicationFilter, ContractFilter, PeerWorkerFilter
from schemes.models import (
    Application,
    ApplicationCheck,
    Contract,
    Movement,
    PeerWorker,
    RoleDescription,
    Scheme,
    SchemeLead,
    SupervisionMeeting,
)
from schemes.models.contracts import open_contract
from schemes.models.rates import scheme_rate_on

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    from accounts.models import User


def expiry_warning_days() -> int:
    """How far ahead a contract counts as ending: the widest of the CONTRACT_WARNING_DAYS lead times."""
    return max(settings.CONTRACT_WARNING_DAYS)


# --- Locations -----------------------------------------------------------------


def location_list(*, establishment: Establishment, include_archived: bool = False) -> QuerySet[Location]:
    locations = Location.objects.filter(establishment=establishment)
    if not include_archived:
        locations = locations.filter(archived_at__isnull=True)
    return locations.order_by("archived_at", "name")


def location_get(*, establishment: Establishment, pk: int) -> Location:
    return get_object_or_404(
        Location.objects.select_related("establishment", "archived_by"),
        establishment=establishment,
        pk=pk,
    )


# --- Schemes -------------------------------------------------------------------


def _active_leads() -> Prefetch:
    return Prefetch(
        "leads",
        queryset=SchemeLead.objects.filter(ended_on__isnull=True).select_related("user"),
        to_attr="active_leads",
    )


class SchemeCounts(TypedDict):
    active_count: int
    expiring_count: int
    awaiting_signature_count: int
    open_application_count: int


def scheme_list(
    *, establishment: Establishment, today: date | None = None
) -> "list[WithAnnotations[Scheme, SchemeCounts]]":
    """Schemes with headcounts: in role, ending within `expiry_warning_days()`, vacancies, waiting list."""
    today = today or timezone.localdate()
    ending_by = today + timedelta(days=expiry_warning_days())
    schemes = list(
        Scheme.objects.filter(establishment=establishment)
        .annotate(
            active_count=_per_scheme(Contract.objects.in_role()),
            expiring_count=_per_scheme(Contract.objects.in_role().filter(end_date__lte=ending_by)),
            awaiting_signature_count=_per_scheme(
                Contract.objects.filter(status=Contract.Status.AWAITING_SIGNATURE)
            ),
            open_application_count=_per_scheme(Application.objects.filter(status__in=Application.OPEN)),
        )
        .prefetch_related(_active_leads())
        .order_by("-is_active", "name")
    )
    waiting = waiting_list_counts(establishment=establishment)
    for scheme in schemes:
        scheme.vacancies = max(
            scheme.target_workers - scheme.active_count - scheme.awaiting_signature_count, 0
        )
        scheme.waiting_count = waiting.get(scheme.pk, 0)
    return schemes


def _per_scheme(rows: QuerySet) -> Coalesce:
    """How many of `rows` each scheme has, counted scheme by scheme (a subquery): counting over
    joins would multiply five years of a scheme's contracts by its applications."""
    counts = rows.filter(scheme=OuterRef("pk")).order_by().values("scheme").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


def scheme_choices(*, establishment: Establishment) -> QuerySet[Scheme]:
    """The schemes a list (contracts, meetings) can be filtered by: running ones first."""
    return Scheme.objects.filter(establishment=establishment).order_by("-is_active", "name")


def scheme_get(*, establishment: Establishment, pk: int) -> Scheme:
    return get_object_or_404(
        Scheme.objects.filter(establishment=establishment)
        .prefetch_related(_active_leads())
        .annotate(rate_today_pence=scheme_rate_on(timezone.localdate(), scheme="pk")),
        pk=pk,
    )


def scheme_current_role(*, scheme: Scheme) -> RoleDescription | None:
    return scheme.role_descriptions.select_related("published_by").order_by("-version").first()


def role_description_versions(*, scheme: Scheme) -> QuerySet[RoleDescription]:
    return scheme.role_descriptions.select_related("published_by").order_by("-version")


def role_description_get(*, scheme: Scheme, version: int) -> RoleDescription:
    return get_object_or_404(
        RoleDescription.objects.select_related("published_by", "scheme"), scheme=scheme, version=version
    )


def scheme_contracts(*, scheme: Scheme, open_only: bool = True) -> QuerySet[Contract]:
    contracts = scheme.contracts.select_related("worker", "worker__location", "role_description")
    if open_only:
        contracts = contracts.open()
    return contracts.order_by("end_date", "worker__last_name")


def scheme_applications(*, scheme: Scheme, open_only: bool = True) -> QuerySet[Application]:
    applications = scheme.applications.select_related("worker", "worker__location")
    if open_only:
        applications = applications.filter(status__in=Application.OPEN)
    return applications.order_by("received_on", "pk")


def waiting_list(*, scheme: Scheme) -> QuerySet[Application]:
    """Approved applicants with no contract yet, longest waiting first."""
    return (
        scheme.applications.filter(status=Application.Status.APPROVED, contracts__isnull=True)
        .exclude(Q(worker__contracts__scheme=scheme) & open_contract("worker__contracts"))
        .filter(worker__custody_status=PeerWorker.CustodyStatus.IN_CUSTODY)
        .select_related("worker", "worker__location")
        .order_by("received_on", "pk")
    )


def waiting_list_counts(*, establishment: Establishment) -> dict[int, int]:
    rows = (
        Application.objects.filter(
            scheme__establishment=establishment,
            status=Application.Status.APPROVED,
            contracts__isnull=True,
            worker__custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        )
        .values("scheme")
        .annotate(n=Count("pk"))
    )
    return {row["scheme"]: row["n"] for row in rows}


def schemes_led_by(*, user: "User", establishment: Establishment) -> QuerySet[Scheme]:
    return Scheme.objects.filter(
        establishment=establishment, leads__user=user, leads__ended_on__isnull=True
    ).distinct()


def schemes_user_may_act_on(*, user: "User", establishment: Establishment) -> QuerySet[Scheme]:
    """The running schemes of `establishment` that `user` may act on (issue a contract, record an
    application, schedule a meeting): every one for safer-custody staff and administrators, those
    they lead for a coordinator, none for anyone else. The same rule as
    schemes.permissions.manages_scheme, asked of a whole list: forms offer only these."""
    schemes = Scheme.objects.filter(establishment=establishment, is_active=True).order_by("name")
    if is_safer_custody(user) or is_system_admin(user):
        return schemes
    if is_scheme_coordinator(user):
        return schemes.filter(pk__in=schemes_led_by(user=user, establishment=establishment).values("pk"))
    return schemes.none()


# --- Peer workers --------------------------------------------------------------


def peer_worker_list(*, establishment: Establishment) -> QuerySet[PeerWorker]:
    """Everyone on the establishment's records, by name, with what their row shows (wing, open
    contracts) in one query and one prefetch."""
    return (
        PeerWorker.objects.filter(establishment=establishment)
        .select_related("location")
        .prefetch_related(
            Prefetch(
                "contracts",
                queryset=Contract.objects.open().select_related("scheme"),
                to_attr="open_contracts",
            )
        )
        .order_by("last_name", "first_name", "pk")
    )


def peer_worker_filter(
    *, establishment: Establishment, filters: Mapping[str, str] | None
) -> PeerWorkerFilter:
    """The establishment's people filtered by `filters` (the query string): by default those in
    custody here. Returns the bound filter: `.qs` holds the people, `.form` the form with any errors."""
    return PeerWorkerFilter(
        filters,
        queryset=peer_worker_list(establishment=establishment),
        schemes=scheme_choices(establishment=establishment),
        wings=location_list(establishment=establishment),
    )


def scheme_for_invite(*, establishment: Establishment, pk: object) -> Scheme | None:
    """A running scheme of this establishment by its posted id, or None for anything else."""
    text = str(pk or "")
    if not (text.isdigit() and len(text) <= 9):
        return None
    return Scheme.objects.filter(establishment=establishment, is_active=True, pk=int(text)).first()


def peer_worker_get(*, establishment: Establishment, pk: int) -> PeerWorker:
    return get_object_or_404(
        PeerWorker.objects.select_related("location", "establishment"), establishment=establishment, pk=pk
    )


def peer_worker_contracts(*, worker: PeerWorker) -> QuerySet[Contract]:
    """Every contract this person has held, anywhere: the record goes with them."""
    return (
        worker.contracts.select_related(
            "scheme", "scheme__establishment", "role_description", "issued_by", "ended_by", "witnessed_by"
        )
        .prefetch_related("suspensions")
        .order_by("-start_date", "-pk")
    )


def peer_worker_applications(*, worker: PeerWorker) -> QuerySet[Application]:
    return worker.applications.select_related("scheme", "decided_by").order_by("-received_on", "-pk")


def peer_worker_arrived_at(
    *, worker: PeerWorker, establishment: Establishment, before: datetime | None = None
) -> datetime | None:
    """When they last moved into `establishment` (before `before`), or None if they never moved in:
    where this prison's part of their record begins."""
    arrivals = Movement.objects.filter(worker=worker, to_establishment=establishment)
    if before is not None:
        arrivals = arrivals.filter(moved_at__lt=before)
    return arrivals.order_by("-moved_at", "-pk").values_list("moved_at", flat=True).first()


# --- People who moved to another prison ------------------------------------------------
# The sending prison keeps what happened in its own time, read through its Movement away: its own
# contracts, meetings and call-outs, its staff notes left behind, and nothing after `moved_at`.


def _latest_moves_away(establishment: Establishment) -> QuerySet[Movement]:
    """This prison's latest move away for each person who is not held here now."""
    latest = (
        Movement.objects.filter(from_establishment=establishment, worker=OuterRef("worker"))
        .order_by("-moved_at", "-pk")
        .values("pk")[:1]
    )
    return (
        Movement.objects.filter(from_establishment=establishment, pk=Subquery(latest))
        .exclude(worker__establishment=establishment)
        .select_related("worker", "to_establishment")
    )


def moved_away_list(*, establishment: Establishment, search: str = "") -> QuerySet[Movement]:
    """The people who moved from here to another prison and are not held here now, newest move
    first, one row each: their latest move away (`movement.worker`, `movement.to_establishment`)."""
    movements = _latest_moves_away(establishment)
    if search:
        term = search.strip()
        movements = movements.filter(
            Q(worker__prison_number__iexact=term)
            | Q(worker__first_name__icontains=term)
            | Q(worker__last_name__icontains=term)
        )
    return movements.order_by("-moved_at", "-pk")


def moved_away_get(*, establishment: Establishment, pk: int) -> tuple[PeerWorker, Movement]:
    """The person and this prison's latest move away. 404 if they never moved away from here, or
    if they are held here again (their normal page applies)."""
    movement = _latest_moves_away(establishment).filter(worker_id=pk).first()
    if movement is None:
        raise Http404("No one by that number moved away from this prison.")
    return movement.worker, movement


@dataclass(frozen=True)
class StayHere:
    """What a person did in one prison up to the day they moved away."""

    contracts: list[Contract]
    meetings_invited: int
    meetings_attended: int
    call_outs: int


def moved_away_stay(*, movement: Movement) -> StayHere:
    """Their contracts in the sending prison's schemes, the held supervision meetings there they
    were invited to and attended, and their call-outs there. Four queries, however long the stay."""
    worker, here = movement.worker, movement.from_establishment_id
    held_here = Q(scheme__establishment_id=here, status=SupervisionMeeting.Status.HELD)
    held_here &= Q(starts_at__lt=movement.moved_at)
    return StayHere(
        contracts=list(
            worker.contracts.filter(scheme__establishment_id=here)
            .select_related("scheme")
            .order_by("-start_date", "-pk")
        ),
        meetings_invited=worker.meetings_invited.filter(held_here).count(),
        meetings_attended=worker.meetings_attended.filter(held_here).count(),
        call_outs=worker.call_outs.filter(establishment_id=here, archived_at__isnull=True).count(),
    )


# --- Applications and contracts ---------------------------------------------------


def application_get(*, establishment: Establishment, pk: int) -> Application:
    return get_object_or_404(
        Application.objects.select_related("worker", "scheme", "decided_by", "created_by").prefetch_related(
            Prefetch(
                "checks",
                queryset=ApplicationCheck.objects.select_related("requirement", "confirmed_by"),
            )
        ),
        scheme__establishment=establishment,
        pk=pk,
    )


def application_filter(
    *, establishment: Establishment, filters: Mapping[str, str] | None
) -> ApplicationFilter:
    """Applications to the establishment's schemes filtered by `filters` (the query string): by
    default those in progress, oldest first. Returns the bound filter (`.qs`, `.form`)."""
    return ApplicationFilter(
        filters,
        queryset=Application.objects.filter(scheme__establishment=establishment).select_related(
            "worker", "scheme"
        ),
        schemes=scheme_choices(establishment=establishment),
    )


def application_stage_counts(*, establishment: Establishment, scheme: Scheme | None = None) -> dict[str, int]:
    """How many applications wait at each stage in progress (of `scheme`, if given), in one query."""
    applications = Application.objects.filter(
        scheme__establishment=establishment, status__in=Application.OPEN
    )
    if scheme is not None:
        applications = applications.filter(scheme=scheme)
    return applications.aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Application.OPEN}
    )


def contract_get(*, establishment: Establishment, pk: int) -> Contract:
    return get_object_or_404(
        Contract.objects.select_related(
            "worker",
            "worker__location",
            "scheme",
            "scheme__establishment",
            "role_description",
            "role_description__published_by",
            "issued_by",
            "witnessed_by",
            "ended_by",
            "renewal_of",
            "application",
        )
        .prefetch_related("suspensions__created_by", "suspensions__lifted_by")
        .annotate(scheme_rate_today_pence=scheme_rate_on(timezone.localdate())),
        scheme__establishment=establishment,
        pk=pk,
    )


def contracts_expiring(
    *, establishment: Establishment, within_days: int | None = None, today: date | None = None
) -> QuerySet[Contract]:
    today = today or timezone.localdate()
    if within_days is None:
        within_days = expiry_warning_days()
    return (
        Contract.objects.ending_within(within_days, today=today)
        .filter(scheme__establishment=establishment)
        .select_related("worker", "scheme")
        .order_by("end_date", "worker__last_name")
    )


def contracts_for_bulk_renewal(*, establishment: Establishment, pks: list[int]) -> list[Contract]:
    return list(
        Contract.objects.filter(scheme__establishment=establishment, pk__in=pks)
        .select_related("worker", "scheme")
        .order_by("end_date", "worker__last_name")
    )


def contract_list(*, establishment: Establishment) -> QuerySet[Contract]:
    """Every contract of the establishment's schemes, ending soonest first, with what its row on the
    list and in the CSV shows (person, wing, scheme, role version, weekly pay today) in the same query."""
    return (
        Contract.objects.filter(scheme__establishment=establishment)
        .select_related("worker", "worker__location", "scheme", "role_description")
        .annotate(scheme_rate_today_pence=scheme_rate_on(timezone.localdate()))
        .order_by("end_date", "worker__last_name", "worker__first_name", "pk")
    )


def contract_filter(*, establishment: Establishment, filters: Mapping[str, str] | None) -> ContractFilter:
    """The establishment's contracts filtered by `filters` (the query string). Returns the bound
    filter: `.qs` holds the contracts and `.form` the filter form with any errors."""
    return ContractFilter(
        filters,
        queryset=contract_list(establishment=establishment),
        schemes=scheme_choices(establishment=establishment),
    )
