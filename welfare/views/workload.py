"""Workload pages: the schemes to choose from, a scheme's table (sortable, paged) and its CSV.

The peer worker's own figures are a fragment of their welfare page
(templates/welfare/fragments/worker_workload.html, from `welfare.workload.worker_workload`).
"""

from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.exports import csv_filename, csv_response
from welfare import workload

ROWS_PER_PAGE = 50


def _weeks(request: StaffRequest) -> int:
    """The window the table shows: the last 4 weeks unless 12 are asked for."""
    asked = request.GET.get("weeks", "")
    return (
        max(workload.WINDOW_WEEKS) if asked == str(max(workload.WINDOW_WEEKS)) else min(workload.WINDOW_WEEKS)
    )


@establishment_required
@permission_required("welfare.view_workload", raise_exception=True)
def workload_schemes(request: StaffRequest) -> HttpResponse:
    schemes = workload.workload_schemes(user=request.user, establishment=request.establishment)
    return render(request, "welfare/workload_schemes.html", {"schemes": schemes})


@establishment_required
@permission_required("welfare.view_workload", raise_exception=True)
def scheme_workload(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = workload.workload_scheme_get(user=request.user, establishment=request.establishment, pk=pk)
    report = workload.scheme_workload(
        scheme=scheme, today=timezone.localdate(), order=request.GET.get("order", "")
    )
    weeks = _weeks(request)
    page = Paginator(report.rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "welfare/workload.html",
        {
            "report": report,
            "weeks": weeks,
            "window": next(window for window in report.windows if window.weeks == weeks),
            "headings": report.headings(weeks),
            "page": page,
            "rows": [(row, row.cells(weeks)) for row in page],
        },
    )


@establishment_required
@permission_required("welfare.view_workload", raise_exception=True)
def scheme_workload_csv(request: StaffRequest, pk: int) -> StreamingHttpResponse:
    scheme = workload.workload_scheme_get(user=request.user, establishment=request.establishment, pk=pk)
    today = timezone.localdate()
    report = workload.scheme_workload(scheme=scheme, today=today, order=request.GET.get("order", ""))
    return csv_response(
        csv_filename("Workload", scheme.name, request.establishment.code, today),
        report.csv_header(),
        report.csv_rows(),
    )


urlpatterns = [
    path("welfare/workload/", workload_schemes, name="workload_schemes"),
    path("welfare/schemes/<int:pk>/workload/", scheme_workload, name="workload"),
    path("welfare/schemes/<int:pk>/workload.csv", scheme_workload_csv, name="workload_csv"),
]
