from django.apps import AppConfig


class ListenersConfig(AppConfig):
    name = "listeners"
    verbose_name = "Listeners, for officers"

    def ready(self):
        from listeners import permissions  # noqa: F401  registers the rules
