"""Building concerns for tests: a peer worker in role, and a concern raised through them."""

from datetime import timedelta

from django.utils import timezone

from concerns.models import Concern, Topic
from concerns.services import concern_raise
from schemes.models import Contract, PeerWorker
from schemes.services import contracts


def in_role(*, worker: PeerWorker, scheme, actor, days_ago: int = 30) -> Contract:
    """A signed contract in `scheme` that started `days_ago` days ago."""
    starts_on = timezone.localdate() - timedelta(days=days_ago)
    contract = contracts.contract_issue(worker=worker, scheme=scheme, actor=actor, start_date=starts_on)
    return contracts.contract_sign(contract=contract, signed_on=starts_on, witnessed_by=actor, actor=actor)


def raised_concern(contract: Contract, topic: Topic, *, now=None, **fields) -> Concern:
    values = {
        "affects": Concern.Affects.SEVERAL,
        "problem": "Evening medication comes after bang-up, so people miss it.",
        "location": contract.worker.location,
    } | fields
    return concern_raise(worker=contract.worker, contract=contract, topic=topic, now=now, **values)
