"""Celery tasks for one-to-one support: thin wrappers that call one service. Each is safe to run twice.

The schedule lives in peerwork/celery.py; `manage.py support_oversight` runs the same job by hand.
"""

from celery import shared_task

from support import oversight


@shared_task(name="support.support_oversight")
def support_oversight() -> dict:
    return vars(oversight.support_oversight_sync())
