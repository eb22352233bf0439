"""Peer workers (prisoners): their record, custody changes and transfers."""

from django.db import transaction

from accounts.models import User
from establishments.models import Establishment
from peerwork.records import save
from schemes import events
from schemes.models import EndReason, PeerWorker
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
    return worker


@transaction.atomic
def peer_worker_transfer(*, worker: PeerWorker, to: Establishment, actor: User) -> PeerWorker:
    """Moved to another prison on the system: contracts here end; the record goes with them."""
    if to.pk == worker.establishment_id:
        raise RuleError({"establishment": f"{worker.full_name} is already in {to}."})
    end_open_contracts_for_system_reason(worker=worker, reason=EndReason.TRANSFERRED, actor=actor)
    events.custody_left.send(
        sender=PeerWorker,
        worker=worker,
        establishment=worker.establishment,
        actor=actor,
        status=PeerWorker.CustodyStatus.TRANSFERRED_OUT,
    )
    worker.establishment = to
    worker.custody_status = PeerWorker.CustodyStatus.IN_CUSTODY
    worker.location = None
    worker.cell = ""
    save(worker, actor=actor, reason=f"Transferred to {to}")
    return worker
