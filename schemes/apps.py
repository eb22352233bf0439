from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "schemes"
    verbose_name = "Peer work schemes"

    def ready(self):
        from schemes import permissions  # noqa: F401  registers the rules
