from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from accounts.models import User
from peerwork.audit import attribute_change

SAVED_AT_THE_SAME_MOMENT = (
    "Someone else saved this at the same moment. Check what is there now, and try again if you need to."
)


class SavedAtTheSameMoment(ValidationError):
    """A database constraint refused a save that passed validation: a twin committed in between."""


def save(instance: models.Model, *, actor: User, reason: str = "") -> None:
    """Validate (field rules and database constraints, with friendly messages) and save, attributed.

    Two identical submits at once both pass validation, and the database constraint lets only one
    of them in. The other is validated again, now that its twin has committed, so that it is
    refused with the very message the form shows for a duplicate; if that finds nothing wrong,
    with a plain "at the same moment" one. The save runs in a savepoint, so the caller's
    transaction can still roll back cleanly.
    """
    attribute_change(instance, actor=actor, reason=reason)
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        instance.full_clean()
        raise SavedAtTheSameMoment(SAVED_AT_THE_SAME_MOMENT) from error
