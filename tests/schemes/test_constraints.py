"""The database holds the invariants even when forms and services are bypassed."""

from datetime import date

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from schemes.models import Application, Contract, PeerWorker, RoleDescription, Suspension


def _raw_contract(contract: Contract, **changes) -> Contract:
    copy = Contract.objects.get(pk=contract.pk)
    copy.pk = None
    copy.id = None
    for name, value in changes.items():
        setattr(copy, name, value)
    return copy


def test_a_second_open_contract_for_one_scheme_is_refused(active_contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        _raw_contract(active_contract, status=Contract.Status.AWAITING_SIGNATURE, signed_on=None).save()


def test_an_ended_contract_does_not_block_a_new_one(active_contract, coordinator):
    Contract.objects.filter(pk=active_contract.pk).update(
        status=Contract.Status.ENDED,
        end_reason="completed",
        ended_on=date(2026, 11, 20),
        ended_by=coordinator,
    )
    _raw_contract(active_contract, status=Contract.Status.AWAITING_SIGNATURE, signed_on=None).save()
    assert Contract.objects.filter(worker=active_contract.worker).count() == 2


def test_a_contract_cannot_end_before_it_starts(active_contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=active_contract.pk).update(end_date=date(2026, 10, 1))


def test_a_contract_cannot_end_on_the_day_it_starts(active_contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=active_contract.pk).update(end_date=active_contract.start_date)


def test_a_closed_contract_needs_a_reason_and_date(active_contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=active_contract.pk).update(status=Contract.Status.ENDED)


def test_a_dismissal_needs_a_sub_reason(active_contract, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=active_contract.pk).update(
            status=Contract.Status.ENDED, end_reason="dismissed", ended_on=date(2026, 11, 20)
        )


def test_an_active_contract_must_have_been_signed(active_contract):
    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.filter(pk=active_contract.pk).update(signed_on=None)


def test_only_one_open_suspension_per_contract(active_contract, coordinator):
    Suspension.objects.create(
        contract=active_contract,
        starts_on=date(2026, 11, 10),
        reason="x",
        created_by=coordinator,
        created_at=timezone.now(),
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Suspension.objects.create(
            contract=active_contract,
            starts_on=date(2026, 11, 12),
            reason="y",
            created_by=coordinator,
            created_at=timezone.now(),
        )


def test_a_suspension_cannot_end_before_it_starts(active_contract, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Suspension.objects.create(
            contract=active_contract,
            starts_on=date(2026, 11, 10),
            ends_on=date(2026, 11, 9),
            reason="x",
            created_by=coordinator,
            created_at=timezone.now(),
        )


def test_a_malformed_prison_number_is_refused(worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorker.objects.filter(pk=worker.pk).update(prison_number="1234ABC")


def test_a_prison_number_is_unique(worker):
    with pytest.raises(IntegrityError), transaction.atomic():
        PeerWorker.objects.create(
            prison_number="A1234BC", first_name="X", last_name="Y", establishment=worker.establishment
        )


def test_one_open_application_per_worker_and_scheme(listeners, worker, coordinator):
    Application.objects.create(
        worker=worker, scheme=listeners, received_on=date(2026, 11, 1), created_by=coordinator
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            worker=worker, scheme=listeners, received_on=date(2026, 11, 2), created_by=coordinator
        )


def test_a_declined_application_needs_a_reason(listeners, worker, coordinator):
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            worker=worker,
            scheme=listeners,
            received_on=date(2026, 11, 1),
            created_by=coordinator,
            status="declined",
            decided_by=coordinator,
            decided_at=timezone.now(),
        )


def test_role_description_versions_are_unique_per_scheme(listeners):
    current = listeners.role_descriptions.get()
    current.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        current.save()
    assert RoleDescription.objects.filter(scheme=listeners).count() == 1
