from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from kiosk import selectors, session
from kiosk.render import render_kiosk


def kiosk_device_required(view):
    """A kiosk page: it opens only on an enrolled device, and needs no staff sign-in."""

    @login_not_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.kiosk_device is None:
            return render_kiosk(request, "kiosk/not_enrolled.html", status=403)
        request.kiosk_worker = None
        if session.is_open(request):
            request.kiosk_worker = selectors.signed_in_worker(
                device=request.kiosk_device, worker_id=session.worker_id(request)
            )
            if request.kiosk_worker is None:  # no longer held here: nothing to show them
                session.end(request)
        return view(request, *args, **kwargs)

    return wrapper


def kiosk_worker_required(view):
    """A page for the signed-in peer worker, about them alone; otherwise back to the sign-in page."""

    @kiosk_device_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.kiosk_worker is None:
            if request.kiosk_went_idle:
                messages.info(
                    request, _("You were signed out because the screen was not touched for a minute.")
                )
            return redirect("kiosk:sign_in")
        return view(request, *args, **kwargs)

    return wrapper
