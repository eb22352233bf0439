"""The contracts list: every contract of the prison's schemes, filtered by scheme, status, end date
and name or number, a page at a time; and the same filtered rows, all of them, as a CSV.

For those who manage contracts (as "Contracts ending" is): a wing officer opens a contract from a
peer worker's page instead."""

from collections.abc import Iterable, Iterator

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.exports import csv_filename, csv_response, pounds
from schemes import selectors
from schemes.models import Contract

CONTRACTS_PER_PAGE = 50
CSV_HEADER = [
    "Person",
    "Prison number",
    "Scheme",
    "Role version",
    "Start",
    "End",
    "Status",
    "Signed on",
    "Weekly pay (£)",
    "Ended on",
    "End reason",
]


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_list(request: StaffRequest) -> HttpResponse:
    contract_filter = selectors.contract_filter(establishment=request.establishment, filters=request.GET)
    page = Paginator(contract_filter.qs, CONTRACTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schemes/contract_list.html",
        {"filter": contract_filter, "page": page, "contracts": page.object_list},
    )


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_list_csv(request: StaffRequest) -> HttpResponseBase:
    """Every contract the list's filters match, on every page. Filters the page would show an error
    for give no file: back to the list with them, where the errors say what to correct."""
    contract_filter = selectors.contract_filter(establishment=request.establishment, filters=request.GET)
    if not contract_filter.is_valid():
        return redirect(f"{reverse('schemes:contract_list')}?{request.GET.urlencode()}")
    return csv_response(
        csv_filename("contracts", request.establishment.code, timezone.localdate()),
        CSV_HEADER,
        _rows(contract_filter.qs),
    )


def _rows(contracts: Iterable[Contract]) -> Iterator[list[object]]:
    for contract in contracts:
        worker = contract.worker
        yield [
            f"{worker.last_name}, {worker.first_name}",
            worker.prison_number,
            contract.scheme.name,
            contract.role_description.version,
            contract.start_date,
            contract.end_date,
            contract.state_label,
            contract.signed_on,
            pounds(contract.weekly_pay_today_pence),
            contract.ended_on,
            _end_reason(contract),
        ]


def _end_reason(contract: Contract) -> str:
    """Why it ended, in the words the contract's page uses: "Dismissed: Security"."""
    if not contract.end_reason:
        return ""
    reason = str(contract.get_end_reason_display())
    if contract.dismissal_reason:
        reason = f"{reason}: {contract.get_dismissal_reason_display()}"
    return reason
