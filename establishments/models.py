"""Prisons and the wings, landings and units in them: the ground floor every other app stands on.

The tables keep the names they had when these models lived in `schemes` (migration
`establishments.0001` moved them without touching a row).
"""

from django.db import models
from django.db.models.functions import Lower
from simple_history.models import HistoricalRecords

from peerwork.records import Archivable, archive_is_attributed


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
    # The bounds every weekly pay rate here must fall within (a scheme's, or a contract's own).
    pay_min_weekly_pence = models.PositiveIntegerField("Lowest weekly rate (pence)", default=400)
    pay_max_weekly_pence = models.PositiveIntegerField("Highest weekly rate (pence)", default=1500)
    history = HistoricalRecords(table_name="schemes_historicalestablishment")

    class Meta:
        db_table = "schemes_establishment"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(pay_min_weekly_pence__gt=0)
                & models.Q(pay_min_weekly_pence__lte=models.F("pay_max_weekly_pence")),
                name="establishment_pay_bounds_in_order",
                violation_error_message="The lowest weekly rate must be more than £0 and no more than the highest.",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Location(Archivable):
    """A wing, landing or unit where prisoners live, such as a VPU."""

    class Kind(models.TextChoices):
        WING = "wing", "Wing"
        LANDING = "landing", "Landing"
        UNIT = "unit", "Unit"

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="locations")
    name = models.CharField(max_length=60, help_text="As staff and residents say it, for example “B wing”.")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.WING)
    is_vulnerable_prisoners_unit = models.BooleanField("Vulnerable prisoners' unit (VPU)", default=False)
    history = HistoricalRecords(table_name="schemes_historicallocation")

    class Meta:
        db_table = "schemes_location"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "establishment",
                Lower("name"),
                condition=models.Q(archived_at__isnull=True),
                name="location_name_unique_per_establishment",
                violation_error_message="This establishment already has a location with that name.",
            ),
            archive_is_attributed("location_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return self.name
