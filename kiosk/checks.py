"""System checks for the kiosk's settings (run by `manage.py check`, and so at every deploy)."""

from django.core.checks import Warning, register

from kiosk.limits import SignInLimits


@register()
def check_sign_in_limits(app_configs, **kwargs) -> list[Warning]:
    limits = SignInLimits.current()
    if limits.one_kiosk_cannot_lock_a_pin:
        return []
    return [
        Warning(
            f"A kiosk pauses after {limits.kiosk_failures} wrong sign-ins, but a PIN locks after "
            f"{limits.pin_failures}: someone at one kiosk can lock other people's PINs.",
            hint="Set KIOSK_DEVICE_FAILURE_LIMIT to at least 1 and below KIOSK_PIN_FAILURE_LIMIT.",
            id="kiosk.W001",
        )
    ]
