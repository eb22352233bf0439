"""The kiosk's pages: the wing's public page, sign-in, and the signed-in peer worker's own pages.

No view takes a peer worker's id from the request: each reads the signed-in person from the
kiosk session (see kiosk.decorators), and the selectors look only at their records.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kiosk import selectors, session
from kiosk.decorators import kiosk_device_required, kiosk_worker_required
from kiosk.forms import KioskSignInForm, OutOfRoleReportForm
from kiosk.http import KioskRequest, WorkerKioskRequest
from kiosk.render import render_kiosk, set_device_cookie
from kiosk.services.reports import out_of_role_report_make
from kiosk.services.sign_in import kiosk_sign_in
from peerwork.forms import add_service_errors, posted


@kiosk_device_required
def start(request: KioskRequest) -> HttpResponse:
    if request.kiosk_worker is not None:
        return redirect("kiosk:menu")
    return render_kiosk(request, "kiosk/start.html")


@kiosk_device_required
def wing(request: KioskRequest) -> HttpResponse:
    schemes = selectors.wing_schemes(device=request.kiosk_device)
    return render_kiosk(request, "kiosk/wing.html", {"schemes": schemes})


@kiosk_device_required
def sign_in(request: KioskRequest) -> HttpResponse:
    if request.kiosk_worker is not None:
        return redirect("kiosk:menu")
    form = KioskSignInForm(posted(request))
    if form.is_valid():
        try:
            worker = kiosk_sign_in(device=request.kiosk_device, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            session.start(request, worker=worker, device=request.kiosk_device)
            response = redirect("kiosk:menu")
            # Sliding expiry: a kiosk in use keeps its enrolment.
            set_device_cookie(response, request.COOKIES[settings.KIOSK_DEVICE_COOKIE_NAME])
            return response
    return render_kiosk(request, "kiosk/sign_in.html", {"form": form})


@require_POST
@kiosk_device_required
def finish(request: KioskRequest) -> HttpResponse:
    went_idle = request.POST.get("reason") == "idle" or request.kiosk_went_idle
    session.end(request)
    if went_idle:
        messages.info(request, _("You were signed out because the screen was not touched for a minute."))
    else:
        messages.success(request, _("You have finished. Nothing about you is left on the screen."))
    return redirect("kiosk:start")


@kiosk_worker_required
def menu(request: WorkerKioskRequest) -> HttpResponse:
    offers = selectors.worker_menu(worker=request.kiosk_worker)
    return render_kiosk(request, "kiosk/menu.html", {"offers": offers})


@kiosk_worker_required
def my_role(request: WorkerKioskRequest) -> HttpResponse:
    contracts = selectors.worker_open_contracts(worker=request.kiosk_worker, today=timezone.localdate())
    return render_kiosk(request, "kiosk/my_role.html", {"contracts": contracts})


@kiosk_worker_required
def my_contract(request: WorkerKioskRequest) -> HttpResponse:
    contracts = selectors.worker_open_contracts(worker=request.kiosk_worker, today=timezone.localdate())
    return render_kiosk(request, "kiosk/my_contract.html", {"contracts": contracts})


@kiosk_worker_required
def my_shifts(request: WorkerKioskRequest) -> HttpResponse:
    shifts = selectors.worker_shifts(
        worker=request.kiosk_worker, today=timezone.localdate(), now=timezone.now()
    )
    return render_kiosk(request, "kiosk/my_shifts.html", {"shifts": shifts, "days": selectors.SHIFT_DAYS})


@kiosk_worker_required
def my_meetings(request: WorkerKioskRequest) -> HttpResponse:
    meetings = selectors.worker_next_meetings(worker=request.kiosk_worker, now=timezone.now())
    return render_kiosk(request, "kiosk/my_meetings.html", {"meetings": meetings})


@kiosk_worker_required
def report_list(request: WorkerKioskRequest) -> HttpResponse:
    reports = selectors.worker_reports(worker=request.kiosk_worker)
    return render_kiosk(request, "kiosk/report_list.html", {"reports": reports})


@kiosk_worker_required
def report_create(request: WorkerKioskRequest) -> HttpResponse:
    worker = request.kiosk_worker
    contracts = selectors.worker_open_contracts(worker=worker, today=timezone.localdate())
    form = OutOfRoleReportForm(posted(request), contracts=contracts)
    if contracts and form.is_valid():
        try:
            report = out_of_role_report_make(worker=worker, device=request.kiosk_device, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. The safer-custody team has got your message."))
            return redirect("kiosk:report_detail", pk=report.pk)
    return render_kiosk(request, "kiosk/report_form.html", {"form": form, "contracts": contracts})


@kiosk_worker_required
def report_detail(request: WorkerKioskRequest, pk: int) -> HttpResponse:
    report = selectors.worker_report_get(worker=request.kiosk_worker, pk=pk)
    return render_kiosk(request, "kiosk/report_detail.html", {"report": report})
