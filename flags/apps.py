from django.apps import AppConfig


class FlagsConfig(AppConfig):
    name = "flags"
    verbose_name = "Flags"

    def ready(self):
        from flags import permissions  # noqa: F401  registers the rules
