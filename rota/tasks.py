"""Celery tasks for the rota: thin wrappers that call one service. Each is safe to run twice.

The schedule lives in peerwork/celery.py; `manage.py rota_gaps` runs the same job by hand.
"""

from celery import shared_task

from rota.services import gaps


@shared_task(name="rota.rota_gaps")
def rota_gaps() -> dict:
    return vars(gaps.rota_gaps_sync())
