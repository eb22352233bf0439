"""The Listeners who can be rostered: their contract, training and shifts this week, and recording
their Samaritans training."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted
from rota import selectors
from rota.forms import TrainingForm
from rota.models import Rota
from rota.services import setup as services
from rota.views._common import rota_builder


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def listener_list(request: StaffRequest, rota: Rota) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "rota/listener_list.html",
        {"rota": rota, "rows": selectors.listener_list(rota=rota, today=today), "today": today},
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def training_record(request: StaffRequest, rota: Rota, worker_pk: int) -> HttpResponse:
    contract = selectors.listener_contract_get(rota=rota, worker_pk=worker_pk)
    form = TrainingForm(posted(request))
    if form.is_valid():
        try:
            services.training_record(
                rota=rota, worker=contract.worker, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Listener training recorded for {contract.worker.full_name}.")
            return redirect("rota:listener_list")
    return render(request, "rota/training_form.html", {"form": form, "worker": contract.worker})
