"""Contracts: issue, sign, renew, suspend, end. Nothing is deleted; every change is attributed."""

from datetime import date
from typing import NamedTuple

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from peerwork.queue import after_commit
from peerwork.records import save
from schemes import events, tasks
from schemes.models import Application, Contract, EndReason, PeerWorker, Scheme, Suspension
from schemes.oversight import AFTER_CONTRACT_CHANGE
from schemes.rules import (
    RuleError,
    check_contract_in_role,
    check_contract_open,
    check_no_open_contract,
    check_rate_within_bounds,
    check_same_establishment,
    check_scheme_has_role_description,
    check_suspension_within_contract,
    check_worker_in_custody,
)


def default_end_date(scheme: Scheme, start_date: date) -> date:
    return start_date + relativedelta(months=scheme.contract_months)


class RenewalDates(NamedTuple):
    start_date: date
    end_date: date


def renewal_dates(*, contract: Contract, today: date, months: int | None = None) -> RenewalDates:
    """The renewal of `contract` starts today and runs its full length (the scheme's, unless
    `months` is given) on from the old end date, so no time is lost. The renewal and its preview
    both ask here."""
    length = months or contract.scheme.contract_months
    return RenewalDates(start_date=today, end_date=contract.end_date + relativedelta(months=length))


@transaction.atomic
def contract_issue(
    *,
    worker: PeerWorker,
    scheme: Scheme,
    actor: User,
    start_date: date,
    end_date: date | None = None,
    weekly_pay_pence: int | None = None,
    privileges: str | None = None,
    application: Application | None = None,
) -> Contract:
    """A new contract under the scheme's current role description, awaiting signature. With no
    `weekly_pay_pence` it is paid the scheme's rate in force each day (if the scheme is paid);
    with one, that is its own rate, within the establishment's bounds."""
    PeerWorker.objects.select_for_update().get(pk=worker.pk)  # one issue at a time per worker
    check_worker_in_custody(worker)
    check_same_establishment(worker, scheme)
    check_scheme_has_role_description(scheme)
    check_no_open_contract(worker, scheme)
    if weekly_pay_pence is not None:
        check_rate_within_bounds(scheme.establishment, weekly_pay_pence, field="weekly_pay")
    if application is not None and (
        application.status != Application.Status.APPROVED
        or application.worker_id != worker.pk
        or application.scheme_id != scheme.pk
    ):
        raise RuleError("A contract can follow only this person's approved application to this scheme.")
    role = scheme.role_descriptions.order_by("-version").first()
    assert role is not None, "checked above: check_scheme_has_role_description"
    contract = Contract(
        worker=worker,
        scheme=scheme,
        role_description=role,
        application=application,
        start_date=start_date,
        end_date=end_date or default_end_date(scheme, start_date),
        weekly_pay_pence=weekly_pay_pence,
        privileges=role.privileges if privileges is None else privileges,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    save(contract, actor=actor, reason="Issued")
    after_commit(tasks.flags_recheck, AFTER_CONTRACT_CHANGE)
    return contract


@transaction.atomic
def contract_sign(*, contract: Contract, signed_on: date, witnessed_by: User, actor: User) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    check_contract_open(contract)
    if contract.signed_on is not None:
        raise RuleError("This contract has already been signed.")
    if signed_on > timezone.localdate():
        raise RuleError({"signed_on": "The signing date cannot be in the future."})
    contract.signed_on = signed_on
    contract.witnessed_by = witnessed_by
    if contract.status == Contract.Status.AWAITING_SIGNATURE:
        contract.status = Contract.Status.ACTIVE
    save(contract, actor=actor, reason="Signed")
    after_commit(tasks.flags_recheck, AFTER_CONTRACT_CHANGE)
    return contract


@transaction.atomic
def contract_renew(*, contract: Contract, actor: User, months: int | None = None) -> Contract:
    """A new contract, linked to the old one, under the current role description.

    The record stays continuous: the old contract closes today as "renewed" and the new one
    starts today, so the worker is in role under exactly one contract every day (and can be
    taken out of the role on any day after). No time is lost: the new contract runs its full
    length on from the old end date.

    The renewal awaits the new compact's signature (`signed_on` empty) while the role continues:
    it is active (or suspended) and in role from today, and `contract_sign` records the signature.
    Unsigned 14 days after it starts, it is flagged (Kind.RENEWAL_UNSIGNED).
    """
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    check_contract_open(contract)
    check_worker_in_custody(contract.worker)
    check_scheme_has_role_description(contract.scheme)
    if contract.status == Contract.Status.AWAITING_SIGNATURE:
        raise RuleError("This contract has not been signed yet. Sign it before renewing.")
    if contract.awaits_renewal_signature:
        raise RuleError(
            "The renewed compact has not been signed yet. Record the signature before renewing again."
        )
    today = timezone.localdate()
    dates = renewal_dates(contract=contract, today=today, months=months)
    was_suspended = contract.status == Contract.Status.SUSPENDED

    _close(contract, reason=EndReason.RENEWED, ended_on=today, actor=actor)

    role = contract.scheme.role_descriptions.order_by("-version").first()
    renewal = Contract(
        worker=contract.worker,
        scheme=contract.scheme,
        role_description=role,
        renewal_of=contract,
        start_date=dates.start_date,
        end_date=dates.end_date,
        status=Contract.Status.ACTIVE,
        weekly_pay_pence=contract.weekly_pay_pence,
        privileges=contract.privileges,
        issued_by=actor,
        issued_at=timezone.now(),
    )
    save(renewal, actor=actor, reason="Renewal")
    if was_suspended:
        # A suspension in force carries over to the renewed contract.
        for suspension in contract.suspensions.filter(lifted_on__isnull=True):
            suspension.contract = renewal
            save(suspension, actor=actor, reason="Carried over on renewal")
        renewal.status = Contract.Status.SUSPENDED
        save(renewal, actor=actor, reason="Suspension carried over")
    events.role_changed.send(sender=Contract, contract=renewal, actor=actor)
    after_commit(tasks.flags_recheck, AFTER_CONTRACT_CHANGE)
    return renewal


@transaction.atomic
def contracts_renew(*, contracts: list[Contract], actor: User) -> list[Contract]:
    """Renew several at once: all of them, or (if any is refused) none."""
    return [contract_renew(contract=contract, actor=actor) for contract in contracts]


@transaction.atomic
def contract_suspend(
    *, contract: Contract, starts_on: date, ends_on: date | None, is_paid: bool, reason: str, actor: User
) -> Suspension:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    check_contract_in_role(contract)
    check_suspension_within_contract(contract, starts_on, ends_on)
    suspension = Suspension(
        contract=contract,
        starts_on=starts_on,
        ends_on=ends_on,
        is_paid=is_paid,
        reason=reason,
        created_by=actor,
        created_at=timezone.now(),
    )
    save(suspension, actor=actor)
    contract.status = Contract.Status.SUSPENDED
    save(contract, actor=actor, reason="Suspended")
    events.role_changed.send(sender=Contract, contract=contract, actor=actor)
    return suspension


def _close(contract: Contract, *, reason: str, ended_on: date, actor: User) -> None:
    contract.status = Contract.Status.ENDED
    contract.end_reason = reason
    contract.ended_on = ended_on
    contract.ended_by = actor
    save(contract, actor=actor, reason=EndReason(reason).label)


def _role_ended(contract: Contract, *, actor: User) -> None:
    events.role_ended.send(
        sender=Contract,
        contract=contract,
        ended_on=contract.ended_on,
        actor=actor,
        reason=EndReason(contract.end_reason).label,
    )


def _lift_open_suspension(*, contract: Contract, lifted_on: date, actor: User) -> None:
    for suspension in contract.suspensions.filter(lifted_on__isnull=True):
        suspension.lifted_on = lifted_on
        suspension.lifted_by = actor
        save(suspension, actor=actor, reason="Lifted")


@transaction.atomic
def contract_lift_suspension(*, contract: Contract, actor: User) -> Contract:
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    if contract.status != Contract.Status.SUSPENDED:
        raise RuleError("This contract is not suspended.")
    _lift_open_suspension(contract=contract, lifted_on=timezone.localdate(), actor=actor)
    contract.status = Contract.Status.ACTIVE
    save(contract, actor=actor, reason="Suspension lifted")
    events.role_changed.send(sender=Contract, contract=contract, actor=actor)
    after_commit(tasks.flags_recheck, AFTER_CONTRACT_CHANGE)
    return contract


@transaction.atomic
def contract_end(
    *,
    contract: Contract,
    reason: str,
    actor: User,
    ended_on: date | None = None,
    dismissal_reason: str = "",
    note: str = "",
) -> Contract:
    """End a contract early, for a reason staff choose. System reasons are set by their own services."""
    contract = Contract.objects.select_for_update().get(pk=contract.pk)
    check_contract_open(contract)
    if reason not in dict(EndReason.staff_choices()):
        raise RuleError({"reason": "Choose why the contract is ending."})
    if reason == EndReason.DISMISSED and not dismissal_reason:
        raise RuleError({"dismissal_reason": "Say why the contract was ended by dismissal."})
    ended_on = ended_on or timezone.localdate()
    if ended_on < contract.start_date:
        raise RuleError({"ended_on": "A contract cannot end before it starts."})
    _lift_open_suspension(contract=contract, lifted_on=ended_on, actor=actor)
    contract.dismissal_reason = dismissal_reason if reason == EndReason.DISMISSED else ""
    contract.end_note = note
    _close(contract, reason=reason, ended_on=ended_on, actor=actor)
    _role_ended(contract, actor=actor)
    after_commit(tasks.flags_recheck, AFTER_CONTRACT_CHANGE)
    return contract


def end_open_contracts_for_system_reason(*, worker: PeerWorker, reason: str, actor: User) -> int:
    """Used when a worker leaves custody or is transferred. Call inside the caller's transaction."""
    ended = 0
    today = timezone.localdate()
    for contract in Contract.objects.select_for_update().open().filter(worker=worker):
        _lift_open_suspension(contract=contract, lifted_on=today, actor=actor)
        _close(contract, reason=reason, ended_on=today, actor=actor)
        _role_ended(contract, actor=actor)
        ended += 1
    after_commit(tasks.flags_recheck, AFTER_CONTRACT_CHANGE)
    return ended
