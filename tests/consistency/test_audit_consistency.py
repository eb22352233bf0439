"""The consistency audit: the demo audits clean, each seeded breach is found and flagged once for
system administrators, and the flag closes itself when the records agree again."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from consistency.checks import breaches
from consistency.services import consistency_audit
from flags.api import Flag, Kind
from kiosk.models import KioskCredential
from schemes.models import Application, Contract, PeerWorker, SchemeLead
from schemes.services.applications import application_create
from schemes.services.contracts import contract_issue
from tests.factories import PeerWorkerFactory

# One query per invariant, and the condition checks' own: the same for 1 breach or 1,000.
# (13 since issue 13 added the unsigned-renewal condition, which the audit checks as well.)
QUERIES = 13


def open_consistency_flags():
    return Flag.objects.filter(kind=Kind.CONSISTENCY, resolved_at__isnull=True)


def test_the_demo_audits_clean(db, capsys):
    call_command("load_demo")
    call_command("audit_consistency")
    assert "0 breaches found" in capsys.readouterr().out
    assert not open_consistency_flags().exists()


def test_a_breach_is_flagged_once_and_closes_when_mended(active_contract):
    application = active_contract.application
    Application.objects.filter(pk=application.pk).update(status=Application.Status.RECEIVED)

    first, _ = consistency_audit()
    second, again = consistency_audit()
    assert [b.key for b in first] == [f"application_of_contract_holder:{application.pk}"]
    assert [b.key for b in second] == [b.key for b in first]
    assert again.opened == 0
    flag = open_consistency_flags().get()
    assert "open Listeners application and already an open contract" in flag.summary

    Application.objects.filter(pk=application.pk).update(status=Application.Status.APPROVED)
    consistency_audit()
    flag.refresh_from_db()
    assert flag.resolved_at is not None


def test_the_command_names_each_breach_and_fails(active_contract, capsys):
    Application.objects.filter(pk=active_contract.application_id).update(status=Application.Status.RECEIVED)
    with pytest.raises(SystemExit):
        call_command("audit_consistency")
    assert "1 breach found" in capsys.readouterr().out


def test_it_finds_an_open_condition_flag_whose_condition_cleared(listeners):
    Flag.objects.create(
        kind=Kind.NO_LEAD,
        key=f"no_lead:scheme:{listeners.pk}",
        establishment=listeners.establishment,
        scheme=listeners,
        severity=Flag.Severity.URGENT,
        summary="Listeners has peer workers but no staff lead.",
        opened_at=timezone.now(),
    )
    assert SchemeLead.objects.filter(scheme=listeners, ended_on__isnull=True).exists()
    assert [b.key.split(":")[0] for b in breaches()] == ["flag_condition_cleared"]


def test_it_finds_a_kiosk_pin_for_someone_released(worker, worker_pin):
    PeerWorker.objects.filter(pk=worker.pk).update(custody_status=PeerWorker.CustodyStatus.RELEASED)
    credential = KioskCredential.objects.get(worker=worker)
    assert [b.key for b in breaches()] == [f"pin_not_in_custody:{credential.pk}"]


def test_it_finds_a_contract_under_another_schemes_role_description(active_contract, schemes):
    other = schemes["buddies"].role_descriptions.get()
    Contract.objects.filter(pk=active_contract.pk).update(role_description=other)
    assert [b.key for b in breaches()] == [f"contract_role_of_other_scheme:{active_contract.pk}"]


def test_a_release_withdraws_the_kiosk_pin_so_nothing_is_left_to_find(worker, worker_pin, manager):
    from schemes.services.people import peer_worker_leave_custody

    peer_worker_leave_custody(worker=worker, status=PeerWorker.CustodyStatus.RELEASED, actor=manager)
    assert not KioskCredential.objects.filter(worker=worker).exists()
    assert KioskCredential.history.filter(worker_id=worker.pk, history_type="-").get().history_user == manager
    assert breaches() == []


@pytest.mark.parametrize("people", [1, 6])
def test_the_audit_query_count_does_not_grow(
    people, listeners, coordinator, establishment, django_assert_num_queries
):
    for worker in PeerWorkerFactory.create_batch(people, establishment=establishment):
        application = application_create(
            worker=worker,
            scheme=listeners,
            actor=coordinator,
            received_on=timezone.localdate() - timedelta(days=1),
        )
        contract = contract_issue(
            worker=worker, scheme=listeners, actor=coordinator, start_date=timezone.localdate()
        )
        Application.objects.filter(pk=application.pk).update(status=Application.Status.RECEIVED)
        assert contract.is_open
    with django_assert_num_queries(QUERIES):
        assert len(breaches()) == people


def test_breaches_go_to_system_administrators_only(active_contract, system_admin, manager, establishment):
    from flags.audience import flags_for

    Application.objects.filter(pk=active_contract.application_id).update(status=Application.Status.RECEIVED)
    consistency_audit()
    flag = open_consistency_flags().get()
    assert list(flags_for(user=system_admin, establishment=establishment)) == [flag]
    assert flag not in flags_for(user=manager, establishment=establishment)
