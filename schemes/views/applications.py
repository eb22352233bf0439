from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from flags import selectors as flag_selectors
from peerwork.audit import history_for
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted, refusal
from peerwork.views import act
from schemes import selectors
from schemes.forms.applications import (
    ApplicationForm,
    ApproveForm,
    CheckOutcomeForm,
    DeclineForm,
    InterviewForm,
    WithdrawForm,
)
from schemes.models import Application
from schemes.rules import suggested_outcome
from schemes.services import applications as services

APPLICATIONS_PER_PAGE = 50
STAGE_HEADINGS: dict[str, str] = {
    Application.Status.RECEIVED: "Received",
    Application.Status.CHECKS: "Eligibility checks",
    Application.Status.INTERVIEW: "Interview",
}


def _get_for_writing(request: StaffRequest, pk: int) -> Application:
    application = selectors.application_get(establishment=request.establishment, pk=pk)
    if not request.user.has_perm("schemes.manage_application", application.scheme):
        raise PermissionDenied
    return application


def _refused(request: StaffRequest, application: Application, error: ValidationError) -> HttpResponse:
    messages.error(request, refusal(error))
    return redirect("schemes:application_detail", pk=application.pk)


@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_pipeline(request: StaffRequest) -> HttpResponse:
    """The applications, filtered and a page at a time (in progress, oldest first, unless chosen
    otherwise), under how many wait at each stage of the chosen scheme."""
    application_filter = selectors.application_filter(
        establishment=request.establishment, filters=request.GET
    )
    page = Paginator(application_filter.qs, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    scheme = application_filter.form.cleaned_data.get("scheme")
    counts = selectors.application_stage_counts(establishment=request.establishment, scheme=scheme)
    today = timezone.localdate()
    for application in page.object_list:
        application.days_waiting = (today - application.received_on).days if application.is_open else None
    return render(
        request,
        "schemes/application_pipeline.html",
        {
            "filter": application_filter,
            "page": page,
            "applications": page.object_list,
            "scheme": scheme,
            "stages": [
                {"heading": heading, "status": status, "count": counts[status]}
                for status, heading in STAGE_HEADINGS.items()
            ],
        },
    )


@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_create(request: StaffRequest) -> HttpResponse:
    initial = {"received_on": timezone.localdate(), "route": Application.Route.APPLIED}
    initial |= {
        name: request.GET[name] for name in ("worker", "scheme") if request.GET.get(name, "").isdigit()
    }
    form = ApplicationForm(
        posted(request),
        initial=initial,
        establishment=request.establishment,
        schemes=selectors.schemes_user_may_act_on(user=request.user, establishment=request.establishment),
    )
    if form.is_valid():
        fields = dict(form.cleaned_data)
        worker, scheme = fields.pop("worker"), fields.pop("scheme")
        if not request.user.has_perm("schemes.manage_application", scheme):
            raise PermissionDenied
        try:
            application = services.application_create(
                worker=worker, scheme=scheme, actor=request.user, **fields
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Application from {worker.full_name} to {scheme.name} recorded.")
            return redirect("schemes:application_detail", pk=application.pk)
    return render(request, "schemes/application_form.html", {"form": form})


def _detail(
    request: StaffRequest,
    application: Application,
    *,
    check_form: CheckOutcomeForm | None = None,
    interview_form: InterviewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate()
    can_manage = application.is_open and request.user.has_perm(
        "schemes.manage_application", application.scheme
    )
    checks = []
    for check in application.checks.all():
        form = check_form if check_form is not None and check_form.prefix == f"check-{check.pk}" else None
        checks.append(
            {
                "check": check,
                "hint": suggested_outcome(
                    check.requirement, application.worker, application.scheme, today=today
                ),
                "form": (form or CheckOutcomeForm(check=check)) if can_manage else None,
            }
        )
    return render(
        request,
        "schemes/application_detail.html",
        {
            "application": application,
            "checks": checks,
            "can_manage": can_manage,
            "interview_form": (interview_form or InterviewForm(instance=application)) if can_manage else None,
            "approve_form": ApproveForm(application=application) if can_manage else None,
            "history": history_for(application),
        },
        status=status,
    )


@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_detail(request: StaffRequest, pk: int) -> HttpResponse:
    application = selectors.application_get(establishment=request.establishment, pk=pk)
    return _detail(request, application)


@require_POST
@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_advance(request: StaffRequest, pk: int) -> HttpResponse:
    application = _get_for_writing(request, pk)
    status = request.POST.get("status", "")
    fields = {}
    if status == Application.Status.INTERVIEW:
        form = InterviewForm(request.POST, instance=application)
        if not form.is_valid():
            return _detail(request, application, interview_form=form)
        fields = form.cleaned_data
    return act(
        request,
        lambda: services.application_advance(
            application=application, status=status, actor=request.user, **fields
        ),
        done=lambda advanced: f"Moved to {STAGE_HEADINGS[advanced.status].lower()}.",
        then=redirect("schemes:application_detail", pk=application.pk),
    )


@require_POST
@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_check_record(request: StaffRequest, pk: int, check_pk: int) -> HttpResponse:
    application = _get_for_writing(request, pk)
    check = next((check for check in application.checks.all() if check.pk == check_pk), None)
    if check is None:
        raise Http404
    form = CheckOutcomeForm(request.POST, check=check)
    if not form.is_valid():
        return _detail(request, application, check_form=form)
    try:
        services.application_check_record(check=check, actor=request.user, **form.cleaned_data)
    except ValidationError as error:
        return _refused(request, application, error)
    messages.success(
        request, f"“{check.requirement.label}” recorded as {check.get_outcome_display().lower()}."
    )
    return redirect(reverse("schemes:application_detail", args=[application.pk]) + "#checks")


@require_POST
@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_approve(request: StaffRequest, pk: int) -> HttpResponse:
    application = _get_for_writing(request, pk)
    form = ApproveForm(request.POST, application=application)
    form.is_valid()
    try:
        services.application_approve(
            application=application, actor=request.user, reason=form.cleaned_data.get("reason", "")
        )
    except ValidationError as error:
        return _refused(request, application, error)
    messages.success(
        request,
        f"{application.worker.full_name} approved for {application.scheme.name}. Now issue their contract.",
    )
    query = urlencode(
        {"worker": application.worker_id, "scheme": application.scheme_id, "application": application.pk}
    )
    return redirect(f"{reverse('schemes:contract_issue')}?{query}")


def _decide(
    request: StaffRequest,
    pk: int,
    *,
    form_class: type[DeclineForm | WithdrawForm],
    service: Callable[..., Application],
    template_heading: str,
    done: str,
) -> HttpResponse:
    application = _get_for_writing(request, pk)
    form = form_class(posted(request))
    if form.is_valid():
        try:
            service(application=application, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done.format(name=application.worker.full_name))
            return redirect("schemes:application_detail", pk=application.pk)
    return render(
        request,
        "schemes/application_decision_form.html",
        {"form": form, "application": application, "heading": template_heading},
    )


@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_decline(request: StaffRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        form_class=DeclineForm,
        service=services.application_decline,
        template_heading="Decline the application",
        done="Application from {name} declined.",
    )


@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_withdraw(request: StaffRequest, pk: int) -> HttpResponse:
    return _decide(
        request,
        pk,
        form_class=WithdrawForm,
        service=services.application_withdraw,
        template_heading="Withdraw the application",
        done="Application from {name} withdrawn.",
    )


@require_POST
@establishment_required
@permission_required("schemes.manage_application", raise_exception=True)
def application_invite_after_arrival(request: StaffRequest, flag_pk: int) -> HttpResponse:
    """The arrival flag's "Invite to apply": an application to the chosen scheme here, checklist
    pre-filled where the record carries over. A refusal goes back to the flag, which is unchanged."""
    flag = flag_selectors.flag_get(establishment=request.establishment, pk=flag_pk)
    scheme = selectors.scheme_for_invite(establishment=request.establishment, pk=request.POST.get("scheme"))
    if scheme is None:
        messages.error(request, "Choose the scheme to invite them to.")
        return redirect("flags:flag_detail", pk=flag.pk)
    if not request.user.has_perm("schemes.manage_application", scheme):
        raise PermissionDenied
    try:
        application = services.application_invite_after_arrival(flag=flag, scheme=scheme, actor=request.user)
    except ValidationError as error:
        messages.error(request, refusal(error))
        return redirect("flags:flag_detail", pk=flag.pk)
    messages.success(
        request,
        f"{application.worker.full_name} is invited to apply to {scheme.name}. Confirm the checks carried over.",
    )
    return redirect("schemes:application_detail", pk=application.pk)
