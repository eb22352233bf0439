from django.conf import settings
from django.shortcuts import render


def render_kiosk(request, template: str, context: dict | None = None, *, status: int = 200):
    """Render a kiosk page with what its base template needs: the device and who is signed in."""
    return render(
        request,
        template,
        {
            "kiosk_device": getattr(request, "kiosk_device", None),
            "kiosk_worker": getattr(request, "kiosk_worker", None),
            "idle_seconds": settings.KIOSK_IDLE_SECONDS,
            "idle_warning_seconds": settings.KIOSK_IDLE_WARNING_SECONDS,
            **(context or {}),
        },
        status=status,
    )


def set_device_cookie(response, token: str) -> None:
    """The device's token, kept for KIOSK_DEVICE_COOKIE_DAYS (browsers allow at most 400).

    Sent on every path (so that staff pages can be refused on the device), never to scripts,
    never from another site, and only over HTTPS wherever the session cookie is.
    """
    response.set_cookie(
        settings.KIOSK_DEVICE_COOKIE_NAME,
        token,
        max_age=settings.KIOSK_DEVICE_COOKIE_DAYS * 24 * 60 * 60,
        secure=settings.KIOSK_DEVICE_COOKIE_SECURE,
        httponly=True,
        samesite="Strict",
    )
