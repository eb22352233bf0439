"""Concerns: the reports pages. "You said, we did" (a page to print and its PDF, for wing
noticeboards and prisoner council meetings) and the report on answering in time (page and CSV)."""

from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import path
from django.views.decorators.http import require_GET

from accounts.http import StaffRequest
from concerns import reports
from concerns.forms_reports import YouSaidForm
from peerwork.decorators import establishment_required
from peerwork.documents import render_pdf
from peerwork.exports import csv_filename, csv_response

YOU_SAID_TEMPLATE = "concerns/you_said.html"


def _you_said_notice(request: StaffRequest, form: YouSaidForm) -> reports.YouSaidNotice | None:
    """The notice asked for, or None when the month or wing is not one this page offers."""
    if not form.is_valid():
        return None
    month, wing = form.chosen()
    return reports.you_said_notice(establishment=request.establishment, month=month, wing=wing)


@require_GET
@establishment_required
@permission_required("concerns.view_concern_reports", raise_exception=True)
def you_said(request: StaffRequest) -> HttpResponse:
    """A month or wing that is not on the lists shows no notice, only the choice asked again."""
    form = YouSaidForm(request.GET, establishment=request.establishment)
    notice = _you_said_notice(request, form)
    return render(
        request,
        YOU_SAID_TEMPLATE,
        {"notice": notice, "form": form, "as_pdf": False},
        status=200 if notice is not None else 400,
    )


@require_GET
@establishment_required
@permission_required("concerns.view_concern_reports", raise_exception=True)
def you_said_pdf(request: StaffRequest) -> HttpResponse:
    form = YouSaidForm(request.GET, establishment=request.establishment)
    notice = _you_said_notice(request, form)
    if notice is None:
        raise Http404("No notice for that month or wing.")
    wing = f"-wing-{notice.wing.pk}" if notice.wing else ""
    return render_pdf(
        request,
        YOU_SAID_TEMPLATE,
        {"notice": notice},
        filename=f"you-said-we-did-{notice.establishment.code.lower()}-{notice.month:%Y-%m}{wing}.pdf",
    )


@require_GET
@establishment_required
@permission_required("concerns.view_concern_reports", raise_exception=True)
def report(request: StaffRequest) -> HttpResponse:
    concerns_report = reports.concerns_report(user=request.user, establishment=request.establishment)
    return render(request, "concerns/report.html", {"report": concerns_report})


@require_GET
@establishment_required
@permission_required("concerns.view_concern_reports", raise_exception=True)
def report_csv(request: StaffRequest) -> StreamingHttpResponse:
    concerns_report = reports.concerns_report(user=request.user, establishment=request.establishment)
    return csv_response(
        csv_filename("concerns report", concerns_report.establishment.code, concerns_report.today),
        reports.CSV_HEADER,
        reports.report_csv_rows(concerns_report),
    )


urlpatterns = [
    path("concerns/you-said-we-did/", you_said, name="you_said"),
    path("concerns/you-said-we-did.pdf", you_said_pdf, name="you_said_pdf"),
    path("concerns/report/", report, name="report"),
    path("concerns/report.csv", report_csv, name="report_csv"),
]
