"""Celery tasks: thin wrappers that call one service. Each is safe to run twice.

Schedules live in peerwork/celery.py; each task has a management command that runs the same code.
"""

from celery import shared_task

from schemes.services import digests, oversight


@shared_task(name="schemes.oversight_sweep")
def oversight_sweep() -> dict:
    result = oversight.oversight_sweep()
    return {"expired": result.expired, **vars(result.flags)}


@shared_task(name="schemes.flags_recheck")
def flags_recheck(kinds: list[str]) -> dict:
    """Queued after a change that can clear (or raise) these condition kinds commits, so their flags
    open or close at once rather than at the next hourly sweep."""
    return vars(oversight.conditions_recheck(kinds=kinds))


@shared_task(name="schemes.digests_write")
def digests_write() -> int:
    return digests.digests_write()


@shared_task(name="schemes.outbox_send")
def outbox_send() -> int:
    return digests.outbox_send()
