from django.conf import settings
from django.db import models

from peerwork.lengths import FEW_SENTENCES, NOTE
from schemes.models.schemes import Scheme

# The parts of a role description, in the order a reader meets them.
ROLE_DESCRIPTION_FIELDS = [
    "purpose",
    "duties",
    "not_part_of_role",
    "hours",
    "privileges",
    "pay",
    "training_required",
    "supervision",
    "confidentiality",
    "who_to_go_to",
]


class RoleDescription(models.Model):
    """One published version of a scheme's written role. Versions are never edited."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="role_descriptions")
    version = models.PositiveIntegerField()
    purpose = models.TextField(
        "What the role is for", max_length=FEW_SENTENCES, help_text="One or two short sentences."
    )
    duties = models.TextField(
        "What you do", max_length=NOTE, help_text="One duty per line. Start each with a verb."
    )
    not_part_of_role = models.TextField(
        "What is not part of the role",
        max_length=NOTE,
        help_text="One per line. For example: “Watching another prisoner for staff.”",
    )
    hours = models.TextField(
        "Hours and times", max_length=FEW_SENTENCES, help_text="When the work happens, including nights."
    )
    privileges = models.TextField(
        blank=True, max_length=FEW_SENTENCES, help_text="For example: an extra hour unlocked, red band."
    )
    pay = models.CharField(max_length=200, blank=True, help_text="For example: £9.60 a week, or “Unpaid”.")
    training_required = models.TextField("Training you need", blank=True, max_length=FEW_SENTENCES)
    supervision = models.TextField(
        "Supervision and support", max_length=FEW_SENTENCES, help_text="Who you meet, and how often."
    )
    confidentiality = models.TextField(
        "Confidentiality", max_length=FEW_SENTENCES, help_text="In plain words, what is kept private."
    )
    who_to_go_to = models.TextField("Who to go to with a problem", max_length=FEW_SENTENCES)
    change_summary = models.CharField(
        "What changed", max_length=200, blank=True, help_text="A few words for the version history."
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField()

    class Meta:
        ordering = ["scheme", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "version"], name="role_description_version_unique"),
            models.CheckConstraint(
                condition=models.Q(version__gte=1), name="role_description_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} role description, version {self.version}"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t")]

    @property
    def purpose_lines(self) -> list[str]:
        return self.lines(self.purpose)

    @property
    def duties_lines(self) -> list[str]:
        return self.lines(self.duties)

    @property
    def not_part_of_role_lines(self) -> list[str]:
        return self.lines(self.not_part_of_role)
