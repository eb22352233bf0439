"""One shift at one place on one day: who is on it, adding a Listener, taking one off, and cover."""

from datetime import date

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
from rota.forms import AssignForm, CoverForm, ReasonForm
from rota.models import Assignment, Rota
from rota.rules import short_day
from rota.services import assignments as services
from rota.views._common import rota_builder


def _back_to_cell(assignment: Assignment) -> HttpResponse:
    return redirect(
        "rota:shift_detail",
        day=assignment.day,
        shift_type_pk=assignment.shift_type_id,
        cover_point_pk=assignment.cover_point_id,
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def shift_detail(
    request: StaffRequest, rota: Rota, day: date, shift_type_pk: int, cover_point_pk: int
) -> HttpResponse:
    shift_type = selectors.shift_type_get(rota=rota, pk=shift_type_pk)
    cover_point = selectors.cover_point_get(rota=rota, pk=cover_point_pk)
    cell = selectors.cell_detail(rota=rota, day=day, shift_type=shift_type, cover_point=cover_point)
    form = AssignForm(posted(request), candidates=cell.candidates)
    if form.is_valid():
        try:
            assignment = services.assignment_add(
                rota=rota,
                day=day,
                shift_type=shift_type,
                cover_point=cover_point,
                contract=form.contract,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{assignment.worker.full_name} is on {cell.slot.describe()}.")
            return redirect("rota:week_detail", starts_on=cell.slot.week_starts_on)
    return render(request, "rota/shift_detail.html", {"rota": rota, "cell": cell, "form": form})


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def assignment_remove(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(rota=rota, pk=pk)
    form = ReasonForm(
        posted(request),
        label="Why are they coming off this shift?",
        help_text="For example: moved to another wing. Their shift is kept in the record as taken off.",
        required_message="Say why they are coming off this shift.",
        submit_label="Take off the shift",
    )
    if form.is_valid():
        try:
            services.assignment_remove(assignment=assignment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{assignment.worker.full_name} is off {_described(assignment)}.")
            return _back_to_cell(assignment)
    return render(
        request,
        "rota/assignment_reason.html",
        {"assignment": assignment, "form": form, "heading": "Take a Listener off a shift"},
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def assignment_needs_cover(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(rota=rota, pk=pk)
    form = ReasonForm(
        posted(request),
        label="Why does the shift need cover?",
        help_text="For example: unwell, or on a visit. It shows as a gap until someone covers it.",
        required_message="Say why the shift needs cover.",
        submit_label="Ask for cover",
    )
    if form.is_valid():
        try:
            services.assignment_needs_cover(assignment=assignment, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{_described(assignment)} needs cover. Choose who covers it.")
            return redirect("rota:assignment_cover", pk=assignment.pk)
    return render(
        request,
        "rota/assignment_reason.html",
        {"assignment": assignment, "form": form, "heading": "Ask for cover"},
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def assignment_cover(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(rota=rota, pk=pk)
    if not assignment.needs_cover:
        messages.error(request, "Ask for cover for this shift first.")
        return _back_to_cell(assignment)
    candidates = selectors.cover_candidates(assignment=assignment)
    form = CoverForm(posted(request), candidates=candidates)
    if form.is_valid():
        try:
            cover = services.assignment_cover(
                assignment=assignment, contract=form.contract, actor=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{cover.worker.full_name} covers {assignment.worker.full_name} on {_described(assignment)}.",
            )
            return _back_to_cell(assignment)
    return render(
        request,
        "rota/assignment_cover.html",
        {
            "assignment": assignment,
            "form": form,
            "unavailable": [c for c in candidates if not c.is_free],
            "note": selectors.assignment_needs_cover_note(assignment=assignment),
        },
    )


@require_POST
@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
@rota_builder
def assignment_cover_withdraw(request: StaffRequest, rota: Rota, pk: int) -> HttpResponse:
    assignment = selectors.assignment_get(rota=rota, pk=pk)
    return act(
        request,
        lambda: services.assignment_cover_withdraw(assignment=assignment, actor=request.user),
        done=f"{assignment.worker.full_name} is back on {_described(assignment)}.",
        then=_back_to_cell(assignment),
    )


def _described(assignment: Assignment) -> str:
    return f"{assignment.shift_type.name} at {assignment.cover_point.name} on {short_day(assignment.day)}"
