"""A change that queues a follow-up job stands, and its page works, when the broker is down.

tests/peerwork/test_outages.py takes a real Redis away from a real server; this is the quick check.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from schemes import tasks
from schemes.models import SupervisionMeeting
from schemes.services.meetings import meeting_schedule


def test_cancelling_a_meeting_works_when_the_broker_is_down(
    client_for, coordinator, listeners, monkeypatch, time_machine, django_capture_on_commit_callbacks, caplog
):
    time_machine.move_to(datetime(2026, 11, 23, 9, tzinfo=ZoneInfo("Europe/London")), tick=False)
    meeting = meeting_schedule(
        scheme=listeners,
        starts_at=datetime(2026, 11, 25, 14, tzinfo=ZoneInfo("Europe/London")),
        place="Chapel",
        lead=coordinator,
        actor=coordinator,
    )

    def result_store_down(*args, **kwargs):  # what Celery's Redis result backend raised in the field
        raise RuntimeError(
            "Retry limit exceeded while trying to reconnect to the Celery redis result store backend."
        )

    monkeypatch.setattr(tasks.flags_recheck, "apply_async", result_store_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(
            reverse("schemes:meeting_cancel", args=[meeting.pk]), {"reason": "Lead redeployed"}
        )

    assert response.url == reverse("schemes:meeting_detail", args=[meeting.pk])
    meeting.refresh_from_db()
    assert meeting.status == SupervisionMeeting.Status.CANCELLED
    assert "Could not queue schemes.flags_recheck (RuntimeError" in caplog.text
    assert "its next scheduled run will catch up" in caplog.text


def test_a_bulk_change_queues_each_follow_up_job_once(db, django_capture_on_commit_callbacks):
    from django.db import transaction

    from peerwork.queue import after_commit
    from rota import tasks as rota_tasks

    with django_capture_on_commit_callbacks() as queued, transaction.atomic():
        for _ in range(3):
            after_commit(tasks.flags_recheck, ["no_lead"])
            after_commit(rota_tasks.rota_gaps)
        after_commit(tasks.flags_recheck, ["supervision_overdue"])
    assert [callback.queues for callback in queued] == [
        ("schemes.flags_recheck", "(['no_lead'],)"),
        ("rota.rota_gaps", "()"),
        ("schemes.flags_recheck", "(['supervision_overdue'],)"),
    ]


def test_a_follow_up_asked_for_in_a_savepoint_that_rolls_back_is_dropped_with_it(
    db, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from peerwork.queue import after_commit
    from rota import tasks as rota_tasks

    with django_capture_on_commit_callbacks() as queued, transaction.atomic():
        try:
            with transaction.atomic():
                after_commit(rota_tasks.rota_gaps)
                raise RuntimeError("refused")
        except RuntimeError:
            pass
        after_commit(rota_tasks.rota_gaps)
    assert [callback.queues for callback in queued] == [("rota.rota_gaps", "()")]
