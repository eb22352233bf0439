"""Rules across rows, as check_* functions that raise a typed error explaining the refusal.

Services call them inside their transaction; the errors are ValidationErrors keyed by the
form field they concern, so a form shows the message next to that field.
"""

from datetime import date

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError

from establishments.models import Establishment
from peerwork.formats import long_date, money
from schemes.models import (
    Application,
    ApplicationCheck,
    Contract,
    EligibilityCheck,
    IepLevel,
    PeerWorker,
    Scheme,
)


class RuleError(ValidationError):
    """A business rule refused the action."""


class NotInCustody(RuleError):
    pass


class WrongEstablishment(RuleError):
    pass


class OpenContractExists(RuleError):
    pass


class NoRoleDescription(RuleError):
    pass


class ChecksIncomplete(RuleError):
    pass


class ApplicationClosed(RuleError):
    pass


class ContractClosed(RuleError):
    pass


class OutsideContract(RuleError):
    pass


class RateOutOfBounds(RuleError):
    pass


def check_rate_within_bounds(establishment: Establishment, pence: int, *, field: str) -> None:
    """A weekly rate (a scheme's, or a contract's own) falls within the establishment's bounds."""
    low, high = establishment.pay_min_weekly_pence, establishment.pay_max_weekly_pence
    if not low <= pence <= high:
        raise RateOutOfBounds(
            {
                field: f"The weekly rate must be between {money(low)} and {money(high)}, "
                f"the bounds set for {establishment}. You entered {money(pence)}."
            }
        )


def check_worker_in_custody(worker: PeerWorker) -> None:
    if worker.custody_status != PeerWorker.CustodyStatus.IN_CUSTODY:
        raise NotInCustody(
            {
                "worker": f"{worker.full_name} is {worker.get_custody_status_display().lower()}, not in custody here."
            }
        )


def check_same_establishment(worker: PeerWorker, scheme: Scheme) -> None:
    if worker.establishment_id != scheme.establishment_id:
        raise WrongEstablishment({"worker": f"{worker.full_name} is not held in this establishment."})


def check_no_open_contract(worker: PeerWorker, scheme: Scheme, *, ignoring: Contract | None = None) -> None:
    open_contracts = Contract.objects.open().filter(worker=worker, scheme=scheme)
    if ignoring is not None:
        open_contracts = open_contracts.exclude(pk=ignoring.pk)
    if open_contracts.exists():
        raise OpenContractExists(
            {
                "worker": f"{worker.full_name} already has an open {scheme.name} contract. Renew or end that one."
            }
        )


def check_scheme_has_role_description(scheme: Scheme) -> None:
    if not scheme.role_descriptions.exists():
        raise NoRoleDescription(
            {"scheme": f"Publish a role description for {scheme.name} before issuing contracts."}
        )


def check_application_open(application: Application) -> None:
    if not application.is_open:
        raise ApplicationClosed(
            f"This application is already {application.get_status_display().lower()}; it cannot change now."
        )


def check_application_checks_complete(application: Application) -> None:
    missing = [
        check.requirement.label
        for check in application.checks.select_related("requirement")
        if check.requirement.is_required and check.outcome != ApplicationCheck.Outcome.PASSED
    ]
    if missing:
        raise ChecksIncomplete(
            "Every required check must be confirmed as passed before approval. Still to do: "
            + "; ".join(missing)
            + "."
        )


def check_contract_open(contract: Contract) -> None:
    if not contract.is_open:
        raise ContractClosed(
            f"This contract is {contract.get_status_display().lower()}; it cannot change now."
        )


def check_contract_in_role(contract: Contract) -> None:
    if contract.status != Contract.Status.ACTIVE:
        raise ContractClosed(
            f"Only an active contract can be suspended; this one is {contract.get_status_display().lower()}."
        )


def check_suspension_within_contract(contract: Contract, starts_on: date, ends_on: date | None) -> None:
    errors = {}
    if not contract.start_date <= starts_on < contract.end_date:
        errors["starts_on"] = (
            f"The suspension must start within the contract "
            f"({long_date(contract.start_date)} to {long_date(contract.end_date)})."
        )
    if ends_on is not None and ends_on > contract.end_date:
        errors["ends_on"] = (
            f"The suspension cannot go past the end of the contract ({long_date(contract.end_date)})."
        )
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "The suspension must end on or after the day it starts."
    if errors:
        raise OutsideContract(errors)


def suggested_outcome(
    requirement: EligibilityCheck, worker: PeerWorker, scheme: Scheme, *, today: date
) -> str:
    """What the record suggests for checks the system can read; staff still confirm each one."""
    if requirement.kind == EligibilityCheck.Kind.MINIMUM_IEP and requirement.minimum_iep:
        meets = IepLevel.rank(worker.iep_level) >= IepLevel.rank(requirement.minimum_iep)
        return f"Record shows {worker.get_iep_level_display()}: {'meets' if meets else 'does not meet'} the minimum."
    if requirement.kind == EligibilityCheck.Kind.TIME_TO_SERVE:
        if worker.earliest_release_date is None:
            return "No release date recorded."
        needed = today + relativedelta(months=scheme.contract_months)
        meets = worker.earliest_release_date >= needed
        return (
            f"Earliest release {long_date(worker.earliest_release_date)}: "
            f"{'covers' if meets else 'does not cover'} a {scheme.contract_months}-month contract."
        )
    if requirement.kind == EligibilityCheck.Kind.NO_ADJUDICATIONS and requirement.months:
        last = worker.last_proven_adjudication_on
        if last is None:
            return "No proven adjudication recorded."
        recent = last > today - relativedelta(months=requirement.months)
        return f"Last proven adjudication {long_date(last)}: {'within' if recent else 'outside'} the period."
    return ""
