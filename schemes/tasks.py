"""Celery tasks: thin wrappers that call one service. Each is safe to run twice.

Schedules live in peerwork/celery.py; each task has a management command that runs the same code.
"""

from celery import shared_task
from django.utils import timezone

from schemes.services import digests, flags


@shared_task(name="schemes.oversight_sweep")
def oversight_sweep() -> dict:
    result = flags.oversight_sweep()
    return {"expired": result.expired, **vars(result.flags)}


@shared_task(name="schemes.meetings_cancelled_sweep")
def meetings_cancelled_sweep() -> dict:
    """Queued after a cancellation commits, so the flag opens at once rather than at the next sweep."""
    return vars(flags.meetings_cancelled_sync(now=timezone.now()))


@shared_task(name="schemes.digests_write")
def digests_write() -> int:
    return digests.digests_write()


@shared_task(name="schemes.outbox_send")
def outbox_send() -> int:
    return digests.outbox_send()
