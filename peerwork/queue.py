"""Queueing a background job after the change that needs it has committed."""

import logging

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def after_commit(task: Task, *args: object) -> None:
    """Queue `task` with `args` (plain values: ids, names) once the current transaction commits.

    The job only speeds up what the periodic sweep does anyway, so if the broker cannot be
    reached the person's change stands and their page works: the failure is logged once, with
    the task's name, and the next scheduled run catches up. Nobody waits for the answer, so the
    result store is not touched, and the publish is tried once, within the broker's short
    connect timeout (settings, "Background jobs"), never retried inside a request.

    Queued once per transaction: renewing fifty contracts in one go asks for one re-check, not
    fifty. A request made inside a savepoint that may still roll back is kept unless the same one
    is already waiting outside it.
    """
    connection = transaction.get_connection()
    wanted = (task.name, repr(args))
    if connection.in_atomic_block:
        savepoints = set(connection.savepoint_ids)
        for registered_in, waiting, _robust in connection.run_on_commit:
            if getattr(waiting, "queues", None) == wanted and registered_in <= savepoints:
                return

    def send() -> None:
        try:
            task.apply_async(args=args, ignore_result=True, retry=False)
        except Exception as error:  # whatever the broker's client raises, the change has been saved
            logger.warning(
                "Could not queue %s (%s: %s); its next scheduled run will catch up.",
                task.name,
                type(error).__name__,
                error,
            )

    setattr(send, "queues", wanted)  # noqa: B010 (a function declares no attributes of its own)
    transaction.on_commit(send)
