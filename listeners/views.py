"""Officers' pages for Listeners: the look-up, who is on duty now, call-outs, reports, the printed
duty notice and the iCal feed."""

from collections.abc import Iterable, Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.http import StaffRequest
from listeners import ical, lookup, selectors, services
from listeners.forms import (
    CallOutArchiveForm,
    CallOutCorrectionForm,
    CallOutForm,
    NoticeWeekForm,
    ReportPeriodForm,
)
from listeners.lookup import DutyNotice
from listeners.rules import correction_refusal
from peerwork.decorators import establishment_required
from peerwork.documents import render_pdf
from peerwork.exports import csv_filename, csv_response
from peerwork.formats import day_month
from peerwork.forms import add_service_errors, posted
from rota.models import CallOut

CALLOUTS_PER_PAGE = 50
CALLOUT_CSV_HEADER = [
    "Asked for",
    "Started",
    "Ended",
    "Minutes",
    "Where",
    "Listener's prison number",
    "Listener",
    "Who asked",
    "Off the rota",
    "Recorded by",
    "Archived",
]
NOTICE_TEMPLATE = "listeners/notice.html"


@establishment_required
@permission_required("listeners.look_up_listener", raise_exception=True)
def lookup_search(request: StaffRequest) -> HttpResponse:
    result = lookup.listener_lookup(establishment=request.establishment, query=request.GET.get("q", ""))
    return render(
        request,
        "listeners/lookup.html",
        {"result": result, "on_duty": lookup.on_duty_now(establishment=request.establishment)},
    )


@establishment_required
@permission_required("listeners.look_up_listener", raise_exception=True)
def lookup_detail(request: StaffRequest, pk: int) -> HttpResponse:
    answer = lookup.listener_answer_get(establishment=request.establishment, pk=pk)
    feed_url = None
    if answer.contract is not None and request.user.has_perm("listeners.see_listener_feed_url"):
        token = ical.feed_token(answer.worker)
        feed_url = request.build_absolute_uri(reverse("listeners:ical_feed", args=[token]))
    return render(request, "listeners/lookup_detail.html", {"answer": answer, "feed_url": feed_url})


