"""Writing a record: the audited save every service uses, and the archive fields records share.

Nothing a person might need later is deleted: a record is archived, with who and when.
"""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction

from peerwork.audit import attribute_change

SAVED_AT_THE_SAME_MOMENT = (
    "Someone else saved this at the same moment. Check what is there now, and try again if you need to."
)


class SavedAtTheSameMoment(ValidationError):
    """A database constraint refused a save that passed validation: a twin committed in between."""


def save(instance: models.Model, *, actor: AbstractBaseUser | None, reason: str = "") -> None:
    """Validate (field rules and database constraints, with friendly messages) and save, attributed.

    Two identical submits at once both pass validation, and the database constraint lets only one
    of them in. The other is validated again, now that its twin has committed, so that it is
    refused with the very message the form shows for a duplicate; if that finds nothing wrong,
    with a plain "at the same moment" one. The save runs in a savepoint, so the caller's
    transaction can still roll back cleanly.

    `actor` is None only for a peer worker's own step on the kiosk, which has no staff user: the
    record the step writes names the peer worker instead (a report, a concern's timeline event).
    """
    attribute_change(instance, actor=actor, reason=reason)
    instance.full_clean()
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError as error:
        instance.full_clean()
        raise SavedAtTheSameMoment(SAVED_AT_THE_SAME_MOMENT) from error


class Archivable(models.Model):
    """A record that is archived rather than deleted, saying who archived it and when.

    Each model lists `archive_is_attributed(name)` among its constraints (a model's own
    `Meta.constraints` replaces an abstract base's, so the base cannot hold it for them).
    """

    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


def archive_is_attributed(name: str) -> models.CheckConstraint:
    """The database holds that an archived record says who archived it."""
    return models.CheckConstraint(
        condition=models.Q(archived_at__isnull=True) | models.Q(archived_by__isnull=False), name=name
    )
