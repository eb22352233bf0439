"""Staff pages: enrol and revoke wing kiosks, and set or reset peer workers' kiosk PINs."""

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import StaffRequest
from kiosk import selectors_staff as selectors
from kiosk.forms import DeviceEnrolForm, DeviceRevokeForm, PinSetForm
from kiosk.permissions import manages_kiosks
from kiosk.render import set_device_cookie
from kiosk.services import devices as device_services
from kiosk.services.pins import pin_set
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted


@establishment_required
@permission_required("kiosk.view_kioskdevice", raise_exception=True)
def device_list(request: StaffRequest) -> HttpResponse:
    devices = selectors.device_list(establishment=request.establishment)
    return render(request, "kiosk/staff/device_list.html", {"devices": devices})


@establishment_required
@permission_required("kiosk.manage_kioskdevice", raise_exception=True)
def device_enrol(request: StaffRequest) -> HttpResponse:
    """Run on the kiosk itself: this browser becomes the kiosk, and the member of staff is signed out."""
    form = DeviceEnrolForm(
        posted(request), locations=selectors.enrolable_locations(establishment=request.establishment)
    )
    if form.is_valid():
        try:
            device, token = device_services.device_enrol(
                establishment=request.establishment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            messages.success(
                request, f"This screen is now the kiosk for {device.location}. You have been signed out."
            )
            response = redirect("kiosk:start")
            set_device_cookie(response, token)
            return response
    return render(request, "kiosk/staff/device_enrol.html", {"form": form})


@establishment_required
@permission_required("kiosk.view_kioskdevice", raise_exception=True)
def device_detail(request: StaffRequest, pk: int) -> HttpResponse:
    device = selectors.device_get(establishment=request.establishment, pk=pk)
    return render(
        request, "kiosk/staff/device_detail.html", {"device": device, "history": history_for(device)}
    )


@establishment_required
@permission_required("kiosk.manage_kioskdevice", raise_exception=True)
def device_revoke(request: StaffRequest, pk: int) -> HttpResponse:
    device = selectors.device_get(establishment=request.establishment, pk=pk)
    form = DeviceRevokeForm(posted(request))
    if form.is_valid():
        try:
            device_services.device_revoke(device=device, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{device.name} is revoked. It stops working as a kiosk at once.")
            return redirect("kiosk:device_detail", pk=device.pk)
    return render(request, "kiosk/staff/device_revoke.html", {"device": device, "form": form})


@establishment_required
@permission_required("kiosk.set_pin", raise_exception=True)
def pin_list(request: StaffRequest) -> HttpResponse:
    led_by = None if manages_kiosks(request.user) else request.user
    workers = selectors.pin_list(establishment=request.establishment, led_by=led_by)
    return render(request, "kiosk/staff/pin_list.html", {"workers": workers, "now": timezone.now()})


@establishment_required
@permission_required("kiosk.set_pin", raise_exception=True)
def pin_set_view(request: StaffRequest, pk: int) -> HttpResponse:
    worker = selectors.pin_worker_get(establishment=request.establishment, pk=pk)
    if not request.user.has_perm("kiosk.set_pin", worker):
        raise PermissionDenied
    credential = getattr(worker, "kiosk_credential", None)
    form = PinSetForm(posted(request))
    if form.is_valid():
        try:
            pin_set(
                worker=worker,
                establishment=request.establishment,
                pin=form.cleaned_data["pin"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"PIN set for {worker.full_name}. Tell them the PIN in private.")
            return redirect("kiosk:pin_list")
    return render(
        request,
        "kiosk/staff/pin_set.html",
        {
            "worker": worker,
            "credential": credential,
            "locked": credential is not None and credential.is_locked(timezone.now()),
            "history": history_for(credential) if credential else [],
            "form": form,
        },
    )
