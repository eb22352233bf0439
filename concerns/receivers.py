"""Concerns' answers to the scheme domain's events (schemes.events); each calls one service."""

from django.dispatch import receiver

from concerns.services import concern_defaults_ensure
from schemes.events import establishment_set_up


@receiver(establishment_set_up, dispatch_uid="concerns.defaults_for_new_establishment")
def add_default_departments(sender, *, establishment, actor, **kwargs) -> None:
    concern_defaults_ensure(establishment=establishment, actor=actor)
