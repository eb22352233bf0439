from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from establishments.models import Establishment, Location
from peerwork.lengths import NOTE

PRISON_NUMBER_PATTERN = r"^[A-Z][0-9]{4}[A-Z]{2}$"

prison_number_validator = RegexValidator(
    PRISON_NUMBER_PATTERN,
    "Enter a prison number in the format A1234BC: a letter, four digits, then two letters.",
)

DUPLICATE_PRISON_NUMBER = (
    "A peer worker with this prison number is already on the system. Search for them instead. "
    "If they have moved here from another prison on this system, that prison records the transfer."
)


class IepLevel(models.TextChoices):
    """Incentives and Earned Privileges, in rank order."""

    BASIC = "basic", "Basic"
    STANDARD = "standard", "Standard"
    ENHANCED = "enhanced", "Enhanced"

    @classmethod
    def rank(cls, level: str) -> int:
        return list(cls.values).index(level)


class PeerWorker(models.Model):
    """A prisoner who does, did or wants to do peer work. Their record follows them."""

    class CustodyStatus(models.TextChoices):
        IN_CUSTODY = "in_custody", "In custody"
        TRANSFERRED_OUT = "transferred_out", "Transferred out"
        RELEASED = "released", "Released"

    prison_number = models.CharField(
        max_length=7, unique=True, validators=[prison_number_validator], help_text="For example A1234BC."
    )
    first_name = models.CharField(max_length=60)
    last_name = models.CharField(max_length=60)
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="peer_workers")
    location = models.ForeignKey(
        Location,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="Wing or unit",
    )
    cell = models.CharField(max_length=20, blank=True)
    iep_level = models.CharField(
        "IEP level", max_length=10, choices=IepLevel.choices, default=IepLevel.STANDARD
    )
    earliest_release_date = models.DateField(null=True, blank=True)
    custody_status = models.CharField(
        max_length=20, choices=CustodyStatus.choices, default=CustodyStatus.IN_CUSTODY
    )
    last_proven_adjudication_on = models.DateField(
        "Last proven adjudication", null=True, blank=True, help_text="Leave blank if there has been none."
    )
    staff_notes = models.TextField(
        blank=True,
        max_length=NOTE,
        help_text="Staff only; never shown on the kiosk. Never record what a Listener's caller said.",
    )
    staff_notes_may_travel = models.BooleanField(
        "Staff notes may travel with them",
        default=False,
        help_text="If they move to another prison, that prison may read these notes. "
        "Otherwise the notes stay here, in this prison's history of them.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        # The peer workers list's pages, by name: of those in custody here (its default) and of
        # everyone on the records. Searching a name is served by a trigram index on the upper-cased
        # names, PostgreSQL only, made in migration 0015; a prison number by the pattern index
        # PostgreSQL gives the unique column. README, "Searching at scale", has the measurements.
        indexes = [
            models.Index(
                fields=["establishment", "custody_status", "last_name", "first_name", "id"],
                name="peer_worker_custody_by_name",
            ),
            models.Index(
                fields=["establishment", "last_name", "first_name", "id"], name="peer_worker_by_name"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(prison_number__regex=PRISON_NUMBER_PATTERN),
                name="peer_worker_prison_number_format",
                violation_error_message="Enter a prison number in the format A1234BC.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name} ({self.prison_number})"

    def unique_error_message(self, model_class, unique_check):
        """The form's words for a prison number already taken, also when a service's validation
        (or its second look after a twin submit won the race) finds it."""
        if tuple(unique_check) == ("prison_number",):
            return ValidationError(DUPLICATE_PRISON_NUMBER, code="unique")
        return super().unique_error_message(model_class, unique_check)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def where_held(self) -> str:
        """Their wing and cell, as an officer needs them to unlock the person ("A wing, cell 2-14").
        Reads `location`: select it with the worker."""
        wing = self.location.name if self.location_id is not None else "Wing not known"
        return f"{wing}, cell {self.cell}" if self.cell else wing


class Movement(models.Model):
    """A peer worker's move from one prison on the system to another.

    The record moves with the person; the sending prison keeps what happened in its own time
    (contracts, meetings, call-outs) and reads it through this row, up to `moved_at` and no later.
    Staff notes that were not marked "may travel" stay behind here, for the sending prison only.
    """

    class How(models.TextChoices):
        TRANSFER = "transfer", "Transferred (recorded by the sending prison)"
        ROLL = "roll", "Found on the receiving prison's roll"

    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="movements")
    from_establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")
    to_establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")
    moved_at = models.DateTimeField()
    how = models.CharField(max_length=10, choices=How.choices)
    staff_notes_left = models.TextField(blank=True, max_length=NOTE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-moved_at", "-pk"]
        indexes = [models.Index(fields=["from_establishment", "worker"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_establishment=models.F("to_establishment")),
                name="movement_between_two_prisons",
                violation_error_message="A move goes from one prison to another.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} moved {self.from_establishment} to {self.to_establishment}"
