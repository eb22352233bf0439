from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from schemes.models import Contract, EndReason, PeerWorker
from schemes.rules import ChecksIncomplete, NotInCustody, OpenContractExists, OutsideContract
from schemes.services import applications, contracts, people
from schemes.services.schemes import role_description_publish, scheme_rate_set
from tests.factories import PeerWorkerFactory


@pytest.fixture(autouse=True)
def _monday_23_november(time_machine):
    """Every test starts on Monday 23 November 2026, before its fixtures run: the shared
    `active_contract` then runs from 1 November 2026 to 1 May 2027."""
    time_machine.move_to("2026-11-23 10:00:00+00:00", tick=False)


def test_a_contract_lasts_the_schemes_length_by_default(listeners, worker, coordinator):
    contract = contracts.contract_issue(
        worker=worker, scheme=listeners, actor=coordinator, start_date=date(2026, 8, 31)
    )
    assert contract.end_date == date(2027, 2, 28)
    assert contract.status == Contract.Status.AWAITING_SIGNATURE
    assert contract.role_description.version == 1
    assert contract.history.get().history_user == coordinator


def test_a_contract_follows_the_schemes_rate_unless_it_has_its_own(
    schemes, worker, other_worker, coordinator
):
    buddies = schemes["buddies"]
    follows = contracts.contract_issue(
        worker=worker, scheme=buddies, actor=coordinator, start_date=date(2026, 11, 1)
    )
    scheme_rate_set(
        scheme=buddies, weekly_rate_pence=900, effective_from=date(2026, 11, 23), actor=coordinator
    )
    follows = Contract.objects.get(pk=follows.pk)
    assert follows.weekly_pay_pence is None
    assert follows.weekly_pay == "£9.00"
    own = contracts.contract_issue(
        worker=worker,
        scheme=schemes["equality-representatives"],
        actor=coordinator,
        start_date=date(2026, 11, 1),
        weekly_pay_pence=600,
    )
    assert Contract.objects.get(pk=own.pk).weekly_pay == "£6.00"


def test_a_second_open_contract_is_refused_and_nothing_changes(active_contract, coordinator):
    with pytest.raises(OpenContractExists) as refused:
        contracts.contract_issue(
            worker=active_contract.worker,
            scheme=active_contract.scheme,
            actor=coordinator,
            start_date=date(2026, 12, 1),
        )
    assert "already has an open Listeners contract" in refused.value.message_dict["worker"][0]
    assert Contract.objects.count() == 1


def test_a_prisoner_who_has_left_cannot_be_given_a_contract(listeners, coordinator, establishment):
    released = PeerWorkerFactory(
        establishment=establishment, custody_status=PeerWorker.CustodyStatus.RELEASED
    )
    with pytest.raises(NotInCustody):
        contracts.contract_issue(
            worker=released, scheme=listeners, actor=coordinator, start_date=date(2026, 11, 1)
        )


def test_renewal_keeps_the_previous_contract(active_contract, coordinator, time_machine):
    renewal = contracts.contract_renew(contract=active_contract, actor=coordinator)

    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ENDED
    assert active_contract.end_reason == EndReason.RENEWED
    assert active_contract.end_date == date(2027, 5, 1)
    assert renewal.renewal_of == active_contract
    assert active_contract.ended_on == date(2026, 11, 23)
    assert (renewal.start_date, renewal.end_date) == (date(2026, 11, 23), date(2027, 11, 1))
    assert renewal.status == Contract.Status.ACTIVE
    assert renewal.signed_on is None


def test_the_renewal_preview_gives_the_dates_the_renewal_gets(active_contract, coordinator):
    preview = contracts.renewal_dates(contract=active_contract, today=timezone.localdate())
    renewal = contracts.contract_renew(contract=active_contract, actor=coordinator)
    assert preview == (renewal.start_date, renewal.end_date) == (date(2026, 11, 23), date(2027, 11, 1))


def test_a_renewal_from_a_month_end_ends_on_the_last_day_of_a_shorter_month(active_contract):
    active_contract.end_date = date(2026, 8, 31)
    today = timezone.localdate()
    assert contracts.renewal_dates(contract=active_contract, today=today).end_date == date(2027, 2, 28)
    three_months = contracts.renewal_dates(contract=active_contract, today=today, months=3)
    assert three_months.end_date == date(2026, 11, 30)


def test_renewal_is_under_the_current_role_description(active_contract, coordinator, listeners):
    current = listeners.role_descriptions.get()
    fields = {
        f: getattr(current, f)
        for f in (
            "purpose",
            "hours",
            "privileges",
            "pay",
            "training_required",
            "supervision",
            "confidentiality",
            "who_to_go_to",
            "not_part_of_role",
        )
    }
    role_description_publish(
        scheme=listeners, actor=coordinator, duties=current.duties + "\nKeep a duty log.", **fields
    )
    renewal = contracts.contract_renew(contract=active_contract, actor=coordinator)
    assert renewal.role_description.version == 2
    active_contract.refresh_from_db()
    assert active_contract.role_description.version == 1


