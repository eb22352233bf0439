from django.apps import AppConfig


class RollConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "roll"
    verbose_name = "The prison roll"

    def ready(self) -> None:
        from roll import permissions  # noqa: F401  (the rules)
