"""One-to-one support: the office pages. The pairs of the schemes the user keeps, pairing a mentor
with a resident, a pair's page and a page for each step staff take with it (one service each), the
learner's certificate, and the reading plan's stages."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone

from accounts.http import StaffRequest
from peerwork.decorators import establishment_required
from peerwork.documents import render_pdf
from peerwork.forms import posted
from peerwork.views import submitted
from support import selectors, selectors_staff, services
from support.forms import (
    ConfirmForm,
    FinishForm,
    PairCreateForm,
    PairEndForm,
    PairFindForm,
    ProgressForm,
    SessionAddForm,
    SessionCorrectForm,
    StageRenameForm,
)
from support.models import Pair

PAIRS_PER_PAGE = 50
VIEW = "support.view_pairs"
MANAGE = "support.manage_pairs"
ENDED = "ended"


# --- The list, pairing, one pair ------------------------------------------------------------


@establishment_required
@permission_required(VIEW, raise_exception=True)
def pair_list(request: StaffRequest) -> HttpResponse:
    today = timezone.localdate()
    ended = request.GET.get("show") == ENDED
    pairs = selectors_staff.pair_list(
        user=request.user, establishment=request.establishment, today=today, ended=ended
    )
    kept = selectors.schemes_kept_by(user=request.user, establishment=request.establishment).annotate(
        stages=Count("reading_stages", filter=Q(reading_stages__archived_at__isnull=True), distinct=True)
    )
    return render(
        request,
        "support/pair_list.html",
        {
            "page": Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page")),
            "ended": ended,
            "schemes": list(kept.order_by("name")),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def pair_create(request: StaffRequest) -> HttpResponse:
    """Two steps on one page that work without JavaScript: a GET form finds the resident in the
    chosen scheme; then the mentor, the resident found, the start and the consent are posted."""
    kept = selectors.schemes_kept_by(user=request.user, establishment=request.establishment).order_by("name")
    find = PairFindForm(request.GET or None, schemes=kept)
    context: dict[str, Any] = {"find": find, "form": None}
    if not request.GET and len(schemes := list(kept)) == 1:
        find.initial = {"scheme": schemes[0]}
    if find.is_bound and find.is_valid():
        scheme = find.cleaned_data["scheme"]
        residents = list(
            selectors.residents_to_support(establishment=request.establishment, query=find.cleaned_data["q"])
        )
        mentors = selectors_staff.mentors_for(scheme=scheme)
        form = PairCreateForm(
            posted(request),
            mentors=mentors,
            residents=residents,
            limit=scheme.supported_per_mentor,
            initial={"started_on": timezone.localdate()},
        )
        pair = submitted(
            form, lambda: services.pair_create(scheme=scheme, actor=request.user, **form.service_arguments())
        )
        if pair is not None:
            messages.success(request, f"{pair.mentor.full_name} now supports {pair.supported.full_name}.")
            return redirect("support:pair_detail", pk=pair.pk)
        has_mentors = mentors.exists()
        context |= {"scheme": scheme, "residents": residents, "form": form, "has_mentors": has_mentors}
    return render(request, "support/pair_create.html", context)


@establishment_required
@permission_required(VIEW, raise_exception=True)
def pair_detail(request: StaffRequest, pk: int) -> HttpResponse:
    pair = selectors.pair_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    stages = list(selectors_staff.reading_stages(scheme=pair.scheme))
    return render(
        request,
        "support/pair_detail.html",
        {
            "pair": pair,
            "sessions": selectors.pair_sessions(pair=pair),
            "has_plan": bool(stages),
            "progress": selectors.pair_progress(pair=pair) if stages else [],
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


# --- One pair's steps -----------------------------------------------------------------------


def _pair(request: StaffRequest, pk: int) -> Pair:
    return selectors.pair_for_staff(user=request.user, establishment=request.establishment, pk=pk)


def _step(
    request: StaffRequest,
    pair: Pair,
    form: Any,
    action: Callable[[], object],
    *,
    title: str,
    intro: str,
    done: str,
) -> HttpResponse:
    if submitted(form, action) is not None:
        messages.success(request, done)
        return redirect("support:pair_detail", pk=pair.pk)
    return render(
        request, "support/pair_step.html", {"pair": pair, "form": form, "title": title, "intro": intro}
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def pair_session_add(request: StaffRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    if not pair.is_open:
        raise Http404("This pair has ended: record no more sessions.")
    form = SessionAddForm(posted(request), initial={"on": timezone.localdate()})
    return _step(
        request,
        pair,
        form,
        lambda: services.session_record(pair=pair, actor=request.user, **form.service_arguments()),
        title="Record a session",
        intro="One session a day: whether it happened, and if not, why. The mentor can record it on the kiosk too.",
        done="Session recorded.",
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def session_edit(request: StaffRequest, pk: int) -> HttpResponse:
    session = selectors_staff.session_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    form = SessionCorrectForm(posted(request), initial=SessionCorrectForm.initial_for(session))
    return _step(
        request,
        session.pair,
        form,
        lambda: services.session_correct(session=session, actor=request.user, **form.service_arguments()),
        title=f"Correct the session of {session.on:%-d %B %Y}",
        intro="The pair's history keeps what it said before, and who corrected it.",
        done="Session corrected.",
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def session_archive(request: StaffRequest, pk: int) -> HttpResponse:
    session = selectors_staff.session_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    form = ConfirmForm(posted(request), submit_label="Archive the session")
    return _step(
        request,
        session.pair,
        form,
        lambda: services.session_archive(session=session, actor=request.user),
        title=f"Archive the session of {session.on:%-d %B %Y}",
        intro="For a session recorded by mistake. It is kept, with who archived it, but no longer counts.",
        done="Session archived.",
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def pair_progress(request: StaffRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    stages = selectors_staff.reading_stages(scheme=pair.scheme)
    if not stages.exists():
        raise Http404("This scheme has no reading plan.")
    form = ProgressForm(posted(request), stages=stages, initial={"reached_on": timezone.localdate()})
    return _step(
        request,
        pair,
        form,
        lambda: services.progress_record(pair=pair, actor=request.user, **form.service_arguments()),
        title="Record reading progress",
        intro="The stage of the reading plan the learner reached, and when.",
        done="Progress recorded.",
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def pair_finish(request: StaffRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    if not selectors_staff.reading_stages(scheme=pair.scheme).exists():
        raise Http404("This scheme has no reading plan.")
    form = FinishForm(posted(request), initial={"finished_on": timezone.localdate()})
    return _step(
        request,
        pair,
        form,
        lambda: services.pair_finish_plan(pair=pair, actor=request.user, **form.service_arguments()),
        title="Record that the learner finished the plan",
        intro="The milestone of the reading plan. Their certificate can be printed from the pair's page.",
        done="Finished plan recorded. The certificate is ready to print.",
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def pair_end(request: StaffRequest, pk: int) -> HttpResponse:
    pair = _pair(request, pk)
    form = PairEndForm(posted(request), initial={"ended_on": timezone.localdate()})
    return _step(
        request,
        pair,
        form,
        lambda: services.pair_end(pair=pair, actor=request.user, **form.service_arguments()),
        title="End the pair",
        intro="Sessions can no longer be recorded for an ended pair. The mentor can be paired again.",
        done="Pair ended.",
    )


@establishment_required
@permission_required(VIEW, raise_exception=True)
def pair_certificate(request: StaffRequest, pk: int) -> HttpResponse:
    """The learner's certificate: their name, the day they finished, the mentor's first name and
    the scheme. Nothing else: no prison number, no surname of the mentor, no prison."""
    pair = _pair(request, pk)
    if pair.finished_plan_on is None:
        raise Http404("The learner has not finished the plan yet.")
    return render_pdf(
        request,
        "support/certificate.html",
        {"pair": pair},
        filename=f"reading-plan-certificate-{pair.pk}.pdf",
    )


# --- The reading plan's stages --------------------------------------------------------------


@establishment_required
@permission_required(VIEW, raise_exception=True)
def scheme_stages(request: StaffRequest, pk: int) -> HttpResponse:
    scheme = selectors_staff.scheme_kept(user=request.user, establishment=request.establishment, pk=pk)
    return render(
        request,
        "support/scheme_stages.html",
        {
            "scheme": scheme,
            "stages": list(selectors_staff.reading_stages(scheme=scheme)),
            "may_manage": request.user.has_perm(MANAGE),
        },
    )


@establishment_required
@permission_required(MANAGE, raise_exception=True)
def stage_rename(request: StaffRequest, pk: int) -> HttpResponse:
    stage = selectors_staff.stage_for_staff(user=request.user, establishment=request.establishment, pk=pk)
    form = StageRenameForm(posted(request), initial={"name": stage.name})
    if (
        submitted(
            form,
            lambda: services.reading_stage_rename(
                stage=stage, actor=request.user, **form.service_arguments()
            ),
        )
        is not None
    ):
        messages.success(request, f"Stage {stage.number} renamed.")
        return redirect("support:scheme_stages", pk=stage.scheme_id)
    return render(request, "support/stage_rename.html", {"stage": stage, "form": form})


urlpatterns: list[URLPattern] = [
    path("support/", pair_list, name="pair_list"),
    path("support/pairs/new/", pair_create, name="pair_create"),
    path("support/pairs/<int:pk>/", pair_detail, name="pair_detail"),
    path("support/pairs/<int:pk>/sessions/new/", pair_session_add, name="pair_session_add"),
    path("support/pairs/<int:pk>/progress/", pair_progress, name="pair_progress"),
    path("support/pairs/<int:pk>/finished/", pair_finish, name="pair_finish"),
    path("support/pairs/<int:pk>/end/", pair_end, name="pair_end"),
    path("support/pairs/<int:pk>/certificate.pdf", pair_certificate, name="pair_certificate"),
    path("support/sessions/<int:pk>/", session_edit, name="session_edit"),
    path("support/sessions/<int:pk>/archive/", session_archive, name="session_archive"),
    path("support/schemes/<int:pk>/reading-plan/", scheme_stages, name="scheme_stages"),
    path("support/stages/<int:pk>/rename/", stage_rename, name="stage_rename"),
]
