from django.conf import settings
from django.db import models

from schemes.models.contracts import Contract
from schemes.models.establishments import Establishment
from schemes.models.meetings import SupervisionMeeting
from schemes.models.schemes import Scheme


class Flag(models.Model):
    """Something that needs a member of staff's attention.

    `key` names the condition (for example `supervision_overdue:scheme:12`): while a flag is open,
    no second flag opens for the same key, whoever or whatever raises it.
    """

    class Kind(models.TextChoices):
        MEETINGS_CANCELLED = "meetings_cancelled", "Supervision meeting cancelled"
        SUPERVISION_OVERDUE = "supervision_overdue", "Supervision overdue"
        NO_LEAD = "no_lead", "Scheme has no staff lead"
        CONTRACT_ENDING = "contract_ending", "Contract ending soon"
        CONTRACT_EXPIRED = "contract_expired", "Contract expired"
        ROTA_GAP = "rota_gap", "Listener rota gap"
        OUT_OF_ROLE = "out_of_role", "Asked to work outside the role"

    class Severity(models.IntegerChoices):
        NOTICE = 1, "Notice"
        WARNING = 2, "Warning"
        URGENT = 3, "Urgent"

    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120)
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="flags")
    scheme = models.ForeignKey(Scheme, null=True, blank=True, on_delete=models.PROTECT, related_name="flags")
    contract = models.ForeignKey(
        Contract, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    meeting = models.ForeignKey(
        SupervisionMeeting, null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    summary = models.CharField(max_length=300)
    opened_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Blank when the system resolved it because the condition cleared.",
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-severity", "opened_at"]
        indexes = [models.Index(fields=["establishment", "resolved_at", "kind"])]
        constraints = [
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(resolved_at__isnull=True),
                name="flag_one_open_per_condition",
            ),
            models.CheckConstraint(
                condition=models.Q(acknowledged_at__isnull=True) | models.Q(acknowledged_by__isnull=False),
                name="flag_acknowledgement_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class FlagComment(models.Model):
    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(help_text="Never record what a Listener's caller said.")
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.flag}"


class OutboxEmail(models.Model):
    """An email written first to this table and sent once by a job. `key` makes writing it idempotent."""

    key = models.CharField(max_length=120, unique=True)
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="outbox")
    to_address = models.EmailField()
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    created_at = models.DateTimeField()
    sent_at = models.DateTimeField(null=True, blank=True)
    failed_attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["sent_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to_address}"
