from django.apps import AppConfig


class WelfareConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "welfare"
    verbose_name = "Welfare and workload"

    def ready(self) -> None:
        from welfare import permissions  # noqa: F401  (the rules)
