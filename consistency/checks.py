"""The invariants that span apps, each a check that returns the records breaking it.

Every check is one or two set-based queries, whatever the size of the estate. A check names a
breach with a stable key, so the audit raises one flag per breach however often it runs. This
module sits above schemes, rota, kiosk and flags, and is the only place that reads all of them.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from flags.api import Flag, Kind
from kiosk.models import KioskCredential
from peerwork.formats import long_date
from rota.models import Assignment
from rota.services.gaps import rota_gap_conditions
from schemes import oversight
from schemes.models import Application, Contract, PeerWorker
from schemes.services import oversight as oversight_services


@dataclass(frozen=True)
class Breach:
    key: str
    establishment_id: int
    summary: str


def shifts_without_a_listener(*, now: datetime) -> list[Breach]:
    """Every shift still to come is held by someone with a Listener contract in effect that day
    (a suspended Listener's shift is "needs cover" by design, not a breach)."""
    orphaned = (
        Assignment.objects.filter(status__in=Assignment.LIVE, ends_at__gt=now)
        .with_standing()
        .filter(in_role=False)
        .values("pk", "day", "week__rota__establishment_id", "worker__first_name", "worker__last_name")
    )
    return [
        Breach(
            key=f"shift_without_listener:{row['pk']}",
            establishment_id=row["week__rota__establishment_id"],
            summary=(
                f"{row['worker__first_name']} {row['worker__last_name']} is on the rota on {long_date(row['day'])} "
                "with no Listener contract in effect that day."
            ),
        )
        for row in orphaned
    ]


def condition_flags_that_no_longer_hold(*, now: datetime) -> list[Breach]:
    """Every open flag raised by a condition still has its condition."""
    today = timezone.localdate(now)
    gaps, _ended = rota_gap_conditions(now=now)
    holding = {kind: conditions(today) for kind, conditions in oversight_services.CONDITIONS.items()}
    holding[Kind.ROTA_GAP] = gaps
    keys = {kind: {condition.key for condition in conditions} for kind, conditions in holding.items()}
    replaced = set(oversight.expired_contracts_replaced())
    open_flags = Flag.objects.filter(
        resolved_at__isnull=True, kind__in=[*holding, Kind.CONTRACT_EXPIRED]
    ).values("pk", "kind", "key", "establishment_id", "summary")
    return [
        Breach(
            key=f"flag_condition_cleared:{flag['pk']}",
            establishment_id=flag["establishment_id"],
            summary=f"An open flag's condition no longer holds: {flag['summary']}",
        )
        for flag in open_flags.iterator(chunk_size=2000)
        if (flag["kind"] == Kind.CONTRACT_EXPIRED and flag["key"] in replaced)
        or (flag["kind"] != Kind.CONTRACT_EXPIRED and flag["key"] not in keys[flag["kind"]])
    ]


def pins_for_people_not_held_here() -> list[Breach]:
    """No kiosk PIN for someone no longer in custody in the prison whose staff set it."""
    stale = KioskCredential.objects.exclude(
        worker__custody_status=PeerWorker.CustodyStatus.IN_CUSTODY,
        worker__establishment=F("establishment"),
    ).values("pk", "establishment_id", "worker__first_name", "worker__last_name")
    return [
        Breach(
            key=f"pin_not_in_custody:{row['pk']}",
            establishment_id=row["establishment_id"],
            summary=f"{row['worker__first_name']} {row['worker__last_name']} still has a kiosk PIN here but is not held here.",
        )
        for row in stale
    ]


def contracts_under_another_schemes_role() -> list[Breach]:
    """Every contract's role description belongs to its scheme."""
    wrong = Contract.objects.exclude(role_description__scheme=F("scheme")).values(
        "pk", "scheme__establishment_id", "scheme__name", "worker__first_name", "worker__last_name"
    )
    return [
        Breach(
            key=f"contract_role_of_other_scheme:{row['pk']}",
            establishment_id=row["scheme__establishment_id"],
            summary=(
                f"{row['worker__first_name']} {row['worker__last_name']}'s {row['scheme__name']} contract was "
                "issued under another scheme's role description."
            ),
        )
        for row in wrong
    ]


def open_applications_of_contract_holders() -> list[Breach]:
    """No open application for someone with an open contract in the same scheme."""
    open_contract = Contract.objects.open().filter(worker=OuterRef("worker"), scheme=OuterRef("scheme"))
    rows = (
        Application.objects.filter(status__in=Application.OPEN)
        .filter(Exists(open_contract))
        .values("pk", "scheme__establishment_id", "scheme__name", "worker__first_name", "worker__last_name")
    )
    return [
        Breach(
            key=f"application_of_contract_holder:{row['pk']}",
            establishment_id=row["scheme__establishment_id"],
            summary=(
                f"{row['worker__first_name']} {row['worker__last_name']} has an open {row['scheme__name']} "
                "application and already an open contract in that scheme."
            ),
        )
        for row in rows
    ]


def breaches(*, now: datetime | None = None) -> list[Breach]:
    """Every breach of every invariant, in a fixed number of queries."""
    now = now or timezone.now()
    return [
        *shifts_without_a_listener(now=now),
        *condition_flags_that_no_longer_hold(now=now),
        *pins_for_people_not_held_here(),
        *contracts_under_another_schemes_role(),
        *open_applications_of_contract_holders(),
    ]
