"""One-to-one support's answers to the scheme domain's events (schemes.events): when a mentor's
role ends, or the mentor or the resident leaves the prison, their pairs end in the same transaction,
with the system's reason; a new prison's Toe by Toe scheme gets its reading plan's first stages."""

from django.db.models import Q
from django.dispatch import receiver
from django.utils import timezone

from schemes.events import custody_left, establishment_set_up, role_ended
from schemes.models import Contract, PeerWorker, Scheme
from support.models import EndReason, Pair
from support.services import pairs_end_for_system_reason, reading_stages_ensure

LEFT = {
    PeerWorker.CustodyStatus.TRANSFERRED_OUT: (EndReason.MENTOR_MOVED, EndReason.LEARNER_MOVED),
    PeerWorker.CustodyStatus.RELEASED: (EndReason.MENTOR_RELEASED, EndReason.LEARNER_RELEASED),
}


@receiver(role_ended, dispatch_uid="support.end_pairs_when_the_mentors_role_ends")
def end_pairs_of_the_role(sender, *, contract, ended_on, actor, **kwargs) -> None:
    if Contract.objects.open().filter(worker_id=contract.worker_id, scheme_id=contract.scheme_id).exists():
        return  # still in the role under another open contract
    pairs = list(Pair.objects.open().filter(mentor_id=contract.worker_id, scheme_id=contract.scheme_id))
    pairs_end_for_system_reason(
        pairs=pairs, reason=EndReason.MENTOR_CONTRACT_ENDED, ended_on=ended_on, actor=actor
    )


@receiver(custody_left, dispatch_uid="support.end_pairs_when_someone_leaves")
def end_pairs_of_someone_who_left(sender, *, worker, actor, status, **kwargs) -> None:
    as_mentor, as_supported = LEFT[status]
    today = timezone.localdate()
    pairs = list(Pair.objects.open().filter(Q(mentor=worker) | Q(supported=worker)))
    for reason, group in (
        (as_mentor, [p for p in pairs if p.mentor_id == worker.pk]),
        (as_supported, [p for p in pairs if p.supported_id == worker.pk]),
    ):
        pairs_end_for_system_reason(pairs=group, reason=reason, ended_on=today, actor=actor)


@receiver(establishment_set_up, dispatch_uid="support.reading_plan_for_new_establishment")
def add_reading_stages(sender, *, establishment, actor, **kwargs) -> None:
    for scheme in Scheme.objects.filter(establishment=establishment, preset="toe-by-toe"):
        reading_stages_ensure(scheme=scheme, actor=actor)
