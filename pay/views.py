"""The weekly pay sheet (page, PDF, CSV), confirming a week, a scheme's rates and the bounds."""

from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.http import StaffRequest
from pay import selectors, services
from pay.forms import PayBoundsForm, WeekForm
from pay.selectors import PaySheet
from peerwork.dates import is_supported, monday_of
from peerwork.decorators import establishment_required
from peerwork.documents import render_pdf
from peerwork.exports import csv_filename, csv_response, pounds
from peerwork.formats import long_date, money
from peerwork.forms import posted
from peerwork.views import act, submitted
from schemes.forms.schemes import SchemeRateForm
from schemes.services.schemes import scheme_rate_set

SHEET_TEMPLATE = "pay/week_detail.html"


def _last_week() -> date:
    return monday_of(timezone.localdate()) - timedelta(days=7)


@establishment_required
@permission_required("pay.view_pay_sheet", raise_exception=True)
def pay_home(request: StaffRequest) -> HttpResponse:
    """The last full week, the one most often paid next; `?week=` (the picker) opens another."""
    if "week" not in request.GET:
        return redirect("pay:week_detail", starts_on=_last_week())
    form = WeekForm(request.GET)
    if form.is_valid():
        return redirect("pay:week_detail", starts_on=monday_of(form.cleaned_data["week"]))
    return render(request, "pay/week_choose.html", {"form": form}, status=400)


def _sheet(request: StaffRequest, starts_on: date) -> PaySheet:
    return selectors.pay_sheet(establishment=request.establishment, starts_on=starts_on)


def _neighbour(starts_on: date, days: int) -> date | None:
    other = starts_on + timedelta(days=days)
    return other if is_supported(other) else None


@establishment_required
@permission_required("pay.view_pay_sheet", raise_exception=True)
def week_detail(request: StaffRequest, starts_on: date) -> HttpResponse:
    if starts_on.weekday() != 0:
        return redirect("pay:week_detail", starts_on=monday_of(starts_on))
    sheet = _sheet(request, starts_on)
    today = timezone.localdate()
    return render(
        request,
        SHEET_TEMPLATE,
        {
            "sheet": sheet,
            "previous_week": _neighbour(starts_on, -7),
            "next_week": _neighbour(starts_on, 7),
            "has_ended": sheet.has_ended(today),
            "can_confirm": request.user.has_perm("pay.confirm_pay_week"),
            "week_form": WeekForm(initial={"week": starts_on}),
        },
    )


@establishment_required
@permission_required("pay.view_pay_sheet", raise_exception=True)
def week_pdf(request: StaffRequest, starts_on: date) -> HttpResponse:
    if starts_on.weekday() != 0:
        return redirect("pay:week_pdf", starts_on=monday_of(starts_on))
    sheet = _sheet(request, starts_on)
    filename = f"pay-{request.establishment.code.lower()}-{starts_on:%Y-%m-%d}.pdf"
    return render_pdf(request, SHEET_TEMPLATE, {"sheet": sheet}, filename=filename)


CSV_HEADER = [
    "Week starting",
    "Prison number",
    "Name",
    "Scheme",
    "Days in role",
    "Which days",
    "Weekly rate",
    "Suspensions",
    "Days paid",
    "Amount (£)",
    "Amount (pence)",
    "Confirmed",
]


@establishment_required
@permission_required("pay.view_pay_sheet", raise_exception=True)
def week_csv(request: StaffRequest, starts_on: date) -> HttpResponseBase:
    if starts_on.weekday() != 0:
        return redirect("pay:week_csv", starts_on=monday_of(starts_on))
    sheet = _sheet(request, starts_on)
    confirmed = sheet.confirmed is not None
    rows = (
        [
            starts_on,
            line.prison_number,
            line.worker_name,
            line.scheme_name,
            line.days_in_role,
            line.days_in_role_text,
            line.rates_text,
            line.suspensions_text,
            line.days_paid,
            pounds(line.amount_pence),
            line.amount_pence,
            confirmed,
        ]
        for line in sheet.lines
    )
    return csv_response(csv_filename("pay", request.establishment.code, starts_on), CSV_HEADER, rows)


@require_POST
@establishment_required
@permission_required("pay.confirm_pay_week", raise_exception=True)
def week_confirm(request: StaffRequest, starts_on: date) -> HttpResponse:
    return act(
        request,
        lambda: services.pay_week_confirm(
            establishment=request.establishment, starts_on=starts_on, actor=request.user
        ),
        done=f"The pay for the week of {long_date(starts_on)} is confirmed. It will not change.",
        then=redirect("pay:week_detail", starts_on=monday_of(starts_on)),
    )


@establishment_required
@permission_required("pay.set_rates", raise_exception=True)
def scheme_rates(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors.paid_scheme_get(establishment=request.establishment, pk=pk)
    form = SchemeRateForm(posted(request))
    rate = submitted(
        form,
        lambda: scheme_rate_set(
            scheme=scheme,
            weekly_rate_pence=form.cleaned_data["weekly_rate"],
            effective_from=form.cleaned_data["effective_from"],
            actor=request.user,
        ),
    )
    if rate is not None:
        messages.success(
            request,
            f"{scheme.name} pays {money(rate.weekly_rate_pence)} a week from {long_date(rate.effective_from)}.",
        )
        return redirect("pay:scheme_rates", pk=scheme.pk)
    return render(
        request,
        "pay/scheme_rates.html",
        {
            "scheme": scheme,
            "rates": selectors.scheme_rates(scheme=scheme),
            "form": form,
            "today": timezone.localdate(),
            "establishment": request.establishment,
        },
    )


@establishment_required
@permission_required("pay.set_rates", raise_exception=True)
def bounds(request: StaffRequest) -> HttpResponse:
    form = PayBoundsForm(posted(request), establishment=request.establishment)
    saved = submitted(
        form,
        lambda: services.pay_bounds_set(
            establishment=request.establishment,
            min_pence=form.cleaned_data["pay_min"],
            max_pence=form.cleaned_data["pay_max"],
            actor=request.user,
        ),
    )
    if saved is not None:
        messages.success(
            request,
            f"Weekly rates at {saved} must now be between {money(saved.pay_min_weekly_pence)} "
            f"and {money(saved.pay_max_weekly_pence)}.",
        )
        return redirect("pay:bounds")
    return render(request, "pay/bounds.html", {"form": form})
