from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from peerwork.lengths import FEW_SENTENCES, NOTE
from schemes.models.people import PeerWorker
from schemes.models.schemes import Scheme


class SupervisionMeeting(models.Model):
    """A supervision meeting of one scheme's peer workers with its staff lead (or the partner)."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", "Scheduled"
        HELD = "held", "Held"
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved to a new date"

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("Date and time")
    place = models.CharField(max_length=120, blank=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff who runs the meeting.",
    )
    invited = models.ManyToManyField(PeerWorker, blank=True, related_name="meetings_invited")
    attended = models.ManyToManyField(PeerWorker, blank=True, related_name="meetings_attended")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    notes = models.TextField(
        blank=True,
        max_length=NOTE,
        help_text="What was agreed, for staff. Never record what a Listener's caller said, or who called.",
    )
    cancelled_reason = models.TextField(blank=True, max_length=FEW_SENTENCES)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    moved_to = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="moved_from"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords(m2m_fields=[attended])

    class Meta:
        ordering = ["-starts_at"]
        indexes = [models.Index(fields=["scheme", "status", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="cancelled")
                | (
                    ~models.Q(cancelled_reason="")
                    & models.Q(cancelled_by__isnull=False, cancelled_at__isnull=False)
                ),
                name="meeting_cancellation_has_reason_who_and_when",
                violation_error_message="Say why the meeting was cancelled.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="moved") | models.Q(moved_to__isnull=False),
                name="meeting_moved_links_to_new_meeting",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scheme} supervision, {self.starts_at:%d %b %Y %H:%M}"
