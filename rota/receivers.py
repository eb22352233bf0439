"""The rota's answers to the scheme domain's events (schemes.events); each calls one service."""

from django.dispatch import receiver

from rota.services import assignments
from schemes.events import role_changed, role_ended


@receiver(role_ended, dispatch_uid="rota.take_off_shifts_after_role_end")
def take_off_shifts(sender, *, contract, ended_on, actor, reason, **kwargs) -> None:
    assignments.assignments_take_off_after_role_end(
        worker_id=contract.worker_id,
        scheme_id=contract.scheme_id,
        from_day=ended_on,
        actor=actor,
        reason=reason,
    )


@receiver(role_changed, dispatch_uid="rota.recheck_gaps_after_role_change")
def recheck_gaps(sender, **kwargs) -> None:
    assignments.queue_gap_check()
