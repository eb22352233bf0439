"""Setting up the rota: its rules, the shift pattern, the places that need cover and how many
Listeners each needs. For those who build the rota."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted
from peerwork.views import act
from rota import selectors
from rota.forms import CoverNeedsForm, CoverPointForm, RotaRulesForm, ShiftTypeForm
from rota.models import Rota
from rota.services import setup as services
from rota.views._common import require_change, rota_builder


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
def setup(request: StaffRequest) -> HttpResponse:
    rota = selectors.rota_for(establishment=request.establishment)
    if rota is None:
        return redirect("rota:rules_edit")
    require_change(request, rota)
    return render(request, "rota/setup.html", {"rota": rota, "setup": selectors.setup_overview(rota=rota)})


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
def rules_edit(request: StaffRequest) -> HttpResponse:
    """Creates the rota the first time; changes its rules after that."""
    rota = selectors.rota_for(establishment=request.establishment)
    require_change(request, rota or selectors.listener_scheme(establishment=request.establishment))
    form = RotaRulesForm(posted(request), rota=rota)
    if form.is_valid():
        try:
            services.rota_setup(establishment=request.establishment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Rota rules saved."
                if rota
                else "Listener rota started. Now add its shifts and the places that need cover.",
            )
            return redirect("rota:setup")
    return render(request, "rota/rules_form.html", {"form": form, "rota": rota})


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def shift_type_create(request: StaffRequest, rota: Rota) -> HttpResponse:
    form = ShiftTypeForm(posted(request))
    if form.is_valid():
        try:
            shift_type = services.shift_type_add(rota=rota, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{shift_type} added to the pattern.")
            return redirect("rota:setup")
    return render(request, "rota/shift_type_form.html", {"form": form, "shift_type": None})


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def shift_type_update(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    shift_type = selectors.shift_type_get(rota=rota, pk=pk)
    form = ShiftTypeForm(posted(request), shift_type=shift_type)
    if form.is_valid():
        try:
            shift_type = services.shift_type_update(
                shift_type=shift_type, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{shift_type} saved.")
            return redirect("rota:setup")
    return render(request, "rota/shift_type_form.html", {"form": form, "shift_type": shift_type})


@require_POST
@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def shift_type_archive(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    shift_type = selectors.shift_type_get(rota=rota, pk=pk)
    return act(
        request,
        lambda: services.shift_type_archive(shift_type=shift_type, actor=request.user),
        done=f"The {shift_type.name} shift is retired. Past weeks still show it.",
        then=redirect("rota:setup"),
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def cover_point_create(request: StaffRequest, rota: Rota) -> HttpResponse:
    form = CoverPointForm(
        posted(request), locations=selectors.locations_to_cover(establishment=request.establishment)
    )
    if form.is_valid():
        try:
            point = services.cover_point_add(rota=rota, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{point.name} added. Say how many Listeners it needs on each shift.")
            return redirect("rota:needs_edit")
    return render(request, "rota/cover_point_form.html", {"form": form, "cover_point": None})


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def cover_point_update(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    point = selectors.cover_point_get(rota=rota, pk=pk)
    form = CoverPointForm(
        posted(request),
        locations=selectors.locations_to_cover(establishment=request.establishment),
        cover_point=point,
    )
    if form.is_valid():
        try:
            point = services.cover_point_update(cover_point=point, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{point.name} saved.")
            return redirect("rota:setup")
    return render(request, "rota/cover_point_form.html", {"form": form, "cover_point": point})


@require_POST
@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def cover_point_archive(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    point = selectors.cover_point_get(rota=rota, pk=pk)
    return act(
        request,
        lambda: services.cover_point_archive(cover_point=point, actor=request.user),
        done=f"{point.name} no longer needs cover on the rota. Past weeks still show it.",
        then=redirect("rota:setup"),
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def needs_edit(request: StaffRequest, rota: Rota) -> HttpResponse:
    setup = selectors.setup_overview(rota=rota)
    current = {(point.pk, shift.pk): n for point, row in setup.needs for shift, n in row}
    form = CoverNeedsForm(
        posted(request), cover_points=setup.cover_points, shift_types=setup.shift_types, current=current
    )
    if form.is_valid():
        try:
            changed = services.cover_needs_set(rota=rota, actor=request.user, needs=form.needs())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Listeners needed saved ({changed} change{'s' if changed != 1 else ''})."
            )
            return redirect("rota:setup")
    return render(request, "rota/needs_form.html", {"form": form, "setup": setup})
