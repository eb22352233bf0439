"""Celery tasks for welfare: thin wrappers that call one service. Each is safe to run twice.

The schedule lives in peerwork/celery.py; `manage.py welfare_oversight` runs the same job by hand.
"""

from celery import shared_task

from welfare import oversight


@shared_task(name="welfare.welfare_oversight")
def welfare_oversight() -> dict:
    return vars(oversight.welfare_oversight_sync())
