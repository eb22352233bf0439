"""The roll pages: upload, preview (what would change and what cannot be used), confirm."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.forms import add_service_errors, posted, refusal
from roll import services
from roll.forms import RollConfirmForm, RollUploadForm
from roll.models import RollImport
from roll.sources import FileRollSource

RECENT = 10
# The preview lists this many people in each section; the counts are always whole.
SHOWN = 300


@establishment_required
@permission_required("roll.import_roll", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_start(request: StaffRequest) -> HttpResponse:
    form = RollUploadForm(posted(request), request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roll_import = services.roll_import_start(
                source=FileRollSource(name=upload.name, content=upload.read()),
                establishment=request.establishment,
                actor=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("roll:import_detail", pk=roll_import.pk)
    recent = RollImport.objects.filter(establishment=request.establishment).select_related(
        "uploaded_by", "applied_by"
    )[:RECENT]
    return render(request, "roll/import_start.html", {"form": form, "recent": recent})


@establishment_required
@permission_required("roll.import_roll", raise_exception=True)
@require_http_methods(["GET", "POST"])
def import_detail(request: StaffRequest, pk: int) -> HttpResponse:
    roll_import = get_object_or_404(
        RollImport.objects.select_related("establishment", "uploaded_by", "applied_by"),
        establishment=request.establishment,
        pk=pk,
    )
    if roll_import.status == RollImport.Status.APPLIED:
        return render(request, "roll/import_applied.html", {"roll_import": roll_import})
    unknown = services.roll_compare(roll_import=roll_import).unknown_wings
    form = RollConfirmForm(posted(request), unknown_wings=unknown)
    create_wings: list[str] = []
    if form.is_valid():
        create_wings = form.cleaned_data.get("create_wings", [])
        if "apply" in request.POST:
            try:
                outcome = services.roll_apply(
                    roll_import=roll_import,
                    actor=request.user,
                    skip_refusals=form.cleaned_data["skip_refusals"],
                    create_wings=create_wings,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    add_service_errors(form, error)
                else:
                    messages.error(request, refusal(error))
                    return redirect("roll:import_detail", pk=roll_import.pk)
            else:
                messages.success(request, _outcome_message(outcome))
                return redirect("roll:import_detail", pk=roll_import.pk)
    comparison = services.roll_compare(roll_import=roll_import, create_wings=create_wings)
    return render(
        request,
        "roll/import_preview.html",
        {"roll_import": roll_import, "comparison": comparison, "form": form, "shown": SHOWN},
    )


def _outcome_message(outcome: dict[str, int]) -> str:
    if not any(outcome[k] for k in ("new", "changed", "arrived", "wings_created", "flagged")):
        return "The roll is applied. It changed nothing: the records already matched it."
    return (
        f"The roll is applied: {outcome['new']} added, {outcome['changed']} changed, "
        f"{outcome['arrived']} arrived from other prisons, {outcome['flagged']} new flags for people "
        "with open contracts who are not on it."
    )
