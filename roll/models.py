from django.conf import settings
from django.db import models

from establishments.models import Establishment


class RollImport(models.Model):
    """One roll uploaded for an establishment: the rows it gave, and whether it was applied.

    The rows are kept as read so that the preview and the confirm compare the same roll with
    the records (roll.services.roll_compare), however long the manager looks at the preview.
    """

    class Status(models.TextChoices):
        PREVIEWED = "previewed", "Previewed, not applied"
        APPLIED = "applied", "Applied"

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="roll_imports")
    source = models.CharField(max_length=200, help_text="The file's name, or the API it came from.")
    rows = models.JSONField(default=list)
    refusals = models.JSONField(default=list)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PREVIEWED)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField()
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    applied_at = models.DateTimeField(null=True, blank=True)
    skipped_refusals = models.BooleanField(default=False)
    outcome = models.JSONField(default=dict, blank=True, help_text="What applying it changed, counted.")

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="previewed")
                | models.Q(applied_by__isnull=False, applied_at__isnull=False),
                name="roll_import_application_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"Roll for {self.establishment} from {self.source}"
