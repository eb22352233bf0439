"""Concerns: the staff pages. The list and one concern's page with its timeline; a page for each
step staff take with a concern (one service each); logging a concern from paper; the departments
and topics that answer them."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from accounts.http import StaffRequest
from concerns import selectors, selectors_staff, services
from concerns.forms import (
    ConcernAnswerForm,
    ConcernCloseForm,
    ConcernDeclineForm,
    ConcernForwardForm,
    ConcernLogForm,
    ConcernNoteForm,
    ConcernPublishForm,
    ConcernReferForm,
    ConcernTakeForm,
    DepartmentForm,
    RetireForm,
    TopicForm,
)
from concerns.models import Concern, Department, Topic
from establishments.models import Location
from peerwork.decorators import establishment_required
from peerwork.forms import posted
from peerwork.views import submitted

CONCERNS_PER_PAGE = 50
VIEW = "concerns.view_concerns"
MANAGE = "concerns.manage_departments"


# --- The list and one concern ---------------------------------------------------------------


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_list(request: StaffRequest) -> HttpResponse:
    today = timezone.localdate()
    concern_filter = selectors_staff.concern_list(
        user=request.user, establishment=request.establishment, filters=request.GET, today=today
    )
    page = Paginator(concern_filter.qs, CONCERNS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "concerns/concern_list.html",
        {
            "filter": concern_filter,
            "page": page,
            "today": today,
            "counts": selectors_staff.concern_counts(
                user=request.user, establishment=request.establishment, today=today
            ),
            "may_log": request.user.has_perm("concerns.log_concern"),
        },
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_detail(request: StaffRequest, pk: int) -> HttpResponse:
    concern = selectors.concern_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    may_act = request.user.has_perm("concerns.act_on_concern", concern)
    return render(
        request,
        "concerns/concern_detail.html",
        {
            "concern": concern,
            "overdue": concern.is_overdue(),
            "timeline": selectors.concern_timeline(concern=concern),
            "steps": selectors_staff.next_steps(concern) if may_act else [],
        },
    )


# --- One concern's steps --------------------------------------------------------------------


def _concern_to_act_on(request: StaffRequest, pk: int) -> Concern:
    """404 if the user does not see it; 403 if they see it but may not act on it."""
    concern = selectors.concern_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    if not request.user.has_perm("concerns.act_on_concern", concern):
        raise PermissionDenied(
            "Only the department's owner, its deputies or the safer-custody team can do this."
        )
    return concern


def _step(
    request: StaffRequest,
    concern: Concern,
    form: Any,
    service: Callable[..., object],
    *,
    title: str,
    intro: str,
    done: str,
) -> HttpResponse:
    if (
        submitted(form, lambda: service(concern=concern, actor=request.user, **form.service_arguments()))
        is not None
    ):
        messages.success(request, done)
        return redirect("concerns:concern_detail", pk=concern.pk)
    return render(
        request,
        "concerns/concern_step.html",
        {"concern": concern, "form": form, "title": title, "intro": intro},
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_take(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    return _step(
        request,
        concern,
        ConcernTakeForm(posted(request)),
        services.concern_take,
        title="Take on the concern",
        intro="You become the member of staff dealing with it. Its department stays the same.",
        done="Concern taken on: you are dealing with it.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_forward(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    form = ConcernForwardForm(
        posted(request), departments=selectors_staff.forward_departments(concern=concern)
    )
    return _step(
        request,
        concern,
        form,
        services.concern_forward,
        title="Forward to another department",
        intro="The department it goes to answers it by the same day: the deadline does not start again.",
        done="Concern forwarded.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_note(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    return _step(
        request,
        concern,
        ConcernNoteForm(posted(request)),
        services.concern_note,
        title="Add a note",
        intro="A staff-only note stays with staff. A note for the peer worker is shown on the wing kiosk.",
        done="Note added.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_answer(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    return _step(
        request,
        concern,
        ConcernAnswerForm(posted(request)),
        services.concern_answer,
        title="Answer the concern",
        intro="The peer worker reads the answer on the wing kiosk and tells the resident.",
        done="Answer sent. The peer worker reads it on the kiosk.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_decline(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    return _step(
        request,
        concern,
        ConcernDeclineForm(posted(request)),
        services.concern_decline,
        title="Do not take the concern forward",
        intro="The peer worker reads your reason on the wing kiosk.",
        done="Concern not taken forward. The peer worker reads why on the kiosk.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_refer(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    return _step(
        request,
        concern,
        ConcernReferForm(posted(request)),
        services.concern_refer,
        title="Pass to the discrimination process",
        intro="Record the reference of the discrimination incident report form (DIRF) it was passed to.",
        done="Concern passed to the discrimination process.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_close(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    return _step(
        request,
        concern,
        ConcernCloseForm(posted(request)),
        services.concern_close,
        title="Close the concern",
        intro="Close an answered concern the peer worker has said nothing more about.",
        done="Concern closed.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def concern_publish(request: StaffRequest, pk: int) -> HttpResponse:
    concern = _concern_to_act_on(request, pk)
    form = ConcernPublishForm(
        posted(request),
        initial={
            "may_publish": concern.may_publish,
            "public_problem": concern.public_problem,
            "public_action": concern.public_action,
        },
    )
    return _step(
        request,
        concern,
        form,
        services.concern_publish,
        title="“You said, we did”",
        intro="Ticked, the problem and what was done are shown on the wing noticeboards, in general words.",
        done="Saved.",
    )


# --- Logging a concern from paper -----------------------------------------------------------


@establishment_required
@permission_required("concerns.log_concern", raise_exception=True)
def concern_log(request: StaffRequest) -> HttpResponse:
    form = ConcernLogForm(
        posted(request),
        contracts=selectors_staff.contracts_to_log_for(
            user=request.user, establishment=request.establishment
        ),
        topics=selectors.topics(establishment=request.establishment),
        wings=Location.objects.filter(establishment=request.establishment, archived_at=None).order_by("name"),
    )
    concern = submitted(form, lambda: services.concern_raise(actor=request.user, **form.service_arguments()))
    if concern is not None:
        messages.success(request, f"Concern logged and sent to {concern.department.name}.")
        return redirect("concerns:concern_detail", pk=concern.pk)
    return render(request, "concerns/concern_log.html", {"form": form})


# --- Departments and topics -----------------------------------------------------------------


@establishment_required
@permission_required(VIEW, raise_exception=True)
def department_list(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "concerns/department_list.html",
        {
            "departments": selectors_staff.department_list(establishment=request.establishment),
            "topics": selectors.topics(establishment=request.establishment).order_by("name"),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


def _department_form(request: StaffRequest, department: Department) -> HttpResponse:
    form = DepartmentForm(
        posted(request),
        instance=department,
        staff=selectors_staff.staff_of(establishment=request.establishment),
    )
    if (
        submitted(form, lambda: services.department_save(actor=request.user, **form.service_arguments()))
        is not None
    ):
        messages.success(request, f"{department.name} saved.")
        return redirect("concerns:department_list")
    return render(request, "concerns/department_form.html", {"form": form, "department": department})


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def department_add(request: StaffRequest) -> HttpResponse:
    return _department_form(request, Department(establishment=request.establishment))


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def department_edit(request: StaffRequest, pk: int) -> HttpResponse:
    department = selectors_staff.department_get(establishment=request.establishment, pk=pk)
    return _department_form(request, department)


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def department_retire(request: StaffRequest, pk: int) -> HttpResponse:
    department = selectors_staff.department_get(establishment=request.establishment, pk=pk)
    form = RetireForm(posted(request))
    if (
        submitted(form, lambda: services.department_retire(department=department, actor=request.user))
        is not None
    ):
        messages.success(request, f"{department.name} retired. Its concerns are kept.")
        return redirect("concerns:department_list")
    return render(request, "concerns/retire.html", {"form": form, "thing": department, "kind": "department"})


def _topic_form(request: StaffRequest, topic: Topic) -> HttpResponse:
    form = TopicForm(
        posted(request),
        instance=topic,
        departments=selectors.departments(establishment=request.establishment),
    )
    if (
        submitted(form, lambda: services.topic_save(actor=request.user, **form.service_arguments()))
        is not None
    ):
        messages.success(request, f"{topic.name} saved.")
        return redirect("concerns:department_list")
    return render(request, "concerns/topic_form.html", {"form": form, "topic": topic})


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def topic_add(request: StaffRequest) -> HttpResponse:
    return _topic_form(request, Topic(establishment=request.establishment))


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def topic_edit(request: StaffRequest, pk: int) -> HttpResponse:
    return _topic_form(request, selectors_staff.topic_get(establishment=request.establishment, pk=pk))


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def topic_retire(request: StaffRequest, pk: int) -> HttpResponse:
    topic = selectors_staff.topic_get(establishment=request.establishment, pk=pk)
    form = RetireForm(posted(request))
    if submitted(form, lambda: services.topic_retire(topic=topic, actor=request.user)) is not None:
        messages.success(request, f"{topic.name} retired. Its concerns are kept.")
        return redirect("concerns:department_list")
    return render(request, "concerns/retire.html", {"form": form, "thing": topic, "kind": "topic"})


urlpatterns: list[URLPattern] = [
    path("concerns/", concern_list, name="concern_list"),
    path("concerns/log/", concern_log, name="concern_log"),
    path("concerns/<int:pk>/", concern_detail, name="concern_detail"),
    path("concerns/<int:pk>/take/", concern_take, name="concern_take"),
    path("concerns/<int:pk>/forward/", concern_forward, name="concern_forward"),
    path("concerns/<int:pk>/note/", concern_note, name="concern_note"),
    path("concerns/<int:pk>/answer/", concern_answer, name="concern_answer"),
    path("concerns/<int:pk>/decline/", concern_decline, name="concern_decline"),
    path("concerns/<int:pk>/refer/", concern_refer, name="concern_refer"),
    path("concerns/<int:pk>/close/", concern_close, name="concern_close"),
    path("concerns/<int:pk>/publish/", concern_publish, name="concern_publish"),
    path("concerns/departments/", department_list, name="department_list"),
    path("concerns/departments/add/", department_add, name="department_add"),
    path("concerns/departments/<int:pk>/", department_edit, name="department_edit"),
    path("concerns/departments/<int:pk>/retire/", department_retire, name="department_retire"),
    path("concerns/topics/add/", topic_add, name="topic_add"),
    path("concerns/topics/<int:pk>/", topic_edit, name="topic_edit"),
    path("concerns/topics/<int:pk>/retire/", topic_retire, name="topic_retire"),
]
