"""Keeps the kiosk and the staff pages apart.

- An enrolled device (its cookie names an unrevoked KioskDevice) or a kiosk session reaches only
  the kiosk's pages and static files: any other page is refused with 403. A staff member still
  signed in on the device is signed out.
- A kiosk session ends when its device is revoked or changes, or after KIOSK_IDLE_SECONDS
  without a request (so the idle sign-out holds without JavaScript).
- Every kiosk response, and every response to an enrolled device, is marked
  `Cache-Control: no-store, private`, so that nothing a peer worker saw can be shown again
  from the cache to the next person.
"""

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.cache import add_never_cache_headers

from kiosk import selectors, session
from kiosk.render import render_kiosk

KIOSK_PATH_PREFIX = "/kiosk/"


def _is_static(path: str) -> bool:
    return path.startswith("/" + settings.STATIC_URL.lstrip("/"))


class KioskMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookie = request.COOKIES.get(settings.KIOSK_DEVICE_COOKIE_NAME)
        device = selectors.device_for_token(token=cookie)
        request.kiosk_device = device
        request.kiosk_went_idle = False
        on_kiosk_page = request.path_info.startswith(KIOSK_PATH_PREFIX)
        kiosk_session = session.is_open(request)

        if device is not None and request.user.is_authenticated:
            logout(request)
        if kiosk_session:
            if not session.belongs_to(request, device):
                session.end(request)
            elif not session.touch(request):
                session.end(request)
                request.kiosk_went_idle = True

        if (device is not None or kiosk_session) and not on_kiosk_page and not _is_static(request.path_info):
            response = render_kiosk(request, "kiosk/refused.html", status=403)
        else:
            response = self.get_response(request)

        if on_kiosk_page or device is not None:
            add_never_cache_headers(response)
        if cookie and device is None:
            response.delete_cookie(settings.KIOSK_DEVICE_COOKIE_NAME, samesite="Strict")
        return response

    def process_exception(self, request, exception):
        """Kiosk pages refuse in the kiosk's own words, with no link to a staff page."""
        if not request.path_info.startswith(KIOSK_PATH_PREFIX):
            return None
        if isinstance(exception, Http404):
            return render_kiosk(request, "kiosk/not_found.html", status=404)
        if isinstance(exception, PermissionDenied):
            return render_kiosk(request, "kiosk/refused.html", status=403)
        return None
