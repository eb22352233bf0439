"""The oversight sweep: each rule at its boundaries, run twice, and set-based."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from flags.models import Flag
from schemes.models import Contract, SupervisionMeeting
from schemes.services.contracts import contract_issue, contract_renew, contract_sign
from schemes.services.oversight import oversight_sweep
from schemes.services.schemes import scheme_lead_end
from tests.factories import PeerWorkerFactory

LONDON = ZoneInfo("Europe/London")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _monday_23_november(time_machine):
    """Every test starts on Monday 23 November 2026, before its fixtures run, so the shared
    `active_contract` runs from 1 November 2026 to 1 May 2027 and the dates below are its own."""
    time_machine.move_to(at("2026-11-23"), tick=False)


def open_flags(kind=None):
    flags = Flag.objects.filter(resolved_at__isnull=True)
    return flags.filter(kind=kind) if kind else flags


def _meeting(scheme, starts_at, status, actor, **extra):
    if status == SupervisionMeeting.Status.CANCELLED:
        extra |= {"cancelled_reason": "Lead redeployed", "cancelled_by": actor, "cancelled_at": starts_at}
    return SupervisionMeeting.objects.create(
        scheme=scheme, starts_at=starts_at, status=status, created_by=actor, lead=actor, **extra
    )


# --- Contracts ending: 28, 14 and 7 days -------------------------------------------------


@pytest.mark.parametrize(
    ("today", "severity"),
    [
        ("2027-04-02", None),  # 29 days before 1 May: nothing yet
        ("2027-04-03", Flag.Severity.NOTICE),  # exactly 28 days
        ("2027-04-17", Flag.Severity.WARNING),  # exactly 14 days
        ("2027-04-24", Flag.Severity.URGENT),  # exactly 7 days
        ("2027-04-30", Flag.Severity.URGENT),  # the day before
    ],
)
def test_a_contract_ending_is_flagged_at_each_lead_time(active_contract, time_machine, today, severity):
    time_machine.move_to(at(today), tick=False)
    oversight_sweep()
    flags = list(open_flags(Flag.Kind.CONTRACT_ENDING))
    assert [f.severity for f in flags] == ([severity] if severity else [])


def test_one_flag_per_contract_escalates_rather_than_three(active_contract, time_machine):
    for day in ("2027-04-03", "2027-04-17", "2027-04-24"):
        time_machine.move_to(at(day), tick=False)
        oversight_sweep()
    flag = Flag.objects.get(kind=Flag.Kind.CONTRACT_ENDING)
    assert flag.severity == Flag.Severity.URGENT
    assert flag.escalated_at is not None
    assert "7 days" in flag.summary


def test_renewal_resolves_the_ending_flag(active_contract, coordinator, time_machine):
    time_machine.move_to(at("2027-04-10"), tick=False)
    oversight_sweep()
    assert open_flags(Flag.Kind.CONTRACT_ENDING).count() == 1
    contract_renew(contract=active_contract, actor=coordinator)
    oversight_sweep()
    flag = Flag.objects.get(kind=Flag.Kind.CONTRACT_ENDING)
    assert flag.resolved_at is not None
    assert flag.resolved_by is None
    assert not open_flags(Flag.Kind.CONTRACT_ENDING).exists()


# --- Expiry -------------------------------------------------------------------------------


def test_on_the_day_of_expiry_the_contract_expires_and_is_flagged_once(active_contract, time_machine):
    time_machine.move_to(at("2027-04-30", 23), tick=False)
    oversight_sweep()
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE

    time_machine.move_to(at("2027-05-01", 0), tick=False)
    first = oversight_sweep()
    second = oversight_sweep()
    active_contract.refresh_from_db()
    assert (first.expired, second.expired) == (1, 0)
    assert active_contract.status == Contract.Status.EXPIRED
    assert active_contract.end_reason == "expired"
    assert active_contract.history.first().history_change_reason == "Expired: past its end date"
    assert open_flags(Flag.Kind.CONTRACT_EXPIRED).count() == 1
    assert not open_flags(Flag.Kind.CONTRACT_ENDING).exists()


def test_a_new_contract_resolves_the_expired_flag(active_contract, coordinator, time_machine):
    time_machine.move_to(at("2027-05-02"), tick=False)
    oversight_sweep()
    contract = contract_issue(
        worker=active_contract.worker,
        scheme=active_contract.scheme,
        actor=coordinator,
        start_date=date(2027, 5, 2),
    )
    contract_sign(contract=contract, signed_on=date(2027, 5, 2), witnessed_by=coordinator, actor=coordinator)
    oversight_sweep()
    assert not open_flags(Flag.Kind.CONTRACT_EXPIRED).exists()


def test_the_local_date_decides_across_the_clock_change(active_contract, time_machine):
    """At 23:30 UTC on 30 April 2027 it is already 1 May in London (BST): the contract expires."""
    time_machine.move_to(datetime(2027, 4, 30, 22, 59, tzinfo=ZoneInfo("UTC")), tick=False)
    assert oversight_sweep().expired == 0
    time_machine.move_to(datetime(2027, 4, 30, 23, 30, tzinfo=ZoneInfo("UTC")), tick=False)
    assert oversight_sweep().expired == 1


def test_the_spring_clock_change_does_not_shift_the_28_day_notice(
    listeners, worker, coordinator, time_machine
):
    """28 days before 25 April 2027 is 28 March, the night the clocks go forward."""
    time_machine.move_to(at("2026-10-20"), tick=False)
    contract = contract_issue(
        worker=worker,
        scheme=listeners,
        actor=coordinator,
        start_date=date(2026, 10, 25),
        end_date=date(2027, 4, 25),
    )
    contract_sign(
        contract=contract, signed_on=date(2026, 10, 20), witnessed_by=coordinator, actor=coordinator
    )
    time_machine.move_to(datetime(2027, 3, 28, 0, 30, tzinfo=LONDON), tick=False)
    oversight_sweep()
    assert open_flags(Flag.Kind.CONTRACT_ENDING).get().severity == Flag.Severity.NOTICE


# --- Supervision -------------------------------------------------------------------------------


def test_supervision_is_overdue_after_cadence_plus_grace_and_escalates_past_twice(
    listeners, active_contract, coordinator, time_machine
):
    _meeting(listeners, at("2026-11-02"), SupervisionMeeting.Status.HELD, coordinator)
    # Listeners meet every 14 days; grace is 7 days: overdue from day 22, urgent from day 29.
    time_machine.move_to(at("2026-11-23"), tick=False)  # 21 days
    oversight_sweep()
    assert not open_flags(Flag.Kind.SUPERVISION_OVERDUE).exists()
    time_machine.move_to(at("2026-11-24"), tick=False)  # 22 days
    oversight_sweep()
    assert open_flags(Flag.Kind.SUPERVISION_OVERDUE).get().severity == Flag.Severity.WARNING
    time_machine.move_to(at("2026-12-01"), tick=False)  # 29 days
    oversight_sweep()
    assert open_flags(Flag.Kind.SUPERVISION_OVERDUE).get().severity == Flag.Severity.URGENT


def test_holding_a_meeting_resolves_overdue_supervision(
    listeners, active_contract, coordinator, time_machine
):
    time_machine.move_to(at("2026-12-10"), tick=False)
    oversight_sweep()
    assert open_flags(Flag.Kind.SUPERVISION_OVERDUE).exists()
    _meeting(listeners, at("2026-12-10", 8), SupervisionMeeting.Status.HELD, coordinator)
    oversight_sweep()
    assert not open_flags(Flag.Kind.SUPERVISION_OVERDUE).exists()


def test_a_scheme_with_nobody_in_role_is_never_overdue(schemes, time_machine):
    time_machine.move_to(at("2027-06-01"), tick=False)
    oversight_sweep()
    assert not open_flags().exists()


def test_two_cancellations_in_a_row_escalate_one_flag(listeners, active_contract, coordinator, time_machine):
    time_machine.move_to(at("2026-11-23"), tick=False)
    _meeting(listeners, at("2026-11-10"), SupervisionMeeting.Status.CANCELLED, coordinator)
    oversight_sweep()
    flag = open_flags(Flag.Kind.MEETINGS_CANCELLED).get()
    assert flag.severity == Flag.Severity.WARNING

    _meeting(listeners, at("2026-11-20"), SupervisionMeeting.Status.CANCELLED, coordinator)
    oversight_sweep()
    flag = open_flags(Flag.Kind.MEETINGS_CANCELLED).get()
    assert flag.severity == Flag.Severity.URGENT
    assert "2 supervision meetings cancelled in a row" in flag.summary

    _meeting(listeners, at("2026-11-22"), SupervisionMeeting.Status.HELD, coordinator)
    oversight_sweep()
    assert not open_flags(Flag.Kind.MEETINGS_CANCELLED).exists()


def test_a_scheme_whose_lead_left_is_flagged_until_a_new_lead(
    listeners, active_contract, coordinator, system_admin, time_machine
):
    time_machine.move_to(at("2026-11-23"), tick=False)
    oversight_sweep()
    assert not open_flags(Flag.Kind.NO_LEAD).exists()
    scheme_lead_end(lead=listeners.leads.get(), actor=system_admin)
    oversight_sweep()
    assert open_flags(Flag.Kind.NO_LEAD).get().scheme == listeners


# --- Idempotent and set-based ------------------------------------------------------------------


def test_running_the_sweep_twice_opens_no_duplicate(active_contract, listeners, coordinator, time_machine):
    time_machine.move_to(at("2027-04-20"), tick=False)
    _meeting(listeners, at("2027-04-01"), SupervisionMeeting.Status.CANCELLED, coordinator)
    oversight_sweep()
    before = list(Flag.objects.order_by("pk").values_list("pk", "severity", "resolved_at"))
    second = oversight_sweep()
    assert (second.flags.opened, second.flags.escalated, second.flags.resolved) == (0, 0, 0)
    assert list(Flag.objects.order_by("pk").values_list("pk", "severity", "resolved_at")) == before
    assert {f.kind for f in open_flags()} == {"contract_ending", "meetings_cancelled", "supervision_overdue"}


def _grow(establishment, listeners, coordinator, n):
    for worker in PeerWorkerFactory.create_batch(n, establishment=establishment):
        contract = contract_issue(
            worker=worker,
            scheme=listeners,
            actor=coordinator,
            start_date=date(2026, 5, 20),
            end_date=date(2026, 12, 1),
        )
        contract_sign(
            contract=contract, signed_on=date(2026, 5, 20), witnessed_by=coordinator, actor=coordinator
        )
        _meeting(
            listeners, timezone.now() - timedelta(days=3), SupervisionMeeting.Status.CANCELLED, coordinator
        )
    expiring = PeerWorkerFactory.create_batch(n, establishment=establishment)
    for worker in expiring:
        contract_issue(
            worker=worker,
            scheme=listeners,
            actor=coordinator,
            start_date=date(2026, 5, 1),
            end_date=date(2026, 11, 20),
        )


def test_the_sweep_query_count_does_not_grow_with_rows(
    establishment, listeners, coordinator, time_machine, django_assert_num_queries
):
    time_machine.move_to(at("2026-11-23"), tick=False)
    _grow(establishment, listeners, coordinator, 2)
    oversight_sweep()  # settle: the second run at each size measures a steady state plus one new batch
    _grow(establishment, listeners, coordinator, 1)
    with django_assert_num_queries(QUERIES) as small:
        oversight_sweep()
    _grow(establishment, listeners, coordinator, 12)
    with django_assert_num_queries(QUERIES) as large:
        result = oversight_sweep()
    assert result.expired == 12
    assert len(small.captured_queries) == len(large.captured_queries)


# 27, and 4 since issue 13 for the unsigned-renewal condition (its read and its sync), whatever
# the number of rows; 23 since a sync that changes nothing opens no transaction and locks no flag
# (per kind: the conditions' read and the open flags'; a savepoint, insert and release where new).
QUERIES = 23
