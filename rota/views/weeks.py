"""A week of the rota: the grid, filling its gaps, copying last week, publishing.

Anyone on the staff may see a published week, read-only. Those who build the rota see every week
and change it."""

from collections.abc import Callable
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.dates import monday_of
from peerwork.decorators import establishment_required
from peerwork.formats import long_date
from peerwork.forms import add_service_errors
from peerwork.views import act
from rota import selectors
from rota.forms import FillForm
from rota.models import CoverPoint, Rota, ShiftType
from rota.rules import short_day
from rota.services import weeks as services
from rota.services.weeks import Choice, CopyResult, ProposalRefused
from rota.views._common import not_a_monday, require_change, rota_of


@establishment_required
@permission_required("rota.view_rota", raise_exception=True)
def rota_home(request: StaffRequest) -> HttpResponse:
    rota = selectors.rota_for(establishment=request.establishment)
    if rota is None:
        return render(request, "rota/start.html")
    return redirect("rota:week_detail", starts_on=monday_of(timezone.localdate()))


@establishment_required
@permission_required("rota.view_rota", raise_exception=True)
def week_detail(request: StaffRequest, starts_on: date) -> HttpResponse:
    if moved := not_a_monday(starts_on, "rota:week_detail"):
        return moved
    rota = rota_of(request)
    can_change = request.user.has_perm("rota.change_rota", rota)
    grid = selectors.week_grid(rota=rota, starts_on=starts_on)
    return render(
        request,
        "rota/week_detail.html",
        {
            "rota": rota,
            "grid": grid,
            "can_change": can_change,
            "shown": can_change or grid.is_published,
            "is_this_week": starts_on == monday_of(timezone.localdate()),
        },
    )


def _describer(
    rota: Rota,
) -> tuple[Callable[[tuple[date, int, int]], str], dict[int, ShiftType], dict[int, CoverPoint]]:
    shift_types, cover_points = selectors.pattern_lookup(rota=rota)

    def describe(parsed: tuple[date, int, int]) -> str:
        day, shift_type_pk, cover_point_pk = parsed
        shift_type, point = shift_types.get(shift_type_pk), cover_points.get(cover_point_pk)
        if shift_type is None or point is None:
            return ""
        return f"{shift_type.name} at {point.name} on {short_day(day)}"

    return describe, shift_types, cover_points


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
def week_fill(request: StaffRequest, starts_on: date) -> HttpResponse:
    """Proposals for the gaps, each with its reason; the coordinator unticks or changes any."""
    if moved := not_a_monday(starts_on, "rota:week_fill"):
        return moved
    rota = rota_of(request)
    require_change(request, rota)
    plan = services.gaps_propose(rota=rota, starts_on=starts_on)
    describe, shift_types, cover_points = _describer(rota)
    contracts = selectors.listener_contracts(rota=rota)
    if request.method != "POST":
        form = FillForm(plan=plan, contracts=contracts, describe=describe)
    else:
        form = FillForm(request.POST, plan=None, contracts=contracts, describe=describe)
        if form.is_valid():
            accepted = form.accepted()
            choices = [
                Choice(
                    day=day,
                    shift_type=shift_types[shift_type_pk],
                    cover_point=cover_points[cover_point_pk],
                    contract=contract,
                    reason=reason,
                )
                for _row, (day, shift_type_pk, cover_point_pk), contract, reason in accepted
                if shift_type_pk in shift_types and cover_point_pk in cover_points
            ]
            if len(choices) < len(accepted):
                form.add_error(
                    None, "A proposal is for a shift or place not on this rota. Start again from the week."
                )
            else:
                try:
                    added = services.proposals_accept(
                        rota=rota, starts_on=starts_on, choices=choices, actor=request.user
                    )
                except ProposalRefused as error:
                    row = accepted[error.position][0]
                    form.add_error(f"listener_{row}", error.messages)
                except ValidationError as error:
                    add_service_errors(form, error)
                else:
                    messages.success(
                        request,
                        f"{len(added)} Listener shift{'s' if len(added) != 1 else ''} added to the week.",
                    )
                    return redirect("rota:week_detail", starts_on=starts_on)
    return render(
        request,
        "rota/week_fill.html",
        {"rota": rota, "starts_on": starts_on, "form": form, "plan": plan},
    )


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
def week_copy(request: StaffRequest, starts_on: date) -> HttpResponse:
    """A preview of copying last week in, then the copy."""
    if moved := not_a_monday(starts_on, "rota:week_copy"):
        return moved
    rota = rota_of(request)
    require_change(request, rota)
    if request.method == "POST":
        return act(
            request,
            lambda: services.week_copy_previous(rota=rota, starts_on=starts_on, actor=request.user),
            done=_copied,
            then=redirect("rota:week_detail", starts_on=starts_on),
        )
    preview = services.week_copy_preview(rota=rota, starts_on=starts_on)
    return render(
        request,
        "rota/week_copy.html",
        {
            "rota": rota,
            "starts_on": starts_on,
            "preview": preview,
            "source": long_date(starts_on - timedelta(days=7)),
        },
    )


def _copied(result: CopyResult) -> str:
    copied = len(result.copied)
    text = f"Copied {copied} shift{'s' if copied != 1 else ''} from the week before."
    if result.skipped:
        text += f" Left out {len(result.skipped)}: " + " ".join(item.refusal for item in result.skipped)
    return text


@establishment_required
@permission_required("rota.change_rota", raise_exception=True)
def week_publish(request: StaffRequest, starts_on: date) -> HttpResponse:
    if moved := not_a_monday(starts_on, "rota:week_publish"):
        return moved
    rota = rota_of(request)
    require_change(request, rota)
    if request.method == "POST":
        return act(
            request,
            lambda: services.week_publish(rota=rota, starts_on=starts_on, actor=request.user),
            done=f"Week of {long_date(starts_on)} published. Officers can see it now; later changes are recorded.",
            then=redirect("rota:week_detail", starts_on=starts_on),
        )
    grid = selectors.week_grid(rota=rota, starts_on=starts_on)
    return render(request, "rota/week_publish.html", {"rota": rota, "grid": grid})
