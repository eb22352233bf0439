"""Welfare check-ins: a coordinator's conversation with a peer worker about how they are coping.

Staff-only. Like every other record here there is no field for what a Listener's caller said:
a check-in records how the peer worker is, and what was agreed, nothing about anyone they support.
"""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from establishments.models import Establishment
from peerwork.formats import short_date
from peerwork.lengths import FEW_SENTENCES
from peerwork.records import Archivable, archive_is_attributed
from schemes.models import PeerWorker, Scheme


class HowItWent(models.TextChoices):
    FINE = "fine", "Fine"
    STRUGGLING = "struggling", "Struggling"
    NEEDS_BREAK = "needs_break", "Needs a break"


class CheckIn(Archivable):
    """One welfare check-in. Recorded in error: archived, with who and when; never deleted."""

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="+")
    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="checkins")
    scheme = models.ForeignKey(
        Scheme,
        on_delete=models.PROTECT,
        related_name="checkins",
        help_text="The scheme whose coordinator checked in. A check-in counts for every scheme they work in.",
    )
    on = models.DateField("Date of the check-in")
    how = models.CharField("How it went", max_length=12, choices=HowItWent.choices)
    agreed = models.TextField(
        "What was agreed",
        max_length=FEW_SENTENCES,
        blank=True,
        help_text="Staff see this, never residents. Write nothing a Listener's caller said.",
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-recorded_at"]
        indexes = [models.Index(fields=["worker", "on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "scheme", "on"],
                condition=models.Q(archived_at__isnull=True),
                name="checkin_once_a_day_per_scheme",
                violation_error_message="A check-in with them for this scheme on this day is already recorded.",
            ),
            archive_is_attributed("checkin_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return f"Check-in with {self.worker}, {short_date(self.on)}"
