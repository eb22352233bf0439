"""Reads for the peer work record: what a person has done, wherever they did it.

The record goes with the person, so these reads are not scoped to an establishment: the view
finds the worker through the scoped `peer_worker_get` first. Listener training and call-outs
belong to the rota app, which sits above this one; they are read through the worker's reverse
relations (`listener_training`, `call_outs`), never by importing rota.

Each read is one query however many contracts, meetings or call-outs the person has.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Q

from schemes import selectors
from schemes.models import Contract, PeerWorker, Scheme, SupervisionMeeting, Suspension


@dataclass(frozen=True)
class TrainingRecorded:
    name: str
    completed_on: date
    valid_until: date | None
    recorded_at: str


@dataclass(frozen=True)
class SupervisionAttendance:
    scheme: Scheme
    attended: int
    held: int


@dataclass(frozen=True)
class CallOutCount:
    establishment: str
    count: int


@dataclass(frozen=True)
class PeerWorkRecord:
    contracts: list[Contract]
    suspensions: list[tuple[Contract, Suspension]]
    training: list[TrainingRecorded]
    supervision: list[SupervisionAttendance]
    call_outs: list[CallOutCount]
    shows_call_outs: bool


def peer_worker_training(*, worker: PeerWorker) -> list[TrainingRecorded]:
    """The training recorded for this person (newest first), with the prison that recorded it."""
    return [
        TrainingRecorded(
            name="Samaritans Listener training",
            completed_on=training.completed_on,
            valid_until=training.valid_until,
            recorded_at=training.establishment.name,
        )
        for training in worker.listener_training.select_related("establishment").order_by(
            "-completed_on", "-pk"
        )
    ]


def peer_worker_supervision_attendance(
    *, worker: PeerWorker, schemes: list[Scheme]
) -> list[SupervisionAttendance]:
    """For each scheme, how many held meetings the person attended out of the held meetings they
    were invited to (or came to uninvited, while in the role). Cancelled, moved and never-recorded
    meetings do not count: nobody could attend them."""
    attended = Q(pk__in=worker.meetings_attended.values("pk"))
    counts = {
        row["scheme"]: row
        for row in SupervisionMeeting.objects.filter(
            Q(pk__in=worker.meetings_invited.values("pk")) | attended,
            status=SupervisionMeeting.Status.HELD,
        )
        .values("scheme")
        .annotate(held=Count("pk"), attended=Count("pk", filter=attended))
        .order_by()
    }
    return [
        SupervisionAttendance(
            scheme=scheme,
            attended=counts.get(scheme.pk, {}).get("attended", 0),
            held=counts.get(scheme.pk, {}).get("held", 0),
        )
        for scheme in schemes
    ]


def peer_worker_call_out_counts(*, worker: PeerWorker) -> list[CallOutCount]:
    """How many call-outs the person answered at each prison: counts only, never when, where or
    for whom. An archived call-out was corrected out of the record and does not count."""
    return [
        CallOutCount(establishment=row["establishment__name"], count=row["count"])
        for row in worker.call_outs.filter(archived_at__isnull=True)
        .values("establishment__name")
        .annotate(count=Count("pk"))
        .order_by("establishment__name")
    ]


def peer_work_record(*, worker: PeerWorker) -> PeerWorkRecord:
    contracts = list(selectors.peer_worker_contracts(worker=worker))
    schemes = list({contract.scheme_id: contract.scheme for contract in contracts}.values())
    call_outs = peer_worker_call_out_counts(worker=worker)
    return PeerWorkRecord(
        contracts=contracts,
        suspensions=[(contract, s) for contract in contracts for s in contract.suspensions.all()],
        training=peer_worker_training(worker=worker),
        supervision=peer_worker_supervision_attendance(worker=worker, schemes=schemes),
        call_outs=call_outs,
        shows_call_outs=bool(call_outs) or any(scheme.is_listeners for scheme in schemes),
    )
