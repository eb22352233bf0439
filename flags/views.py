from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from flags import audience, selectors, services
from flags.forms import FlagAcknowledgeForm, FlagCommentForm, FlagResolveForm
from flags.models import Flag
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors

FLAGS_PER_PAGE = 50


def _get_flag(request: StaffRequest, pk: int) -> Flag:
    flag = selectors.flag_get(establishment=request.establishment, pk=pk)
    if not request.user.has_perm("flags.act_on_flag", flag):
        if flag.kind in audience.SAFER_CUSTODY_ONLY:
            raise PermissionDenied(audience.SAFER_CUSTODY_ONLY_EXPLAINED)
        raise PermissionDenied
    return flag


@establishment_required
@permission_required("flags.view_flag", raise_exception=True)
def flag_list(request: StaffRequest) -> HttpResponse:
    flag_filter = selectors.flag_list(
        user=request.user, establishment=request.establishment, filters=request.GET
    )
    page = Paginator(flag_filter.qs, FLAGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "flags/flag_list.html",
        {"filter": flag_filter, "flags": selectors.flags_explained(page.object_list), "page": page},
    )


def _detail(
    request: StaffRequest,
    flag: Flag,
    *,
    comment_form: FlagCommentForm | None = None,
    acknowledge_form: FlagAcknowledgeForm | None = None,
    resolve_form: FlagResolveForm | None = None,
) -> HttpResponse:
    if resolve_form is None and flag.is_open and not flag.closes_by_itself:
        resolve_form = FlagResolveForm(flag=flag)
    return render(
        request,
        "flags/flag_detail.html",
        {
            "flag": flag,
            "safer_custody_only": flag.kind in audience.SAFER_CUSTODY_ONLY,
            "safer_custody_only_explained": audience.SAFER_CUSTODY_ONLY_EXPLAINED,
            "comment_form": comment_form or FlagCommentForm(flag=flag),
            "acknowledge_form": acknowledge_form
            or (FlagAcknowledgeForm(flag=flag) if flag.is_open else None),
            "resolve_form": resolve_form,
        },
    )


@establishment_required
@permission_required("flags.view_flag", raise_exception=True)
def flag_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _detail(request, _get_flag(request, pk))


@require_POST
@establishment_required
@permission_required("flags.view_flag", raise_exception=True)
def flag_acknowledge(request: StaffRequest, pk: int) -> HttpResponse:
    flag = _get_flag(request, pk)
    form = FlagAcknowledgeForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            flag = services.flag_acknowledge(flag=flag, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Flag acknowledged by {flag.acknowledged_by}.")
            return redirect("flags:flag_detail", pk=flag.pk)
    return _detail(request, flag, acknowledge_form=form)


@require_POST
@establishment_required
@permission_required("flags.view_flag", raise_exception=True)
def flag_comment(request: StaffRequest, pk: int) -> HttpResponse:
    flag = _get_flag(request, pk)
    form = FlagCommentForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            services.flag_comment(flag=flag, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Comment added.")
            return redirect("flags:flag_detail", pk=flag.pk)
    return _detail(request, flag, comment_form=form)


@require_POST
@establishment_required
@permission_required("flags.view_flag", raise_exception=True)
def flag_resolve(request: StaffRequest, pk: int) -> HttpResponse:
    flag = _get_flag(request, pk)
    form = FlagResolveForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            services.flag_resolve(flag=flag, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Flag resolved.")
            return redirect("flags:flag_detail", pk=flag.pk)
    return _detail(request, flag, resolve_form=form)
