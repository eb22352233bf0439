"""A renewal awaits the new compact's signature while the role continues: in role for every
question that asks, signed through contract_sign, flagged if unsigned 14 days after it started,
and said plainly on every page that shows the contract."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from flags.models import Flag
from listeners.lookup import Standing, listener_lookup
from schemes.models import Contract, EndReason
from schemes.oversight import AFTER_CONTRACT_CHANGE
from schemes.services import contracts
from schemes.services.oversight import conditions_recheck, oversight_sweep
from tests.factories import PeerWorkerFactory
from tests.forms import date_boxes

LONDON = ZoneInfo("Europe/London")


def at(day: str, hour: int = 9) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _monday_23_november(time_machine):
    """The shared `active_contract` then runs from 1 November 2026 to 1 May 2027; renewed today,
    the renewal runs from 23 November 2026 to 1 November 2027."""
    time_machine.move_to(at("2026-11-23"), tick=False)


@pytest.fixture
def renewal(active_contract, coordinator):
    return contracts.contract_renew(contract=active_contract, actor=coordinator)


def sign(renewal, coordinator, signed_on=date(2026, 11, 23)):
    return contracts.contract_sign(
        contract=renewal, signed_on=signed_on, witnessed_by=coordinator, actor=coordinator
    )


def open_flags():
    return Flag.objects.filter(kind=Flag.Kind.RENEWAL_UNSIGNED, resolved_at__isnull=True)


# --- The model and the service -----------------------------------------------------------------


def test_a_renewal_awaits_its_signature_and_is_in_role_meanwhile(renewal):
    assert renewal.awaits_renewal_signature
    assert (renewal.status, renewal.signed_on) == (Contract.Status.ACTIVE, None)
    assert renewal.state_label == "Active, new compact not signed"
    today, later = date(2026, 11, 23), date(2027, 3, 1)
    listener_contracts = Contract.objects.listeners()
    assert list(listener_contracts.in_role()) == [renewal]
    assert list(listener_contracts.in_effect_on(today)) == [renewal]
    assert list(listener_contracts.in_effect_on(later)) == [renewal]
    assert list(listener_contracts.held_during(later)) == [renewal]
    assert list(Contract.objects.renewals_awaiting_signature()) == [renewal]


def test_signing_the_renewal_makes_it_plainly_active(renewal, coordinator):
    signed = sign(renewal, coordinator)
    assert not signed.awaits_renewal_signature
    assert signed.state_label == "Active"
    assert (signed.status, signed.signed_on, signed.witnessed_by) == (
        Contract.Status.ACTIVE,
        date(2026, 11, 23),
        coordinator,
    )
    assert not Contract.objects.renewals_awaiting_signature().exists()
    assert signed.history.first().history_change_reason == "Signed"


def test_the_renewal_offers_the_signature_not_another_renewal(renewal, coordinator):
    assert renewal.available_actions["sign"] and not renewal.available_actions["renew"]
    with pytest.raises(ValidationError, match="renewed compact has not been signed"):
        contracts.contract_renew(contract=renewal, actor=coordinator)
    assert sign(renewal, coordinator).available_actions["renew"]


def test_a_signature_before_the_renewal_is_kept_as_given(renewal, coordinator):
    """The compact may have been signed the day before the renewal was recorded."""
    assert sign(renewal, coordinator, signed_on=date(2026, 11, 22)).signed_on == date(2026, 11, 22)


def test_the_one_open_contract_per_scheme_still_holds(renewal, active_contract):
    active_contract.refresh_from_db()
    assert active_contract.status == Contract.Status.ENDED
    assert active_contract.end_reason == EndReason.RENEWED
    assert Contract.objects.open().filter(worker=renewal.worker, scheme=renewal.scheme).count() == 1


# --- The flag: 14 days after the renewal's start -------------------------------------------------


@pytest.mark.parametrize(("today", "flagged"), [("2026-12-06", False), ("2026-12-07", True)])
def test_an_unsigned_renewal_is_flagged_14_days_after_it_started(renewal, time_machine, today, flagged):
    time_machine.move_to(at(today), tick=False)
    oversight_sweep()
    flags = list(open_flags())
    assert len(flags) == int(flagged)
    if flagged:
        (flag,) = flags
        assert (flag.contract, flag.severity) == (renewal, Flag.Severity.WARNING)
        assert flag.summary == (
            "Ryan Ellis's Listeners contract was renewed on 23 November 2026 and the new compact is "
            "not signed yet."
        )


def test_the_flag_is_raised_once_however_often_the_sweep_runs(renewal, time_machine):
    time_machine.move_to(at("2026-12-10"), tick=False)
    oversight_sweep()
    oversight_sweep()
    assert Flag.objects.filter(kind=Flag.Kind.RENEWAL_UNSIGNED).count() == 1


def test_the_flag_closes_by_itself_when_the_signature_is_recorded(renewal, coordinator, time_machine):
    time_machine.move_to(at("2026-12-10"), tick=False)
    oversight_sweep()
    sign(renewal, coordinator, signed_on=date(2026, 12, 10))
    conditions_recheck(kinds=AFTER_CONTRACT_CHANGE)  # what contract_sign queues after it commits
    flag = Flag.objects.get(kind=Flag.Kind.RENEWAL_UNSIGNED)
    assert flag.resolved_at is not None and flag.resolved_by is None


def test_the_flag_closes_by_itself_when_the_contract_ends(renewal, coordinator, time_machine):
    time_machine.move_to(at("2026-12-10"), tick=False)
    oversight_sweep()
    contracts.contract_end(contract=renewal, reason=EndReason.RESIGNED, actor=coordinator)
    conditions_recheck(kinds=AFTER_CONTRACT_CHANGE)
    assert not open_flags().exists()
    assert Flag.objects.get(kind=Flag.Kind.RENEWAL_UNSIGNED).resolved_at is not None


def test_a_signed_renewal_and_a_new_unsigned_contract_are_not_flagged(
    renewal, coordinator, buddies, establishment, time_machine
):
    sign(renewal, coordinator)
    newcomer = PeerWorkerFactory(establishment=establishment)
    contracts.contract_issue(
        worker=newcomer, scheme=buddies, actor=coordinator, start_date=date(2026, 11, 23)
    )
    time_machine.move_to(at("2027-01-10"), tick=False)
    oversight_sweep()
    assert not open_flags().exists()


# --- The pages -----------------------------------------------------------------------------------


def test_the_contract_page_says_the_renewal_awaits_its_signature_then_that_it_is_signed(
    client_for, coordinator, renewal, django_assert_num_queries
):
    client = client_for(coordinator)
    url = reverse("schemes:contract_detail", args=[renewal.pk])
    client.get(url)
    with django_assert_num_queries(CONTRACT_PAGE_QUERIES):
        body = client.get(url).content.decode()
    assert "Renewed: new compact not signed" in body
    assert "The role continues under this renewal meanwhile" in body
    assert reverse("schemes:contract_sign", args=[renewal.pk]) in body
    assert reverse("schemes:contract_renew", args=[renewal.pk]) not in body
    response = client.post(
        reverse("schemes:contract_sign", args=[renewal.pk]),
        {**date_boxes("signed_on", "2026-11-23"), "witnessed_by": coordinator.pk},
    )
    assert response.status_code == 302
    client.get(url)  # shows the confirmation once
    with django_assert_num_queries(CONTRACT_PAGE_QUERIES + 1):
        body = client.get(url).content.decode()
    assert "Renewed: new compact not signed" not in body
    assert "23 November 2026, witnessed by" in body


def test_the_renewal_page_says_the_role_continues_while_it_awaits_the_signature(
    client_for, coordinator, active_contract
):
    body = client_for(coordinator).get(reverse("schemes:contract_renew", args=[active_contract.pk]))
    text = body.content.decode()
    assert "stays in the role, and on the rota, while the new contract awaits the signature" in text
    assert "should sign the new compact" not in text


def test_the_worker_record_says_it(client_for, coordinator, renewal):
    body = client_for(coordinator).get(reverse("schemes:worker_detail", args=[renewal.worker.pk]))
    assert "Renewed: new compact not signed" in body.content.decode()


def test_the_kiosk_tells_the_worker_to_sign_and_that_they_carry_on(kiosk_signed_in, renewal):
    body = kiosk_signed_in.get(reverse("kiosk:my_contract")).content.decode()
    assert "Your contract has been renewed. You carry on in your role." in body
    assert "Not signed yet" in body


def test_the_officer_look_up_says_they_are_a_current_listener_awaiting_the_signature(establishment, renewal):
    (answer,) = listener_lookup(establishment=establishment, query=renewal.worker.prison_number).answers
    assert answer.standing == Standing.CURRENT
    assert answer.headline == "Current Listener, contract until 1 November 2027."
    assert answer.contract_note == (
        "Their contract was renewed on 23 November 2026 and the new one is not signed yet. "
        "They are still a Listener meanwhile."
    )


# Whether a renewal awaits its signature is read off the contract's own row: no query of its own.
# Signed, the page makes one query more: the history names the witness.
CONTRACT_PAGE_QUERIES = 10
