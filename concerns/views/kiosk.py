"""Concerns: the kiosk pages. The signed-in peer worker raises a resident's concern, follows it to
its answer, sends one message while it is open, and says whether the answer sorted it.

Every page reads the signed-in person from the kiosk session (kiosk.decorators), and every concern
is loaded through `worker_concern`: anyone else's is the kiosk's "Page not found". Staff-only
notes never reach these pages (`concern_timeline(for_worker=True)`), nor do staff names.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from concerns import selectors
from concerns.forms_kiosk import ConcernRaiseForm, FollowUpForm, VerdictForm
from concerns.models import Concern, ConcernEvent
from concerns.services import concern_follow_up, concern_raise, concern_verdict
from kiosk.decorators import kiosk_worker_required
from kiosk.http import WorkerKioskRequest
from kiosk.render import render_kiosk
from peerwork.forms import add_service_errors, posted, refusal
from schemes.selectors import location_list


@kiosk_worker_required
def concern_list(request: WorkerKioskRequest) -> HttpResponse:
    worker = request.kiosk_worker
    contracts = selectors.contracts_carrying_concerns(worker=worker)
    return render_kiosk(
        request,
        "kiosk/concerns/concern_list.html",
        {
            "concerns": selectors.worker_concerns(worker=worker),
            "may_raise": bool(contracts),
            # Only asked when they may not raise one: it decides what the page says instead.
            "is_listener": not contracts and selectors.worker_is_listener(worker=worker),
        },
    )


@kiosk_worker_required
def concern_raise_view(request: WorkerKioskRequest) -> HttpResponse:
    worker, device = request.kiosk_worker, request.kiosk_device
    contracts = selectors.contracts_carrying_concerns(worker=worker)
    if not contracts:  # a Listener, or a role that carries no concerns: no form, ever
        return render_kiosk(
            request,
            "kiosk/concerns/not_for_your_role.html",
            {"is_listener": selectors.worker_is_listener(worker=worker)},
            status=403,
        )
    topics = list(selectors.topics(establishment=device.establishment))
    form = ConcernRaiseForm(
        posted(request),
        contracts=contracts,
        topics=topics,
        locations=list(location_list(establishment=device.establishment)),
        wing=device.location,
    )
    if topics and form.is_valid():
        try:
            concern = concern_raise(worker=worker, device=device, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. Your concern has gone to %(department)s.") % {"department": concern.department},
            )
            return redirect("concerns:kiosk_detail", pk=concern.pk)
    return render_kiosk(request, "kiosk/concerns/concern_form.html", {"form": form, "topics": topics})


def _detail(
    request: WorkerKioskRequest, concern: Concern, follow_up_form: FollowUpForm | None = None
) -> HttpResponse:
    timeline = selectors.concern_timeline(concern=concern, for_worker=True)
    follow_up_sent = any(event.kind == ConcernEvent.Kind.FOLLOW_UP for event in timeline)
    if concern.is_open and not follow_up_sent:
        follow_up_form = follow_up_form or FollowUpForm()
        follow_up_form.helper.form_action = reverse("concerns:kiosk_follow_up", args=[concern.pk])
    else:
        follow_up_form = None
    return render_kiosk(
        request,
        "kiosk/concerns/concern_detail.html",
        {
            "concern": concern,
            "timeline": timeline,
            "follow_up_sent": follow_up_sent,
            "follow_up_form": follow_up_form,
            "asks_verdict": concern.status == Concern.Status.ANSWERED,
        },
    )


@kiosk_worker_required
def concern_detail(request: WorkerKioskRequest, pk: int) -> HttpResponse:
    return _detail(request, selectors.worker_concern(worker=request.kiosk_worker, pk=pk))


@require_POST
@kiosk_worker_required
def concern_follow_up_view(request: WorkerKioskRequest, pk: int) -> HttpResponse:
    worker = request.kiosk_worker
    concern = selectors.worker_concern(worker=worker, pk=pk)
    form = FollowUpForm(request.POST)
    if form.is_valid():
        try:
            concern_follow_up(concern=concern, worker=worker, text=form.cleaned_data["text"])
        except ValidationError as error:
            if not hasattr(error, "error_dict"):  # already sent, or finished: the page has changed
                messages.error(request, refusal(error))
                return redirect("concerns:kiosk_detail", pk=concern.pk)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your message has been sent."))
            return redirect("concerns:kiosk_detail", pk=concern.pk)
    return _detail(request, concern, form)


@require_POST
@kiosk_worker_required
def concern_verdict_view(request: WorkerKioskRequest, pk: int) -> HttpResponse:
    worker = request.kiosk_worker
    concern = selectors.worker_concern(worker=worker, pk=pk)
    form = VerdictForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Press “This was sorted” or “This was not sorted”."))
        return redirect("concerns:kiosk_detail", pk=concern.pk)
    try:
        concern = concern_verdict(concern=concern, worker=worker, sorted_out=form.sorted_out)
    except ValidationError as error:
        messages.error(request, refusal(error))
    else:
        if form.sorted_out:
            messages.success(request, _("Thank you. This concern is now closed."))
        elif concern.is_open:
            messages.success(
                request,
                _("Thank you. Your concern has gone back to %(department)s for another look.")
                % {"department": concern.department},
            )
        else:
            messages.success(
                request,
                _(
                    "Thank you. This concern is now closed, and counted as not sorted. "
                    "You can speak to your scheme lead about it."
                ),
            )
    return redirect("concerns:kiosk_detail", pk=concern.pk)


# Under kiosk.middleware's prefix: they open only on an enrolled device.
urlpatterns: list[URLPattern] = [
    path("kiosk/me/concerns/", concern_list, name="kiosk_list"),
    path("kiosk/me/concerns/new/", concern_raise_view, name="kiosk_raise"),
    path("kiosk/me/concerns/<int:pk>/", concern_detail, name="kiosk_detail"),
    path("kiosk/me/concerns/<int:pk>/message/", concern_follow_up_view, name="kiosk_follow_up"),
    path("kiosk/me/concerns/<int:pk>/sorted/", concern_verdict_view, name="kiosk_verdict"),
]
