from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted
from peerwork.views import act
from schemes import selectors
from schemes.forms.locations import LocationForm
from schemes.services import locations as services


@establishment_required
@permission_required("schemes.view_location", raise_exception=True)
def location_list(request: StaffRequest) -> HttpResponse:
    show_archived = request.GET.get("archived") == "1"
    locations = selectors.location_list(establishment=request.establishment, include_archived=show_archived)
    return render(
        request,
        "schemes/location_list.html",
        {"locations": locations, "show_archived": show_archived},
    )


@establishment_required
@permission_required("schemes.view_location", raise_exception=True)
def location_detail(request: StaffRequest, pk: int) -> HttpResponse:
    location = selectors.location_get(establishment=request.establishment, pk=pk)
    return render(
        request,
        "schemes/location_detail.html",
        {"location": location, "history": history_for(location)},
    )


@establishment_required
@permission_required("schemes.add_location", raise_exception=True)
def location_create(request: StaffRequest) -> HttpResponse:
    form = LocationForm(posted(request))
    if form.is_valid():
        try:
            location = services.location_create(
                establishment=request.establishment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{location.name} added.")
            return redirect("schemes:location_detail", pk=location.pk)
    return render(request, "schemes/location_form.html", {"form": form, "location": None})


@establishment_required
@permission_required("schemes.change_location", raise_exception=True)
def location_update(request: StaffRequest, pk: int) -> HttpResponse:
    location = selectors.location_get(establishment=request.establishment, pk=pk)
    form = LocationForm(posted(request), instance=location)
    if form.is_valid():
        try:
            services.location_update(location=location, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{location.name} saved.")
            return redirect("schemes:location_detail", pk=location.pk)
    return render(request, "schemes/location_form.html", {"form": form, "location": location})


@require_POST
@establishment_required
@permission_required("schemes.change_location", raise_exception=True)
def location_archive(request: StaffRequest, pk: int) -> HttpResponse:
    location = selectors.location_get(establishment=request.establishment, pk=pk)
    services.location_archive(location=location, actor=request.user)
    messages.success(request, f"{location.name} archived. Its history is kept.")
    return redirect("schemes:location_detail", pk=location.pk)


@require_POST
@establishment_required
@permission_required("schemes.change_location", raise_exception=True)
def location_restore(request: StaffRequest, pk: int) -> HttpResponse:
    location = selectors.location_get(establishment=request.establishment, pk=pk)
    return act(
        request,
        lambda: services.location_restore(location=location, actor=request.user),
        done=f"{location.name} restored.",
        then=redirect("schemes:location_detail", pk=location.pk),
    )
