from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "kiosk"
    verbose_name = "Wing kiosk"

    def ready(self):
        # Registers the rules, and connects to the scheme domain's events.
        from kiosk import permissions, receivers  # noqa: F401
