from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "kiosk"
    verbose_name = "Wing kiosk"

    def ready(self):
        # Registers the rules and the checks, and connects to the scheme domain's events.
        from kiosk import checks, permissions, receivers  # noqa: F401
