from django.apps import AppConfig


class HomeConfig(AppConfig):
    """Each role's home page: the one place that may read from every domain app."""

    name = "home"
    verbose_name = "Home pages"
