from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords


class Establishment(models.Model):
    """One prison."""

    class Category(models.TextChoices):
        A = "A", "Category A"
        B = "B", "Category B"
        C = "C", "Category C"
        D = "D", "Category D (open)"
        FEMALE = "F", "Women's prison"
        YOI = "YOI", "Young offender institution"

    name = models.CharField(max_length=100, unique=True)
    code = models.CharField(max_length=3, unique=True, help_text="Three-letter code, for example NGT.")
    category = models.CharField(max_length=3, choices=Category.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Location(models.Model):
    """A wing, landing or unit where prisoners live, such as a VPU."""

    class Kind(models.TextChoices):
        WING = "wing", "Wing"
        LANDING = "landing", "Landing"
        UNIT = "unit", "Unit"

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=60, help_text="As staff and residents say it, for example “B wing”.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WING)
    is_vulnerable_prisoners_unit = models.BooleanField("Vulnerable prisoners' unit (VPU)", default=False)
    archived_at = models.DateTimeField(null=True, blank=True, editable=False)
    archived_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "establishment",
                Lower("name"),
                condition=models.Q(archived_at__isnull=True),
                name="location_name_unique_per_establishment",
                violation_error_message="This establishment already has a location with that name.",
            ),
            models.CheckConstraint(
                condition=models.Q(archived_at__isnull=True) | models.Q(archived_by__isnull=False),
                name="location_archive_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None
