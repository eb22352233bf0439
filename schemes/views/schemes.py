"""Schemes, their staff leads and their versioned role descriptions."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from accounts.selectors import staff_list
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted
from schemes import selectors
from schemes.diffs import role_description_diff
from schemes.forms.schemes import RoleDescriptionForm, SchemeForm, SchemeLeadForm
from schemes.models.roles import ROLE_DESCRIPTION_FIELDS
from schemes.services import schemes as services


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def scheme_list(request: StaffRequest) -> HttpResponse:
    schemes = selectors.scheme_list(establishment=request.establishment)
    return render(
        request,
        "schemes/scheme_list.html",
        {"schemes": schemes, "expiry_days": selectors.expiry_warning_days()},
    )


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def scheme_detail(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    user = request.user
    return render(
        request,
        "schemes/scheme_detail.html",
        {
            "scheme": scheme,
            "role": selectors.scheme_current_role(scheme=scheme),
            "contracts": selectors.scheme_contracts(scheme=scheme),
            "applications": selectors.scheme_applications(scheme=scheme),
            "waiting": selectors.waiting_list(scheme=scheme),
            "history": history_for(scheme),
            "can_change": user.has_perm("schemes.change_scheme", scheme),
            "can_publish": user.has_perm("schemes.publish_roledescription", scheme),
            "can_manage_applications": user.has_perm("schemes.manage_application", scheme),
            "can_manage_contracts": user.has_perm("schemes.manage_contract", scheme),
        },
    )


@establishment_required
@permission_required("schemes.add_scheme", raise_exception=True)
def scheme_create(request: StaffRequest) -> HttpResponse:
    form = SchemeForm(posted(request))
    if form.is_valid():
        try:
            scheme = services.scheme_create(
                establishment=request.establishment, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{scheme.name} added.")
            return redirect("schemes:scheme_detail", pk=scheme.pk)
    return render(request, "schemes/scheme_form.html", {"form": form, "scheme": None})


@establishment_required
@permission_required("schemes.change_scheme", raise_exception=True)
def scheme_update(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    if not request.user.has_perm("schemes.change_scheme", scheme):
        raise PermissionDenied
    name = scheme.name
    form = SchemeForm(posted(request), instance=scheme)
    if form.is_valid():
        try:
            services.scheme_update(scheme=scheme, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{scheme.name} saved.")
            return redirect("schemes:scheme_detail", pk=scheme.pk)
    return render(request, "schemes/scheme_form.html", {"form": form, "scheme": scheme, "scheme_name": name})


@establishment_required
@permission_required("schemes.change_schemelead", raise_exception=True)
def scheme_leads(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    staff = staff_list(establishment=request.establishment).exclude(
        pk__in=[lead.user_id for lead in scheme.active_leads]
    )
    form = SchemeLeadForm(posted(request), staff=staff)
    if form.is_valid():
        try:
            lead = services.scheme_lead_add(scheme=scheme, user=form.cleaned_data["user"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{lead.user} now leads {scheme.name}.")
            return redirect("schemes:scheme_leads", pk=scheme.pk)
    return render(request, "schemes/scheme_leads.html", {"scheme": scheme, "form": form})


@require_POST
@establishment_required
@permission_required("schemes.change_schemelead", raise_exception=True)
def scheme_lead_end(request: StaffRequest, pk: int, lead_pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    lead = next((lead for lead in scheme.active_leads if lead.pk == lead_pk), None)
    if lead is None:
        raise Http404("This person does not lead the scheme.")
    services.scheme_lead_end(lead=lead, actor=request.user)
    messages.success(request, f"{lead.user} no longer leads {scheme.name}.")
    return redirect("schemes:scheme_leads", pk=scheme.pk)


@establishment_required
@permission_required("schemes.publish_roledescription", raise_exception=True)
def role_description_edit(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    if not request.user.has_perm("schemes.publish_roledescription", scheme):
        raise PermissionDenied
    current = selectors.scheme_current_role(scheme=scheme)
    initial = {name: getattr(current, name) for name in ROLE_DESCRIPTION_FIELDS} if current else {}
    form = RoleDescriptionForm(posted(request), initial=initial)
    if form.is_valid():
        try:
            role = services.role_description_publish(scheme=scheme, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, f"Version {role.version} of the {scheme.name} role description published."
            )
            return redirect("schemes:role_description_version", pk=scheme.pk, version=role.version)
    return render(
        request, "schemes/role_description_form.html", {"form": form, "scheme": scheme, "current": current}
    )


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def role_description_versions(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    return render(
        request,
        "schemes/role_description_versions.html",
        {"scheme": scheme, "versions": selectors.role_description_versions(scheme=scheme)},
    )


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def role_description_version(request: StaffRequest, pk: int, version: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    role = selectors.role_description_get(scheme=scheme, version=version)
    previous = selectors.role_description_get(scheme=scheme, version=version - 1) if version > 1 else None
    return render(
        request,
        "schemes/role_description_version.html",
        {
            "scheme": scheme,
            "role": role,
            "previous": previous,
            "changes": role_description_diff(previous, role),
        },
    )
