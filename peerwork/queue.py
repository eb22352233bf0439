"""Queueing a background job after the change that needs it has committed."""

import logging

from django.db import transaction
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)


def after_commit(task, *args) -> None:
    """Queue `task` with `args` (plain values: ids, names) once the current transaction commits.

    The job only speeds up what the periodic sweep does anyway, so if the broker cannot be
    reached the person's change stands and their page works: the failure is logged and the next
    scheduled run catches up.
    """

    def send() -> None:
        try:
            task.delay(*args)
        except OperationalError:
            logger.warning(
                "Could not queue %s; its next scheduled run will catch up.", task.name, exc_info=True
            )

    transaction.on_commit(send)
