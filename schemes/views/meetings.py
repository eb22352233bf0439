"""Supervision meetings: the list, a meeting's record, and scheduling, holding, cancelling,
moving and generating them. Staff can see them; changing them is for those who manage the scheme."""

from collections.abc import Callable, Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.exports import csv_filename, csv_response
from peerwork.formats import long_datetime
from peerwork.forms import add_service_errors, posted
from peerwork.views import act
from schemes import selectors
from schemes import selectors_meetings as meeting_selectors
from schemes.forms.meetings import (
    MeetingCancelForm,
    MeetingHeldForm,
    MeetingMoveForm,
    MeetingScheduleForm,
    MeetingSchemeForm,
)
from schemes.models import Scheme, SupervisionMeeting
from schemes.services import meetings as services

Status = SupervisionMeeting.Status
MEETINGS_PER_PAGE = 50
RowsOf = Callable[[QuerySet[SupervisionMeeting]], Iterator[list[object]]]


def _require_change(request: StaffRequest, scheme: Scheme) -> None:
    if not request.user.has_perm("schemes.change_scheme", scheme):
        raise PermissionDenied


def _scheme_from_query(request: StaffRequest) -> Scheme | None:
    value = request.GET.get("scheme")
    if not value:
        return None
    try:
        pk = int(value)
    except ValueError:
        raise Http404 from None
    return selectors.scheme_get(establishment=request.establishment, pk=pk)


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def meeting_list(request: StaffRequest) -> HttpResponse:
    meeting_filter = meeting_selectors.meeting_filter(
        establishment=request.establishment, filters=request.GET
    )
    page = Paginator(meeting_selectors.meetings_in_list_order(meeting_filter.qs), MEETINGS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    meetings = meeting_selectors.meeting_list(page)
    scheme = meeting_filter.chosen_scheme
    return render(
        request,
        "schemes/meeting_list.html",
        {
            "filter": meeting_filter,
            "page": page,
            "scheme": scheme,
            "upcoming": meetings.upcoming,
            "recent": meetings.recent,
            "can_change": scheme is not None and request.user.has_perm("schemes.change_scheme", scheme),
        },
    )


MEETING_CSV_HEADER = [
    "Scheme",
    "Date and time",
    "Place",
    "Lead",
    "Status",
    "Invited",
    "Attended",
    "Moved to",
    "Cancelled because",
]
ATTENDANCE_CSV_HEADER = [
    "Scheme",
    "Meeting date and time",
    "Meeting status",
    "Prison number",
    "Last name",
    "First name",
    "Invited",
    "Attended",
]


def _listed(request: StaffRequest, what: str, header: list[str], rows: RowsOf) -> HttpResponseBase:
    """The meetings the list's filters match, on every page, oldest first, as `rows`. Filters the
    page would show an error for give no file: back to the list with them, where the errors say
    what to correct."""
    meeting_filter = meeting_selectors.meeting_filter(
        establishment=request.establishment, filters=request.GET
    )
    if not meeting_filter.is_valid():
        return redirect(f"{reverse('schemes:meeting_list')}?{request.GET.urlencode()}")
    scheme = meeting_filter.chosen_scheme
    filename = csv_filename(
        what, request.establishment.code, scheme.name if scheme else "", timezone.localdate()
    )
    return csv_response(filename, header, rows(meeting_filter.qs))


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def meeting_list_csv(request: StaffRequest) -> HttpResponseBase:
    return _listed(request, "supervision meetings", MEETING_CSV_HEADER, _meeting_rows)


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def meeting_attendance_csv(request: StaffRequest) -> HttpResponseBase:
    """One row for each person invited to or recorded at each of the listed meetings. Attendance
    is recorded when a meeting is held: until then, and for a meeting that did not happen, the
    Attended cell is empty."""
    return _listed(
        request,
        "supervision attendance",
        ATTENDANCE_CSV_HEADER,
        lambda meetings: _attendance_rows(meeting_selectors.meeting_attendance(meetings=meetings)),
    )


def _lead(meeting: SupervisionMeeting) -> str:
    lead = meeting.lead
    return (lead.get_full_name() or lead.username) if lead else ""


def _meeting_rows(meetings: Iterable[SupervisionMeeting]) -> Iterator[list[object]]:
    for meeting in meetings:
        yield [
            meeting.scheme.name,
            meeting.starts_at,
            meeting.place,
            _lead(meeting),
            meeting.get_status_display(),
            getattr(meeting, "invited_count", None),
            getattr(meeting, "attended_count", None) if meeting.status == Status.HELD else None,
            meeting.moved_to.starts_at if meeting.moved_to else None,
            meeting.cancelled_reason,
        ]


def _attendance_rows(rows: Iterable[meeting_selectors.Attendance]) -> Iterator[list[object]]:
    for row in rows:
        meeting = row.meeting
        yield [
            meeting.scheme.name,
            meeting.starts_at,
            meeting.get_status_display(),
            row.prison_number,
            row.last_name,
            row.first_name,
            row.invited,
            row.attended if meeting.status == Status.HELD else None,
        ]


@establishment_required
@permission_required("schemes.view_scheme", raise_exception=True)
def meeting_detail(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get(establishment=request.establishment, pk=pk)
    can_change = request.user.has_perm("schemes.change_scheme", meeting.scheme)
    return render(
        request,
        "schemes/meeting_detail.html",
        {
            "meeting": meeting,
            "moved_from": getattr(meeting, "moved_from", None),
            "actions": meeting_selectors.meeting_actions(meeting=meeting) if can_change else {},
            "history": meeting_selectors.meeting_history(meeting=meeting),
        },
    )


@establishment_required
@permission_required("schemes.change_scheme", raise_exception=True)
def meeting_create(request: StaffRequest) -> HttpResponse:
    scheme = _scheme_from_query(request)
    if scheme is None:
        choice = MeetingSchemeForm(
            schemes=selectors.schemes_user_may_act_on(user=request.user, establishment=request.establishment)
        )
        return render(request, "schemes/meeting_scheme_choice.html", {"form": choice})
    _require_change(request, scheme)
    form = MeetingScheduleForm(
        posted(request), establishment=request.establishment, scheme=scheme, actor=request.user
    )
    if form.is_valid():
        try:
            meeting = services.meeting_schedule(scheme=scheme, actor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{scheme.name} supervision meeting scheduled for {long_datetime(meeting.starts_at)}.",
            )
            return redirect("schemes:meeting_detail", pk=meeting.pk)
    return render(request, "schemes/meeting_form.html", {"form": form, "scheme": scheme})


@establishment_required
@permission_required("schemes.change_scheme", raise_exception=True)
def meeting_record_held(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get(establishment=request.establishment, pk=pk)
    _require_change(request, meeting.scheme)
    form = MeetingHeldForm(posted(request), meeting=meeting)
    if form.is_valid():
        try:
            services.meeting_record_held(
                meeting=meeting,
                attended=list(form.cleaned_data["attended"]),
                notes=form.cleaned_data["notes"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting of {long_datetime(meeting.starts_at)} recorded as held.")
            return redirect("schemes:meeting_detail", pk=meeting.pk)
    return render(request, "schemes/meeting_held.html", {"form": form, "meeting": meeting})


@establishment_required
@permission_required("schemes.change_scheme", raise_exception=True)
def meeting_cancel(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get(establishment=request.establishment, pk=pk)
    _require_change(request, meeting.scheme)
    form = MeetingCancelForm(posted(request))
    if form.is_valid():
        try:
            services.meeting_cancel(meeting=meeting, reason=form.cleaned_data["reason"], actor=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Meeting of {long_datetime(meeting.starts_at)} cancelled. Safer custody can see it is flagged.",
            )
            return redirect("schemes:meeting_detail", pk=meeting.pk)
    return render(request, "schemes/meeting_cancel.html", {"form": form, "meeting": meeting})


@establishment_required
@permission_required("schemes.change_scheme", raise_exception=True)
def meeting_move(request: StaffRequest, pk: int) -> HttpResponse:
    meeting = meeting_selectors.meeting_get(establishment=request.establishment, pk=pk)
    _require_change(request, meeting.scheme)
    form = MeetingMoveForm(posted(request), meeting=meeting)
    if form.is_valid():
        try:
            new = services.meeting_move(
                meeting=meeting,
                new_starts_at=form.cleaned_data["starts_at"],
                place=form.cleaned_data["place"],
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Meeting moved to {long_datetime(new.starts_at)}.")
            return redirect("schemes:meeting_detail", pk=new.pk)
    return render(request, "schemes/meeting_move.html", {"form": form, "meeting": meeting})


@establishment_required
@permission_required("schemes.change_scheme", raise_exception=True)
def meetings_generate(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.scheme_get(establishment=request.establishment, pk=pk)
    _require_change(request, scheme)
    scheme_meetings = reverse("schemes:meeting_list") + f"?scheme={scheme.pk}"
    if request.method == "POST":
        return act(
            request,
            lambda: services.meetings_generate(scheme=scheme, actor=request.user),
            done=_generated,
            then=redirect(scheme_meetings),
        )
    return render(
        request,
        "schemes/meeting_generate.html",
        {
            "scheme": scheme,
            "plan": meeting_selectors.meeting_plan(scheme=scheme),
            "scheme_meetings": scheme_meetings,
        },
    )


def _generated(created: list[SupervisionMeeting]) -> str:
    if not created:
        return "No meetings added: those days already have one."
    return (
        f"{len(created)} meeting{'s' if len(created) != 1 else ''} scheduled, "
        f"from {long_datetime(created[0].starts_at)}."
    )
