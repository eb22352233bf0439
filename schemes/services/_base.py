from django.db import models

from accounts.models import User


def save(instance: models.Model, *, actor: User, reason: str = "") -> None:
    """Validate (field rules and database constraints, with friendly messages) and save, attributed."""
    instance._history_user = actor
    instance._change_reason = reason
    instance.full_clean()
    instance.save()
