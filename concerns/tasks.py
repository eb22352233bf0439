"""Celery tasks for concerns: thin wrappers that call one service. Each is safe to run twice.

The schedule lives in peerwork/celery.py; `manage.py concerns_overdue` runs the same job by hand.
"""

from celery import shared_task

from concerns.services import concerns_overdue_sync


@shared_task(name="concerns.concerns_overdue")
def concerns_overdue() -> dict:
    return vars(concerns_overdue_sync())
