"""The oversight jobs through a real Celery worker (the filesystem broker here, Redis in CI).

Run twice, the sweep opens no duplicate flag and the digest goes out once; a condition that
clears resolves its flag on the next sweep through the worker.
"""

import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.utils import timezone

from flags.models import Flag
from peerwork.celery import app
from schemes import tasks
from schemes.models import OutboxEmail, SupervisionMeeting
from schemes.services.contracts import contract_issue, contract_renew, contract_sign

TIMEOUT = 60


@pytest.fixture
def celery_worker(transactional_db):
    import celery.contrib.testing.tasks  # noqa: F401  registers celery.ping for the start-up check

    with start_worker(
        app,
        pool="solo",
        perform_ping_check=True,
        ping_task_timeout=30,
        shutdown_timeout=30,
        loglevel="WARNING",
    ) as worker:
        yield worker


@pytest.fixture
def ending_contract(listeners, worker, coordinator, approved_application):
    """Started ten days ago and ending in ten: inside the warning lead times, supervision not yet due."""
    today = timezone.localdate()
    contract = contract_issue(
        worker=worker,
        scheme=listeners,
        actor=coordinator,
        start_date=today - timedelta(days=10),
        end_date=today + timedelta(days=10),
        application=approved_application,
    )
    return contract_sign(
        contract=contract, signed_on=today - timedelta(days=10), witnessed_by=coordinator, actor=coordinator
    )


@pytest.fixture
def cancelled_meeting(listeners, coordinator):
    starts_at = timezone.make_aware(datetime.combine(timezone.localdate() - timedelta(days=2), clock(14)))
    return SupervisionMeeting.objects.create(
        scheme=listeners,
        starts_at=starts_at,
        status=SupervisionMeeting.Status.CANCELLED,
        cancelled_reason="The lead officer was redeployed to another wing.",
        cancelled_by=coordinator,
        cancelled_at=starts_at - timedelta(hours=3),
        lead=coordinator,
        created_by=coordinator,
    )


def wait_until(condition, timeout: float = TIMEOUT) -> bool:
    """Poll `condition` until it holds or `timeout` seconds pass: the worker runs in its own thread."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def _open_flags():
    return sorted(Flag.objects.filter(resolved_at__isnull=True).values_list("kind", "key"))


@pytest.mark.worker
def test_the_sweep_and_digest_through_a_real_worker_run_once_and_clear(
    celery_worker, ending_contract, cancelled_meeting, listeners, coordinator
):
    coordinator.email = "coordinator@justice.example"
    coordinator.save(update_fields=["email"])
    expected = [
        (Flag.Kind.CONTRACT_ENDING, f"contract_ending:contract:{ending_contract.pk}"),
        (Flag.Kind.MEETINGS_CANCELLED, f"meetings_cancelled:scheme:{listeners.pk}"),
    ]

    tasks.oversight_sweep.delay().get(timeout=TIMEOUT)
    second = tasks.oversight_sweep.delay().get(timeout=TIMEOUT)
    assert second["opened"] == 0
    assert _open_flags() == expected

    for _ in range(2):
        tasks.digests_write.delay().get(timeout=TIMEOUT)
        tasks.outbox_send.delay().get(timeout=TIMEOUT)
    assert OutboxEmail.objects.count() == 1
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["coordinator@justice.example"]
    assert digest.subject == "Peer work: 2 flags need attention"
    assert "a supervision meeting was cancelled" in digest.body
    assert "contract ends" in digest.body

    contract_renew(contract=ending_contract, actor=coordinator)  # re-checks its flags after commit
    assert wait_until(lambda: _open_flags() == expected[1:])
    assert tasks.oversight_sweep.delay().get(timeout=TIMEOUT)["resolved"] == 0
    ending_flag = Flag.objects.get(kind=Flag.Kind.CONTRACT_ENDING)
    assert ending_flag.resolved_by is None
    assert ending_flag.resolution.startswith("Resolved automatically")

    tasks.digests_write.delay().get(timeout=TIMEOUT)
    tasks.outbox_send.delay().get(timeout=TIMEOUT)
    assert len(mail.outbox) == 1
