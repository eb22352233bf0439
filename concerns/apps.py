from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        from concerns import permissions, receivers  # noqa: F401  (the rules; the scheme events)
