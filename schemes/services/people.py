"""Peer workers (prisoners): their record, custody changes and transfers."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from flags import api as flags
from peerwork.formats import long_date
from peerwork.records import save
from schemes import events
from schemes.models import Contract, EndReason, Movement, PeerWorker, Scheme
from schemes.rules import RuleError
from schemes.services.contracts import end_open_contracts_for_system_reason

SYSTEM_END_REASON: dict[str, str] = {
    PeerWorker.CustodyStatus.TRANSFERRED_OUT: EndReason.TRANSFERRED,
    PeerWorker.CustodyStatus.RELEASED: EndReason.RELEASED,
}


def _normalise(fields: dict) -> dict:
    if "prison_number" in fields:
        fields["prison_number"] = fields["prison_number"].strip().upper()
    return fields


@transaction.atomic
def peer_worker_create(*, establishment: Establishment, actor: User, **fields: object) -> PeerWorker:
    worker = PeerWorker(establishment=establishment, **_normalise(fields))
    save(worker, actor=actor)
    return worker


@transaction.atomic
def peer_worker_update(*, worker: PeerWorker, actor: User, **fields: object) -> PeerWorker:
    for name, value in _normalise(fields).items():
        setattr(worker, name, value)
    save(worker, actor=actor)
    return worker


@transaction.atomic
def peer_worker_leave_custody(*, worker: PeerWorker, status: str, actor: User) -> PeerWorker:
    """Transferred out or released: open contracts end with the system reason; history stays."""
    if status not in SYSTEM_END_REASON:
        raise RuleError({"custody_status": "Choose transferred out or released."})
    end_open_contracts_for_system_reason(worker=worker, reason=SYSTEM_END_REASON[status], actor=actor)
    events.custody_left.send(
        sender=PeerWorker, worker=worker, establishment=worker.establishment, actor=actor, status=status
    )
    worker.custody_status = status
    worker.location = None
    worker.cell = ""
    save(worker, actor=actor, reason=PeerWorker.CustodyStatus(status).label)
    label = PeerWorker.CustodyStatus(status).label.lower()
    flags.flags_clear(
        kind=flags.Kind.NOT_ON_ROLL,
        keys=[not_on_roll_key(worker.pk)],
        now=timezone.now(),
        resolution=f"Recorded as {label} by {actor.get_full_name() or actor.get_username()}.",
    )
    return worker


@transaction.atomic
def peer_worker_transfer(
    *,
    worker: PeerWorker,
    to: Establishment,
    actor: User,
    how: str = Movement.How.TRANSFER,
    location: Location | None = None,
    cell: str = "",
    now: datetime | None = None,
) -> Movement:
    """Moved to another prison on the system: contracts here end; the record goes with them.

    The sending prison keeps its own history through the Movement, and its staff notes unless
    they were marked "may travel". The receiving prison is told: an arrival flag for safer
    custody and the leads of its schemes that match the roles the person held.
    """
    now = now or timezone.now()
    if to.pk == worker.establishment_id:
        raise RuleError({"establishment": f"{worker.full_name} is already in {to}."})
    sending = worker.establishment
    end_open_contracts_for_system_reason(worker=worker, reason=EndReason.TRANSFERRED, actor=actor)
    events.custody_left.send(
        sender=PeerWorker,
        worker=worker,
        establishment=sending,
        actor=actor,
        status=PeerWorker.CustodyStatus.TRANSFERRED_OUT,
    )
    movement = Movement.objects.create(
        worker=worker,
        from_establishment=sending,
        to_establishment=to,
        moved_at=now,
        how=how,
        staff_notes_left="" if worker.staff_notes_may_travel else worker.staff_notes,
        recorded_by=actor,
    )
    if not worker.staff_notes_may_travel:
        worker.staff_notes = ""
    worker.staff_notes_may_travel = False
    worker.establishment = to
    worker.custody_status = PeerWorker.CustodyStatus.IN_CUSTODY
    worker.location = location
    worker.cell = cell
    save(worker, actor=actor, reason=f"Moved from {sending} to {to}")
    flags.flags_clear(
        kind=flags.Kind.NOT_ON_ROLL,
        keys=[not_on_roll_key(worker.pk)],
        now=now,
        resolution=f"Moved to {to}.",
    )
    arrival_flags_raise(movement=movement)
    return movement


# --- Arrivals and the roll -------------------------------------------------------------


def not_on_roll_key(worker_id: int) -> str:
    return f"not_on_roll:worker:{worker_id}"


def arrival_key(movement: Movement, scheme: Scheme | None) -> str:
    return f"arrival:movement:{movement.pk}:scheme:{scheme.pk if scheme else '-'}"


def arrival_summary(*, movement: Movement, contracts: list[Contract]) -> str:
    """The flag's words: "A1234BC arrived on B wing: Listener at HMP Northgate 1 March 2026 to 20 November 2026
    (transferred); Samaritans training 10 February 2026". Roles and training only, never notes."""
    worker = movement.worker
    wing = worker.location
    where = f"on {wing.name}" if wing is not None else f"at {movement.to_establishment}"
    roles = [
        f"{c.scheme.name} at {c.scheme.establishment} {long_date(c.start_date)} to "
        f"{long_date(c.ended_on or c.end_date)}"
        + (f" ({c.get_end_reason_display().lower()})" if c.end_reason else "")
        for c in contracts
    ]
    training = max(worker.listener_training.all(), key=lambda t: t.completed_on, default=None)
    if training is not None:
        roles.append(f"Samaritans training {long_date(training.completed_on)}")
    summary = f"{worker.prison_number} arrived {where}: " + "; ".join(roles)
    limit = flags.Flag.SUMMARY_LENGTH
    return summary if len(summary) <= limit else summary[: limit - 1] + "…"


def arrival_flags_raise(*, movement: Movement) -> list[flags.Flag]:
    """One "arriving peer worker" flag per scheme here that matches a role they held (so its
    lead hears), or one for safer custody alone if none matches. Nobody who never held a role
    is flagged: the roll moves many people, and only peer workers are news."""
    worker = movement.worker
    contracts = list(
        worker.contracts.select_related("scheme", "scheme__establishment").order_by("-start_date", "-pk")
    )
    if not contracts:
        return []
    presets = {c.scheme.preset for c in contracts if c.scheme.preset}
    matching: list[Scheme | None] = list(
        Scheme.objects.filter(establishment=movement.to_establishment, preset__in=presets)
    )
    summary = arrival_summary(movement=movement, contracts=contracts)
    return [
        flags.flag_raise(
            condition=flags.Condition(
                kind=flags.Kind.ARRIVAL,
                key=arrival_key(movement, scheme),
                establishment_id=movement.to_establishment_id,
                scheme_id=scheme.pk if scheme else None,
                worker_id=worker.pk,
                severity=flags.Severity.NOTICE,
                summary=summary,
            ),
            now=movement.moved_at,
        )
        for scheme in (matching or [None])
    ]
