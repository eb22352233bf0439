from django.apps import AppConfig


class KioskConfig(AppConfig):
    name = "kiosk"
    verbose_name = "Wing kiosk"

    def ready(self):
        from kiosk import permissions  # noqa: F401  registers the rules
