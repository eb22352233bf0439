from django.apps import AppConfig


class RotaConfig(AppConfig):
    name = "rota"
    verbose_name = "Listener rota"

    def ready(self):
        from rota import permissions, permissions_officer  # noqa: F401  registers the rules
