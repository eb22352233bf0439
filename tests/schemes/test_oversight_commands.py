"""The management commands that run the oversight jobs by hand, and the tasks that run the same code."""

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command

from flags.models import Flag
from schemes import tasks
from schemes.models import Contract, OutboxEmail, SupervisionMeeting

LONDON = ZoneInfo("Europe/London")
MORNING = datetime(2026, 11, 23, 7, 15, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _morning(time_machine):
    time_machine.move_to(MORNING, tick=False)


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue().strip()


def _meeting(scheme, status, actor, starts_at):
    extra = {}
    if status == SupervisionMeeting.Status.CANCELLED:
        extra = {"cancelled_reason": "Lead redeployed", "cancelled_by": actor, "cancelled_at": starts_at}
    return SupervisionMeeting.objects.create(
        scheme=scheme, starts_at=starts_at, status=status, created_by=actor, lead=actor, **extra
    )


@pytest.fixture
def lead_with_email(listeners, coordinator):
    coordinator.email = "coordinator@justice.example"
    coordinator.save(update_fields=["email"])
    return coordinator


@pytest.fixture
def cancelled_meeting(listeners, coordinator):
    return _meeting(
        listeners, SupervisionMeeting.Status.CANCELLED, coordinator, datetime(2026, 11, 20, 14, tzinfo=LONDON)
    )


def test_oversight_sweep_reports_what_it_did_and_opens_nothing_twice(
    cancelled_meeting, listeners, coordinator
):
    assert run("oversight_sweep") == "Expired 0 contracts. Flags: 1 opened, 0 escalated, 0 resolved."
    assert run("oversight_sweep") == "Expired 0 contracts. Flags: 0 opened, 0 escalated, 0 resolved."

    _meeting(
        listeners, SupervisionMeeting.Status.HELD, coordinator, datetime(2026, 11, 22, 14, tzinfo=LONDON)
    )
    assert run("oversight_sweep") == "Expired 0 contracts. Flags: 0 opened, 0 escalated, 1 resolved."
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()


def test_oversight_sweep_expires_contracts_past_their_end(active_contract, time_machine):
    time_machine.move_to(datetime(2027, 5, 1, 0, 30, tzinfo=LONDON), tick=False)

    assert run("oversight_sweep").startswith("Expired 1 contract. Flags:")

    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.EXPIRED


def test_send_digests_writes_and_sends_once_a_day(lead_with_email, cancelled_meeting):
    run("oversight_sweep")

    assert run("send_digests") == "Wrote 1 digest. Sent 1 email."
    assert run("send_digests") == "Wrote 0 digests. Sent 0 emails."
    assert [message.to for message in mail.outbox] == [["coordinator@justice.example"]]
    assert "Listeners: a supervision meeting was cancelled." in mail.outbox[0].body


def test_send_outbox_sends_up_to_the_limit(coordinator):
    for index in range(2):
        OutboxEmail.objects.create(
            key=f"test:{index}",
            recipient=coordinator,
            to_address="coordinator@justice.example",
            subject="Peer work: 1 flag needs attention",
            body_text="Listeners: supervision overdue.",
            body_html="<p>Listeners: supervision overdue.</p>",
            created_at=MORNING,
        )

    assert run("send_outbox", "--limit", "1") == "Sent 1 email."
    assert run("send_outbox") == "Sent 1 email."
    assert run("send_outbox") == "Sent 0 emails."
    assert len(mail.outbox) == 2


def test_the_scheduled_tasks_run_the_same_jobs(lead_with_email, cancelled_meeting):
    assert tasks.oversight_sweep.apply().get()["opened"] == 1
    assert tasks.digests_write.apply().get() == 1
    assert tasks.outbox_send.apply().get() == 1
    assert tasks.digests_write.apply().get() == 0
    assert tasks.outbox_send.apply().get() == 0
    assert len(mail.outbox) == 1
