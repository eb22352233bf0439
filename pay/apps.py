from django.apps import AppConfig


class PayConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "pay"
    verbose_name = "Pay"

    def ready(self) -> None:
        from pay import permissions  # noqa: F401  (the rules)
