"""One-to-one support: the stumbling-blocks report (page and CSV) of a scheme the user keeps."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_GET

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.exports import csv_filename, csv_response
from support import reports
from support.forms_reports import StumblingBlocksForm


def _report(form: StumblingBlocksForm) -> reports.StumblingBlocks | None:
    """The report asked for, or None when the scheme or weeks are not ones the page offers."""
    if not form.is_valid():
        return None
    scheme, weeks = form.chosen()
    return reports.stumbling_blocks(scheme=scheme, weeks=weeks)


@require_GET
@establishment_required
@permission_required("support.view_stumbling_blocks", raise_exception=True)
def stumbling_blocks(request: StaffRequest) -> HttpResponse:
    """No scheme kept is a page that says so; a scheme or weeks not on the lists, the choice asked
    again (400)."""
    form = StumblingBlocksForm(request.GET, user=request.user, establishment=request.establishment)
    report = _report(form) if form.schemes else None
    context = {"form": form, "report": report, "chart": reports.chart(report) if report else None}
    status = 400 if form.schemes and report is None else 200
    return render(request, "support/stumbling_blocks.html", context, status=status)


@require_GET
@establishment_required
@permission_required("support.view_stumbling_blocks", raise_exception=True)
def stumbling_blocks_csv(request: StaffRequest) -> StreamingHttpResponse:
    form = StumblingBlocksForm(request.GET, user=request.user, establishment=request.establishment)
    report = _report(form)
    if report is None:
        raise Http404("No report for that scheme or those weeks.")
    return csv_response(
        csv_filename(
            "stumbling blocks",
            request.establishment.code,
            "scheme",
            report.scheme.pk,
            report.weeks,
            "weeks",
            report.today,
        ),
        reports.csv_header(),
        reports.csv_rows(report),
    )


urlpatterns: list[URLPattern] = [
    path("support/stumbling-blocks/", stumbling_blocks, name="stumbling_blocks"),
    path("support/stumbling-blocks.csv", stumbling_blocks_csv, name="stumbling_blocks_csv"),
]
