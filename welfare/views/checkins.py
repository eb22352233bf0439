"""The peer worker's welfare page, and the steps staff take there: recording a check-in,
withdrawing one recorded in error, and a break from the rota (one service each)."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from peerwork.dates import parse_day
from peerwork.decorators import establishment_required
from peerwork.formats import long_date
from peerwork.forms import posted
from peerwork.views import act, submitted
from rota.services.breaks import rota_break_withdraw
from schemes.models import Contract, Scheme
from welfare import selectors, services
from welfare.forms import BreakForm, CheckInForm, WithdrawForm
from welfare.models import HowItWent
from welfare.workload import worker_workload

FIRST_OFFER = timedelta(days=13)  # two weeks off, the first day included, until staff say otherwise
VIEW = "welfare.view_checkins"
RECORD = "welfare.record_checkin"
BREAK = "rota.add_unavailability"


def _is_listener(worker_id: int) -> bool:
    return Contract.objects.open().filter(worker_id=worker_id, scheme__preset=Scheme.LISTENERS).exists()


@establishment_required
@permission_required(VIEW, raise_exception=True)
def worker_welfare(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_for_welfare(user=request.user, establishment=request.establishment, pk=pk)
    welfare = selectors.worker_welfare(worker=worker, establishment=request.establishment)
    return render(
        request,
        "welfare/worker.html",
        {
            "worker": worker,
            "welfare": welfare,
            "workload": worker_workload(
                worker=worker, establishment=request.establishment, today=timezone.localdate()
            ),
            "today": timezone.localdate(),
            "may_record": request.user.has_perm(RECORD),
            "may_break": request.user.has_perm(BREAK) and _is_listener(worker.pk),
        },
    )


@establishment_required
@permission_required(RECORD, raise_exception=True)
def checkin_record(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_for_welfare(user=request.user, establishment=request.establishment, pk=pk)
    schemes = selectors.checkin_schemes(user=request.user, establishment=request.establishment, worker=worker)
    form = CheckInForm(posted(request), schemes=schemes, initial={"on": timezone.localdate()})
    checkin = submitted(
        form, lambda: services.checkin_record(worker=worker, actor=request.user, **form.service_arguments())
    )
    if checkin is not None:
        if checkin.how == HowItWent.NEEDS_BREAK and request.user.has_perm(BREAK) and _is_listener(worker.pk):
            messages.success(
                request,
                f"Check-in saved. {worker.full_name} needs a break: you can take them off the rota now.",
            )
            return redirect(
                f"{reverse('welfare:break_add', kwargs={'pk': worker.pk})}?after={checkin.on:%Y-%m-%d}"
            )
        messages.success(request, "Check-in saved.")
        return redirect("welfare:worker", pk=worker.pk)
    return render(
        request,
        "welfare/step.html",
        {
            "worker": worker,
            "form": form,
            "title": "Record a welfare check-in",
            "intro": "How they are, and what you agreed. Only staff who keep their scheme read this.",
            "no_schemes": not schemes.exists(),
        },
    )


@establishment_required
@permission_required(RECORD, raise_exception=True)
def checkin_withdraw(request: StaffRequest, pk: int) -> HttpResponse:
    checkin = selectors.checkin_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    if checkin.is_archived:
        raise Http404("This check-in was already withdrawn.")
    form = WithdrawForm(posted(request))
    if submitted(
        form,
        lambda: services.checkin_archive(
            checkin=checkin, actor=request.user, reason=form.cleaned_data["reason"]
        ),
    ):
        messages.success(request, "Check-in withdrawn.")
        return redirect("welfare:worker", pk=checkin.worker_id)
    return render(
        request,
        "welfare/step.html",
        {
            "worker": checkin.worker,
            "form": form,
            "title": f"Withdraw the check-in of {long_date(checkin.on)}",
            "intro": "For a check-in recorded in error. It stays in the history, with who withdrew it and why.",
        },
    )


@establishment_required
@permission_required(BREAK, raise_exception=True)
def break_add(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_for_welfare(user=request.user, establishment=request.establishment, pk=pk)
    today = timezone.localdate()
    try:
        reason = f"Needs a break (welfare check-in on {long_date(parse_day(request.GET.get('after', '')))})"
    except ValueError:
        reason = "Needs a break"
    form = BreakForm(
        posted(request), initial={"starts_on": today, "ends_on": today + FIRST_OFFER, "reason": reason}
    )
    period = submitted(
        form,
        lambda: services.break_after_checkin(worker=worker, actor=request.user, **form.service_arguments()),
    )
    if period is not None:
        messages.success(
            request,
            f"{worker.full_name} is off the rota from {long_date(period.starts_on)} to {long_date(period.ends_on)}. "
            "Any shift they had then now needs cover.",
        )
        return redirect("welfare:worker", pk=worker.pk)
    return render(
        request,
        "welfare/step.html",
        {
            "worker": worker,
            "form": form,
            "title": "Take them off the rota for a break",
            "intro": (
                "While the break lasts the rota will not take them, “Fill the gaps” passes them over, and any "
                "shift they already have in it needs cover. Withdraw the break to put them back."
            ),
        },
    )


@require_POST
@establishment_required
@permission_required(BREAK, raise_exception=True)
def break_withdraw(request: StaffRequest, pk: int) -> HttpResponse:
    period = selectors.break_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    return act(
        request,
        lambda: rota_break_withdraw(period=period, actor=request.user),
        done=f"{period.worker.full_name} is back on the rota: shifts they still have count again.",
        then=redirect("welfare:worker", pk=period.worker_id),
    )


urlpatterns: list[URLPattern] = [
    path("welfare/workers/<int:pk>/", worker_welfare, name="worker"),
    path("welfare/workers/<int:pk>/check-ins/new/", checkin_record, name="checkin_record"),
    path("welfare/check-ins/<int:pk>/withdraw/", checkin_withdraw, name="checkin_withdraw"),
    path("welfare/workers/<int:pk>/break/", break_add, name="break_add"),
    path("welfare/breaks/<int:pk>/withdraw/", break_withdraw, name="break_withdraw"),
]
