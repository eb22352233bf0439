from django.apps import AppConfig


class SupportConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "support"
    verbose_name = "One-to-one support"

    def ready(self) -> None:
        from support import permissions, receivers  # noqa: F401  (the rules; the scheme events)
