"""One-to-one support: the kiosk pages. A mentor sees the residents they support (first name and
wing only), this week's sessions, and records today's in two touches: "We met today" and about how
long, or "It did not happen" and why.

Every page reads the signed-in mentor from the kiosk session (kiosk.decorators), and every pair is
loaded through `mentor_pair`: anyone else's is the kiosk's "Page not found". Staff notes never
reach these pages, and nothing about the resident is typed here.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kiosk.decorators import kiosk_worker_required
from kiosk.http import WorkerKioskRequest
from kiosk.render import render_kiosk
from kiosk.selectors import supporting_title
from peerwork.forms import refusal
from support import selectors
from support.forms_kiosk import MetForm, NotHeldForm
from support.models import LENGTHS, NotHeld, Pair, Session
from support.services import session_record


@dataclass(frozen=True)
class PairWeek:
    """One open pair on the list: each day of this week, with its record or None."""

    pair: Pair
    held: int
    days: list[tuple[date, Session | None]]
    today: Session | None


def _week(pair: Pair, today: date) -> PairWeek:
    recorded = {session.on: session for session in getattr(pair, "this_week")}  # noqa: B009 (prefetched)
    return PairWeek(
        pair=pair,
        held=getattr(pair, "held_this_week"),  # noqa: B009 (annotated)
        days=[(day, recorded.get(day)) for day in selectors.week_days(today)],
        today=recorded.get(today),
    )


@kiosk_worker_required
def pair_list(request: WorkerKioskRequest) -> HttpResponse:
    today = timezone.localdate()
    pairs = selectors.mentor_pairs(mentor=request.kiosk_worker, today=today)
    return render_kiosk(
        request,
        "kiosk/support/pair_list.html",
        {
            "pairs": [_week(pair, today) for pair in pairs],
            "title": supporting_title([pair.scheme.preset for pair in pairs]) or _("People I support"),
            "today": today,
        },
    )


def _choose(request: WorkerKioskRequest, pair: Pair, template: str) -> HttpResponse:
    """The page of big buttons for today, or, once today is recorded, what was recorded."""
    today = timezone.localdate()
    recorded = selectors.pair_session_on(pair=pair, on=today)
    if recorded is not None:
        return render_kiosk(
            request, "kiosk/support/already_recorded.html", {"pair": pair, "session": recorded}
        )
    return render_kiosk(
        request,
        template,
        {"pair": pair, "lengths": LENGTHS, "reasons": NotHeld.choices, "today": today},
    )


def _record(request: WorkerKioskRequest, pair: Pair, template: str, **answer: Any) -> HttpResponse:
    try:
        session_record(pair=pair, on=timezone.localdate(), by_worker=request.kiosk_worker, **answer)
    except ValidationError as error:
        if selectors.pair_session_on(pair=pair, on=timezone.localdate()) is not None:
            return _choose(request, pair, template)  # a double tap: the first one counts
        messages.error(request, refusal(error))
        return redirect("support:kiosk_pairs")
    messages.success(
        request, _("Thank you. Today is recorded for %(name)s.") % {"name": pair.supported.first_name}
    )
    return redirect("support:kiosk_pairs")


@require_http_methods(["GET", "POST"])
@kiosk_worker_required
def met(request: WorkerKioskRequest, pk: int) -> HttpResponse:
    pair = selectors.mentor_pair(mentor=request.kiosk_worker, pk=pk)
    template = "kiosk/support/met.html"
    if request.method != "POST":
        return _choose(request, pair, template)
    form = MetForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Press the button for about how long you met."))
        return _choose(request, pair, template)
    return _record(request, pair, template, held=True, minutes=form.cleaned_data["minutes"])


@require_http_methods(["GET", "POST"])
@kiosk_worker_required
def not_held(request: WorkerKioskRequest, pk: int) -> HttpResponse:
    pair = selectors.mentor_pair(mentor=request.kiosk_worker, pk=pk)
    template = "kiosk/support/not_held.html"
    if request.method != "POST":
        return _choose(request, pair, template)
    form = NotHeldForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Press the button that says why it did not happen."))
        return _choose(request, pair, template)
    return _record(request, pair, template, held=False, not_held_because=form.cleaned_data["because"])


# Under kiosk.middleware's prefix: they open only on an enrolled device.
urlpatterns: list[URLPattern] = [
    path("kiosk/me/support/", pair_list, name="kiosk_pairs"),
    path("kiosk/me/support/<int:pk>/we-met/", met, name="kiosk_met"),
    path("kiosk/me/support/<int:pk>/did-not-happen/", not_held, name="kiosk_not_held"),
]
