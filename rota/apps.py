from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "rota"
    verbose_name = "Listener rota"

    def ready(self):
        # Registers the rules, and connects to the scheme domain's events.
        from rota import permissions, receivers  # noqa: F401
