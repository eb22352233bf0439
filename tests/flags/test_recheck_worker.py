"""A change that clears a condition closes its flag within seconds, through a real Celery worker
(the filesystem broker here, Redis in CI): the change queues a re-check after it commits."""

from datetime import timedelta

import pytest
from django.utils import timezone

from flags.models import Flag
from schemes.models import SupervisionMeeting
from schemes.services.contracts import contract_issue, contract_renew, contract_sign
from schemes.services.meetings import meeting_record_held
from schemes.services.oversight import conditions_recheck
from schemes.services.schemes import scheme_lead_add
from tests.peerwork.test_oversight_worker import wait_until

pytestmark = pytest.mark.worker

SECONDS = 20


def _open(kind) -> bool:
    return Flag.objects.filter(kind=kind, resolved_at__isnull=True).exists()


def test_renewing_a_contract_closes_its_ending_flag_within_seconds(
    celery_worker, ending_contract, coordinator
):
    conditions_recheck(kinds=[Flag.Kind.CONTRACT_ENDING])
    assert _open(Flag.Kind.CONTRACT_ENDING)

    contract_renew(contract=ending_contract, actor=coordinator)

    assert wait_until(lambda: not _open(Flag.Kind.CONTRACT_ENDING), timeout=SECONDS)
    flag = Flag.objects.get(kind=Flag.Kind.CONTRACT_ENDING)
    assert (flag.resolved_by, flag.resolution) == (None, "Resolved automatically: the condition cleared.")


def test_naming_a_lead_closes_the_no_lead_flag_within_seconds(
    celery_worker, buddies, worker, coordinator, system_admin
):
    today = timezone.localdate()
    contract = contract_issue(worker=worker, scheme=buddies, actor=coordinator, start_date=today)
    contract_sign(contract=contract, signed_on=today, witnessed_by=coordinator, actor=coordinator)
    assert wait_until(lambda: _open(Flag.Kind.NO_LEAD), timeout=SECONDS)  # raised at once, too

    scheme_lead_add(scheme=buddies, user=coordinator, actor=system_admin)

    assert wait_until(lambda: not _open(Flag.Kind.NO_LEAD), timeout=SECONDS)


def test_holding_a_meeting_closes_the_cancelled_meeting_flag_within_seconds(
    celery_worker, ending_contract, listeners, coordinator
):
    now = timezone.now()
    SupervisionMeeting.objects.create(
        scheme=listeners,
        starts_at=now - timedelta(days=3),
        status=SupervisionMeeting.Status.CANCELLED,
        cancelled_reason="The lead officer was redeployed.",
        cancelled_by=coordinator,
        cancelled_at=now - timedelta(days=4),
        lead=coordinator,
        created_by=coordinator,
    )
    conditions_recheck(kinds=[Flag.Kind.MEETINGS_CANCELLED])
    assert _open(Flag.Kind.MEETINGS_CANCELLED)
    held = SupervisionMeeting.objects.create(
        scheme=listeners, starts_at=now - timedelta(minutes=30), lead=coordinator, created_by=coordinator
    )
    held.invited.set([ending_contract.worker])

    meeting_record_held(meeting=held, attended=[ending_contract.worker], notes="", actor=coordinator)

    assert wait_until(lambda: not _open(Flag.Kind.MEETINGS_CANCELLED), timeout=SECONDS)