@establishment_required
@permission_required("listeners.record_callout", raise_exception=True)
def callout_record(request: StaffRequest) -> HttpResponse:
    initial = {}
    if listener_pk := request.GET.get("listener", "").strip():
        if not listener_pk.isdigit():
            return redirect("listeners:callout_record")
        initial["listener"] = lookup.listener_get(establishment=request.establishment, pk=int(listener_pk)).pk
    form = CallOutForm(posted(request), initial=initial, establishment=request.establishment)
    if form.is_valid():
        try:
            callout = services.callout_record(
                establishment=request.establishment, actor=request.user, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            started, ended = timezone.localtime(callout.started_at), timezone.localtime(callout.ended_at)
            messages.success(
                request,
                f"Call-out recorded: {callout.listener.full_name}, {callout.location.name}, "
                f"{day_month(started)} {started:%H:%M} to {ended:%H:%M}"
                + (", off the rota." if callout.off_rota else ", on the rota."),
            )
            if request.user.has_perm("listeners.report_callouts"):
                return redirect("listeners:callout_list")
            return redirect("home")
    return render(request, "listeners/callout_form.html", {"form": form})


@establishment_required
@permission_required("listeners.view_callout_log", raise_exception=True)
def callout_list(request: StaffRequest) -> HttpResponse:
    callout_filter = selectors.callout_filter(establishment=request.establishment, filters=request.GET)
    page = Paginator(callout_filter.qs, CALLOUTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "listeners/callout_list.html",
        {"filter": callout_filter, "page": page, "show_archived": callout_filter.shows_archived},
    )


@establishment_required
@permission_required("listeners.view_callout_log", raise_exception=True)
def callout_list_csv(request: StaffRequest) -> HttpResponseBase:
    """The log as the page lists it with the same filters (archived call-outs only when it shows
    them), every page. There is nothing about what was said, or who called: the call-out has no
    such field. Filters the page would show an error for give no file: back to the log with them,
    where the errors say what to correct."""
    callout_filter = selectors.callout_filter(establishment=request.establishment, filters=request.GET)
    if not callout_filter.is_valid():
        return redirect(f"{reverse('listeners:callout_list')}?{request.GET.urlencode()}")
    return csv_response(
        csv_filename("call-outs", request.establishment.code, timezone.localdate()),
        CALLOUT_CSV_HEADER,
        _callout_rows(callout_filter.qs),
    )


def _callout_rows(callouts: Iterable[CallOut]) -> Iterator[list[object]]:
    for callout in callouts:
        recorded_by = callout.recorded_by
        yield [
            callout.requested_at,
            callout.started_at,
            callout.ended_at,
            int((callout.ended_at - callout.started_at).total_seconds() // 60),
            callout.location.name,
            callout.listener.prison_number,
            callout.listener.full_name,
            callout.get_requested_by_display(),
            callout.off_rota,
            recorded_by.get_full_name() or recorded_by.username,
            callout.archived_at is not None,
        ]


@establishment_required
@permission_required("listeners.view_callout_log", raise_exception=True)
def callout_detail(request: StaffRequest, pk: int) -> HttpResponse:
    callout = selectors.callout_get(establishment=request.establishment, pk=pk)
    return render(
        request,
        "listeners/callout_detail.html",
        {
            "callout": callout,
            "history": selectors.callout_history(callout=callout),
            "correction_refusal": correction_refusal(callout, request.user, timezone.now()),
        },
    )


@establishment_required
@permission_required("listeners.correct_callout", raise_exception=True)
def callout_correct(request: StaffRequest, pk: int) -> HttpResponse:
    callout = selectors.callout_get(establishment=request.establishment, pk=pk)
    if (refusal := correction_refusal(callout, request.user, timezone.now())) is not None:
        raise PermissionDenied(refusal)
    form = CallOutCorrectionForm(posted(request), callout=callout)
    if form.is_valid():
        try:
            services.callout_correct(callout=callout, actor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Call-out corrected. What it said before is kept in its history.")
            return redirect("listeners:callout_detail", pk=callout.pk)
    return render(request, "listeners/callout_correct.html", {"callout": callout, "form": form})


@establishment_required
@permission_required("listeners.archive_callout", raise_exception=True)
def callout_archive(request: StaffRequest, pk: int) -> HttpResponse:
    callout = selectors.callout_get(establishment=request.establishment, pk=pk)
    form = CallOutArchiveForm(posted(request))
    if callout.archived_at is None and form.is_valid():
        try:
            services.callout_archive(callout=callout, actor=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Call-out archived. It is kept, but left out of the log and the reports."
            )
            return redirect("listeners:callout_list")
    return render(request, "listeners/callout_archive.html", {"callout": callout, "form": form})


@establishment_required
@permission_required("listeners.report_callouts", raise_exception=True)
def callout_reports(request: StaffRequest) -> HttpResponse:
    form = ReportPeriodForm(request.GET or None)
    starts_on, ends_on = form.period()
    report = selectors.callout_report(
        establishment=request.establishment, starts_on=starts_on, ends_on=ends_on
    )
    return render(request, "listeners/callout_reports.html", {"form": form, "report": report})


def _notice(request: StaffRequest, form: NoticeWeekForm) -> DutyNotice:
    return lookup.duty_notice(
        establishment=request.establishment, monday=form.monday(), cover_point=form.cover_point()
    )


@establishment_required
@permission_required("listeners.print_duty_notice", raise_exception=True)
def notice(request: StaffRequest) -> HttpResponse:
    """A week that is not a day peerwork works with shows no notice, only the week asked again."""
    form = NoticeWeekForm(request.GET)
    duty_notice = _notice(request, form) if form.has_week() else None
    return render(request, NOTICE_TEMPLATE, {"notice": duty_notice, "form": form, "as_pdf": False})


@establishment_required
@permission_required("listeners.print_duty_notice", raise_exception=True)
def notice_pdf(request: StaffRequest) -> HttpResponse:
    form = NoticeWeekForm(request.GET)
    if not form.has_week():
        raise Http404("No notice for that week.")
    duty_notice = _notice(request, form)
    return render_pdf(
        request,
        NOTICE_TEMPLATE,
        {"notice": duty_notice},
        filename=f"listeners-on-duty-{duty_notice.monday:%Y-%m-%d}.pdf",
    )


@login_not_required
@require_GET
def ical_feed(request: HttpRequest, token: str) -> HttpResponse:
    worker = ical.worker_for_token(token)
    response = HttpResponse(
        ical.listener_calendar(worker=worker), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="listener-shifts.ics"'
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response
