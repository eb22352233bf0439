"""Contracts: issue, sign, renew (one or several), suspend, end, and the printable compact."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from peerwork import documents
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from peerwork.formats import long_date
from peerwork.forms import add_service_errors, posted, refusal
from peerwork.views import act
from schemes import selectors
from schemes.forms.contracts import (
    ContractEndForm,
    ContractIssueForm,
    ContractSignForm,
    ContractSuspendForm,
    ExpiringFilterForm,
)
from schemes.models import Scheme
from schemes.services import contracts as services


def _require_manage(request: StaffRequest, scheme: Scheme) -> None:
    if not request.user.has_perm("schemes.manage_contract", scheme):
        raise PermissionDenied


def _pk_param(params: QueryDict, name: str) -> int | None:
    value = params.get(name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_issue(request: StaffRequest) -> HttpResponse:
    params = request.GET
    application = None
    if application_pk := _pk_param(params, "application"):
        application = selectors.application_get(establishment=request.establishment, pk=application_pk)
    worker_pk = _pk_param(params, "worker") or (application and application.worker_id)
    scheme_pk = _pk_param(params, "scheme") or (application and application.scheme_id)
    scheme = None
    if scheme_pk:
        scheme = selectors.scheme_get(establishment=request.establishment, pk=scheme_pk)
        _require_manage(request, scheme)
    if worker_pk:
        selectors.peer_worker_get(establishment=request.establishment, pk=worker_pk)

    form = ContractIssueForm(
        posted(request),
        establishment=request.establishment,
        schemes=selectors.schemes_user_may_act_on(user=request.user, establishment=request.establishment),
        scheme=scheme,
        initial={"worker": worker_pk, "scheme": scheme_pk},
    )
    if form.is_valid():
        _require_manage(request, form.cleaned_data["scheme"])
        try:
            contract = services.contract_issue(
                actor=request.user, application=application, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Contract issued to {contract.worker.full_name}. Print the compact for them to sign.",
            )
            return redirect("schemes:contract_detail", pk=contract.pk)
    return render(request, "schemes/contract_issue.html", {"form": form, "application": application})


@establishment_required
@permission_required("schemes.view_contract", raise_exception=True)
def contract_detail(request: StaffRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    can_manage = request.user.has_perm("schemes.manage_contract", contract.scheme)
    return render(
        request,
        "schemes/contract_detail.html",
        {
            "contract": contract,
            "renewal": getattr(contract, "renewed_by", None),
            "days_left": (contract.end_date - timezone.localdate()).days if contract.is_open else None,
            "actions": contract.available_actions if can_manage else {},
            "history": history_for(contract),
        },
    )


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_sign(request: StaffRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    _require_manage(request, contract.scheme)
    form = ContractSignForm(
        posted(request), establishment=request.establishment, initial={"witnessed_by": request.user.pk}
    )
    if form.is_valid():
        try:
            services.contract_sign(contract=contract, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Signature recorded. {contract.worker.full_name}'s contract is in force."
            )
            return redirect("schemes:contract_detail", pk=contract.pk)
    return render(request, "schemes/contract_sign.html", {"form": form, "contract": contract})


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_renew(request: StaffRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    _require_manage(request, contract.scheme)
    if request.method == "POST":
        try:
            renewal = services.contract_renew(contract=contract, actor=request.user)
        except ValidationError as error:
            messages.error(request, refusal(error))
            return redirect("schemes:contract_detail", pk=contract.pk)
        messages.success(
            request,
            f"Contract renewed until {long_date(renewal.end_date)}. Print the new compact for signing.",
        )
        return redirect("schemes:contract_detail", pk=renewal.pk)
    return render(
        request,
        "schemes/contract_renew.html",
        {
            "contract": contract,
            "renewal": services.renewal_dates(contract=contract, today=timezone.localdate()),
            "role": selectors.scheme_current_role(scheme=contract.scheme),
        },
    )


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_suspend(request: StaffRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    _require_manage(request, contract.scheme)
    form = ContractSuspendForm(posted(request))
    if form.is_valid():
        try:
            services.contract_suspend(contract=contract, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Contract suspended.")
            return redirect("schemes:contract_detail", pk=contract.pk)
    return render(request, "schemes/contract_suspend.html", {"form": form, "contract": contract})


@require_POST
@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_lift_suspension(request: StaffRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    _require_manage(request, contract.scheme)
    return act(
        request,
        lambda: services.contract_lift_suspension(contract=contract, actor=request.user),
        done="Suspension lifted. The contract is active again.",
        then=redirect("schemes:contract_detail", pk=contract.pk),
    )


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contract_end(request: StaffRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    _require_manage(request, contract.scheme)
    form = ContractEndForm(posted(request))
    if form.is_valid():
        try:
            services.contract_end(contract=contract, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Contract ended. Its history is kept.")
            return redirect("schemes:contract_detail", pk=contract.pk)
    return render(request, "schemes/contract_end.html", {"form": form, "contract": contract})


@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contracts_expiring(request: StaffRequest) -> HttpResponse:
    filter_form = ExpiringFilterForm(request.GET or None)
    within_days = filter_form.within_days()
    today = timezone.localdate()
    contracts = selectors.contracts_expiring(
        establishment=request.establishment, within_days=within_days, today=today
    )
    manageable = {}
    rows = []
    for contract in contracts:
        if contract.scheme_id not in manageable:
            manageable[contract.scheme_id] = request.user.has_perm("schemes.manage_contract", contract.scheme)
        rows.append(
            {
                "contract": contract,
                "days_left": (contract.end_date - today).days,
                "can_renew": manageable[contract.scheme_id],
            }
        )
    return render(
        request,
        "schemes/contract_expiring.html",
        {
            "filter_form": filter_form,
            "within_days": within_days,
            "default_days": selectors.expiry_warning_days(),
            "rows": rows,
            "any_renewable": any(row["can_renew"] for row in rows),
        },
    )


@require_POST
@establishment_required
@permission_required("schemes.manage_contract", raise_exception=True)
def contracts_bulk_renew(request: StaffRequest) -> HttpResponse:
    try:
        pks = sorted({int(value) for value in request.POST.getlist("contract")})
    except ValueError:
        raise Http404 from None
    if not pks:
        messages.error(request, "Choose at least one contract to renew.")
        return redirect("schemes:contracts_expiring")
    contracts = selectors.contracts_for_bulk_renewal(establishment=request.establishment, pks=pks)
    if len(contracts) != len(pks):
        raise Http404
    for scheme in {contract.scheme for contract in contracts}:
        _require_manage(request, scheme)

    if request.POST.get("confirm") != "yes":
        today = timezone.localdate()
        plan = [
            {"contract": contract, "renewal": services.renewal_dates(contract=contract, today=today)}
            for contract in contracts
        ]
        return render(request, "schemes/contract_bulk_renew.html", {"plan": plan})

    try:
        renewals = services.contracts_renew(contracts=contracts, actor=request.user)
    except ValidationError as error:
        messages.error(request, f"No contracts were renewed. {refusal(error)}")
    else:
        count = len(renewals)
        messages.success(request, f"{count} contract{'s' if count != 1 else ''} renewed.")
    return redirect("schemes:contracts_expiring")


def _compact_context(request: StaffRequest, pk: int) -> dict[str, Any]:
    contract = selectors.contract_get(establishment=request.establishment, pk=pk)
    return {"contract": contract, "role": contract.role_description, "as_pdf": False}


@establishment_required
@permission_required("schemes.view_contract", raise_exception=True)
def contract_compact(request: StaffRequest, pk: int) -> HttpResponse:
    return render(request, "schemes/documents/compact.html", _compact_context(request, pk))


@establishment_required
@permission_required("schemes.view_contract", raise_exception=True)
def contract_compact_pdf(request: StaffRequest, pk: int) -> HttpResponse:
    context = _compact_context(request, pk)
    contract = context["contract"]
    return documents.render_pdf(
        request,
        "schemes/documents/compact.html",
        context,
        filename=f"compact-{contract.worker.prison_number}-{contract.pk}.pdf",
    )