def test_a_suspension_carries_over_on_renewal(active_contract, coordinator):
    contracts.contract_suspend(
        contract=active_contract,
        starts_on=timezone.localdate() - timedelta(days=3),
        ends_on=None,
        is_paid=False,
        reason="Adjudication",
        actor=coordinator,
    )
    renewal = contracts.contract_renew(contract=active_contract, actor=coordinator)
    assert renewal.status == Contract.Status.SUSPENDED
    assert renewal.suspensions.get().reason == "Adjudication"


def test_a_suspension_outside_the_contract_is_refused(active_contract, coordinator):
    with pytest.raises(OutsideContract) as refused:
        contracts.contract_suspend(
            contract=active_contract,
            starts_on=date(2026, 10, 1),
            ends_on=None,
            is_paid=False,
            reason="x",
            actor=coordinator,
        )
    assert "starts_on" in refused.value.message_dict
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE
    assert not active_contract.suspensions.exists()


def test_lifting_a_suspension_makes_the_contract_active_again(active_contract, coordinator):
    contracts.contract_suspend(
        contract=active_contract,
        starts_on=date(2026, 11, 20),
        ends_on=date(2026, 12, 20),
        is_paid=True,
        reason="Health",
        actor=coordinator,
    )
    contract = contracts.contract_lift_suspension(contract=active_contract, actor=coordinator)
    assert contract.status == Contract.Status.ACTIVE
    assert contract.suspensions.get().lifted_by == coordinator


def test_dismissal_needs_a_reason(active_contract, coordinator):
    with pytest.raises(ValidationError) as refused:
        contracts.contract_end(contract=active_contract, reason=EndReason.DISMISSED, actor=coordinator)
    assert "dismissal_reason" in refused.value.message_dict
    ended = contracts.contract_end(
        contract=active_contract,
        reason=EndReason.DISMISSED,
        dismissal_reason="confidentiality",
        actor=coordinator,
    )
    assert ended.status == Contract.Status.ENDED
    assert ended.ended_by == coordinator


def test_staff_cannot_choose_a_system_end_reason(active_contract, coordinator):
    with pytest.raises(ValidationError):
        contracts.contract_end(contract=active_contract, reason=EndReason.EXPIRED, actor=coordinator)


def test_bulk_renewal_is_all_or_nothing(active_contract, coordinator, schemes, establishment):
    other = PeerWorkerFactory(establishment=establishment)
    unsigned = contracts.contract_issue(
        worker=other, scheme=schemes["listeners"], actor=coordinator, start_date=date(2026, 11, 1)
    )
    with pytest.raises(ValidationError):
        contracts.contracts_renew(contracts=[active_contract, unsigned], actor=coordinator)
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ACTIVE
    assert Contract.objects.count() == 2


def test_release_ends_open_contracts_and_keeps_them(active_contract, coordinator):
    people.peer_worker_leave_custody(
        worker=active_contract.worker, status=PeerWorker.CustodyStatus.RELEASED, actor=coordinator
    )
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ENDED
    assert active_contract.end_reason == EndReason.RELEASED


def test_transfer_moves_the_record_and_ends_contracts_here(active_contract, coordinator, other_establishment):
    worker = people.peer_worker_transfer(
        worker=active_contract.worker, to=other_establishment, actor=coordinator
    ).worker
    active_contract.refresh_from_db()
    assert worker.establishment == other_establishment
    assert active_contract.end_reason == EndReason.TRANSFERRED
    assert list(worker.contracts.all()) == [active_contract]


def test_approval_waits_for_every_required_check(listeners, worker, coordinator):
    application = applications.application_create(
        worker=worker, scheme=listeners, actor=coordinator, received_on=date(2026, 11, 1)
    )
    assert application.checks.count() == 5
    first, *rest = application.checks.all()
    for check in rest:
        applications.application_check_record(check=check, outcome="passed", actor=coordinator)
    with pytest.raises(ChecksIncomplete) as refused:
        applications.application_approve(application=application, actor=coordinator)
    assert first.requirement.label in refused.value.messages[0]
    application.refresh_from_db()
    assert application.status == "received"

    applications.application_check_record(
        check=first, outcome="passed", actor=coordinator, note="Seen on NOMIS"
    )
    approved = applications.application_approve(application=application, actor=coordinator)
    assert approved.status == "approved"
    assert approved.decided_by == coordinator


def test_a_decline_needs_a_reason(listeners, worker, coordinator):
    application = applications.application_create(
        worker=worker, scheme=listeners, actor=coordinator, received_on=date(2026, 11, 1)
    )
    with pytest.raises(ValidationError):
        applications.application_decline(application=application, reason="  ", actor=coordinator)
    application.refresh_from_db()
    assert application.status == "received"


def test_a_coordinator_who_adds_a_scheme_leads_it(establishment, coordinator):
    from schemes.services.schemes import scheme_create

    scheme = scheme_create(
        establishment=establishment,
        actor=coordinator,
        name="Gym orderlies",
        summary="Help in the gym.",
        confidentiality="need_to_know",
        confidentiality_statement="Kept private.",
    )
    assert coordinator.has_perm("schemes.change_scheme", scheme)
