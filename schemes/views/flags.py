from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, refusal
from schemes import selectors_flags as selectors
from schemes.forms.flags import FlagCommentForm, FlagResolveForm
from schemes.models import Flag
from schemes.permissions import sees_every_flag
from schemes.services import flags as services

FLAGS_PER_PAGE = 50


def _get_flag(request, pk: int) -> Flag:
    flag = selectors.flag_get(establishment=request.establishment, pk=pk)
    if not request.user.has_perm("schemes.act_on_flag", flag):
        raise PermissionDenied
    return flag


@establishment_required
@permission_required("schemes.view_flag", raise_exception=True)
def flag_list(request):
    flag_filter = selectors.flag_list(
        establishment=request.establishment,
        filters=request.GET,
        led_by=None if sees_every_flag(request.user) else request.user,
    )
    page = Paginator(flag_filter.qs, FLAGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "schemes/flag_list.html",
        {"filter": flag_filter, "flags": page.object_list, "page": page},
    )


def _detail(request, flag: Flag, *, comment_form=None, resolve_form=None):
    return render(
        request,
        "schemes/flag_detail.html",
        {
            "flag": flag,
            "comment_form": comment_form or FlagCommentForm(flag=flag),
            "resolve_form": resolve_form or (FlagResolveForm(flag=flag) if flag.is_open else None),
        },
    )


@establishment_required
@permission_required("schemes.view_flag", raise_exception=True)
def flag_detail(request, pk: int):
    return _detail(request, _get_flag(request, pk))


@require_POST
@establishment_required
@permission_required("schemes.view_flag", raise_exception=True)
def flag_acknowledge(request, pk: int):
    flag = _get_flag(request, pk)
    try:
        flag = services.flag_acknowledge(flag=flag, actor=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        messages.success(request, f"Flag acknowledged by {flag.acknowledged_by}.")
    return redirect("schemes:flag_detail", pk=flag.pk)


@require_POST
@establishment_required
@permission_required("schemes.view_flag", raise_exception=True)
def flag_comment(request, pk: int):
    flag = _get_flag(request, pk)
    form = FlagCommentForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            services.flag_comment(flag=flag, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Comment added.")
            return redirect("schemes:flag_detail", pk=flag.pk)
    return _detail(request, flag, comment_form=form)


@require_POST
@establishment_required
@permission_required("schemes.view_flag", raise_exception=True)
def flag_resolve(request, pk: int):
    flag = _get_flag(request, pk)
    form = FlagResolveForm(request.POST, flag=flag)
    if form.is_valid():
        try:
            services.flag_resolve(flag=flag, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Flag resolved.")
            return redirect("schemes:flag_detail", pk=flag.pk)
    return _detail(request, flag, resolve_form=form)
