from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        from concerns import permissions, receivers  # noqa: F401  (the rules; the scheme events)
        from concerns.digest import department_sections
        from schemes.services.digests import digest_source_register

        digest_source_register(department_sections)
