from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from peerwork.documents import render_pdf
from peerwork.exports import csv_filename, csv_response
from peerwork.forms import add_service_errors, posted
from schemes import selectors
from schemes import selectors_record as record_selectors
from schemes.forms.workers import LeaveCustodyForm, PeerWorkerForm
from schemes.models import PeerWorker
from schemes.services import people as services

RECORD_TEMPLATE = "schemes/documents/worker_record.html"
WORKERS_PER_PAGE = 50
WORKER_CSV_HEADER = [
    "Prison number",
    "Last name",
    "First name",
    "Wing or unit",
    "Cell",
    "IEP level",
    "Earliest release date",
    "Custody",
    "Open contracts",
]


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def worker_list(request: StaffRequest) -> HttpResponse:
    worker_filter = selectors.peer_worker_filter(establishment=request.establishment, filters=request.GET)
    # The roll brings everyone held onto the records, and keeps who has left: paged, not one table.
    page = Paginator(worker_filter.qs, WORKERS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schemes/worker_list.html",
        {"filter": worker_filter, "page": page, "workers": page.object_list},
    )


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def worker_list_csv(request: StaffRequest) -> HttpResponseBase:
    """Everyone the list's filters match, on every page, with their open contracts. Filters the page
    would show an error for give no file: back to the list, where the errors say what to correct."""
    worker_filter = selectors.peer_worker_filter(establishment=request.establishment, filters=request.GET)
    if not worker_filter.is_valid():
        return redirect(f"{reverse('schemes:worker_list')}?{request.GET.urlencode()}")
    return csv_response(
        csv_filename("peer workers", request.establishment.code, timezone.localdate()),
        WORKER_CSV_HEADER,
        _worker_rows(worker_filter.qs),
    )


def _worker_rows(workers: Iterable[PeerWorker]) -> Iterator[list[object]]:
    for worker in workers:
        yield [
            worker.prison_number,
            worker.last_name,
            worker.first_name,
            worker.location.name if worker.location else "",
            worker.cell,
            worker.get_iep_level_display(),
            worker.earliest_release_date,
            worker.get_custody_status_display(),
            "; ".join(
                f"{contract.scheme.name} ({contract.state_label.lower()})"
                for contract in getattr(worker, "open_contracts", [])
            ),
        ]


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def worker_detail(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.peer_worker_get(establishment=request.establishment, pk=pk)
    contracts = list(selectors.peer_worker_contracts(worker=worker))
    return render(
        request,
        "schemes/worker_detail.html",
        {
            "worker": worker,
            "open_contracts": [contract for contract in contracts if contract.is_open],
            "past_contracts": [contract for contract in contracts if not contract.is_open],
            "applications": selectors.peer_worker_applications(worker=worker),
            "history": history_for(
                worker,
                since=selectors.peer_worker_arrived_at(worker=worker, establishment=request.establishment),
            ),
        },
    )


@establishment_required
@permission_required("schemes.add_peerworker", raise_exception=True)
def worker_create(request: StaffRequest) -> HttpResponse:
    form = PeerWorkerForm(posted(request), establishment=request.establishment)
    if form.is_valid():
        try:
            worker = services.peer_worker_create(
                establishment=request.establishment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{worker.full_name} ({worker.prison_number}) added.")
            return redirect("schemes:worker_detail", pk=worker.pk)
    return render(request, "schemes/worker_form.html", {"form": form, "worker": None})


@establishment_required
@permission_required("schemes.change_peerworker", raise_exception=True)
def worker_update(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.peer_worker_get(establishment=request.establishment, pk=pk)
    form = PeerWorkerForm(posted(request), instance=worker, establishment=request.establishment)
    if form.is_valid():
        try:
            services.peer_worker_update(worker=worker, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{worker.full_name} saved.")
            return redirect("schemes:worker_detail", pk=worker.pk)
    return render(request, "schemes/worker_form.html", {"form": form, "worker": worker})


@establishment_required
@permission_required("schemes.change_peerworker", raise_exception=True)
def worker_leave_custody(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.peer_worker_get(establishment=request.establishment, pk=pk)
    # The not-on-roll flag links here with the answer chosen: one click to the form that records it.
    choice = request.GET.get("what", "")
    initial = {"what_happened": choice} if choice in dict(LeaveCustodyForm.CHOICES) else {}
    form = LeaveCustodyForm(posted(request), worker=worker, initial=initial)
    if form.is_valid():
        what_happened = form.cleaned_data["what_happened"]
        try:
            if what_happened == LeaveCustodyForm.TRANSFERRED_HERE:
                destination = form.cleaned_data["establishment"]
                services.peer_worker_transfer(worker=worker, to=destination, actor=request.user)
            else:
                services.peer_worker_leave_custody(worker=worker, status=what_happened, actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if what_happened == LeaveCustodyForm.TRANSFERRED_HERE:
                messages.success(
                    request,
                    f"{worker.full_name} has moved to {destination}. Their open contracts here have ended "
                    f"and their peer work record has gone with them.",
                )
                return redirect("schemes:moved_detail", pk=worker.pk)
            messages.success(
                request, f"{worker.full_name} recorded as {worker.get_custody_status_display().lower()}."
            )
            return redirect("schemes:worker_detail", pk=worker.pk)
    open_contracts = [c for c in selectors.peer_worker_contracts(worker=worker) if c.is_open]
    return render(
        request,
        "schemes/worker_leave_custody.html",
        {"form": form, "worker": worker, "open_contracts": open_contracts},
    )


def _record_context(request: StaffRequest, pk: int) -> dict[str, Any]:
    worker = selectors.peer_worker_get(establishment=request.establishment, pk=pk)
    record = record_selectors.peer_work_record(worker=worker)
    return {
        "worker": worker,
        "contracts": record.contracts,
        "suspensions": record.suspensions,
        "training": record.training,
        "supervision": record.supervision,
        "call_outs": record.call_outs,
        "shows_call_outs": record.shows_call_outs,
        "prepared_by": request.user,
        "prepared_on": timezone.localdate(),
    }


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def worker_record(request: StaffRequest, pk: int) -> HttpResponse:
    return render(request, RECORD_TEMPLATE, _record_context(request, pk) | {"as_pdf": False})


@establishment_required
@permission_required("schemes.view_peerworker", raise_exception=True)
def worker_record_pdf(request: StaffRequest, pk: int) -> HttpResponse:
    context = _record_context(request, pk)
    return render_pdf(
        request, RECORD_TEMPLATE, context, filename=f"peer-work-record-{context['worker'].prison_number}.pdf"
    )
