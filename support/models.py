"""One-to-one peer support: a mentor paired with the resident they support, the sessions they hold
(or that did not happen, and why), and, for Toe by Toe, how far the learner has read.

A pair points at the mentor and the scheme, not at a contract: renewing the mentor's contract
keeps the pair; the mentor's role ending ends it (support.receivers). The supported resident is a
prisoner's record (`schemes.PeerWorker`, the one record of a prisoner here, whether or not they do
peer work themselves).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from establishments.models import Establishment
from peerwork.lengths import FEW_SENTENCES, NOTE
from peerwork.records import Archivable, archive_is_attributed
from schemes.models import PeerWorker, Scheme


class EndReason(models.TextChoices):
    COMPLETED = "completed", _("Completed")
    LEARNER_MOVED = "learner_moved", _("The resident moved")
    LEARNER_RELEASED = "learner_released", _("The resident was released")
    LEARNER_STOPPED = "learner_stopped", _("The resident stopped")
    MENTOR_CONTRACT_ENDED = "mentor_contract_ended", _("The mentor's contract ended")
    MENTOR_MOVED = "mentor_moved", _("The mentor moved")
    MENTOR_RELEASED = "mentor_released", _("The mentor was released")
    OTHER = "other", _("Other")


# Reasons staff choose; the others are the system's, when a role ends or someone leaves.
STAFF_END_REASONS = (
    EndReason.COMPLETED,
    EndReason.LEARNER_STOPPED,
    EndReason.LEARNER_MOVED,
    EndReason.LEARNER_RELEASED,
    EndReason.OTHER,
)


class PairQuerySet(models.QuerySet["Pair"]):
    def open(self) -> "PairQuerySet":
        return self.filter(ended_on__isnull=True)

    def of_mentor(self, mentor: PeerWorker) -> "PairQuerySet":
        return self.filter(mentor=mentor)


class Pair(models.Model):
    """A mentor and the resident they support, in one scheme, from a day until it ends."""

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="support_pairs")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="pairs")
    mentor = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="pairs_as_mentor")
    supported = models.ForeignKey(
        PeerWorker,
        on_delete=models.PROTECT,
        related_name="pairs_as_supported",
        verbose_name="Resident supported",
    )
    started_on = models.DateField()
    consent = models.BooleanField(
        "The resident agreed to be supported and to have sessions recorded",
        help_text="Ask them first. Without their agreement there is no pair.",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=30, choices=EndReason.choices, blank=True)
    end_note = models.CharField(max_length=FEW_SENTENCES, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finished_plan_on = models.DateField(
        "Finished the reading plan on", null=True, blank=True, help_text="Toe by Toe: the milestone."
    )
    history = HistoricalRecords()

    objects = PairQuerySet.as_manager()

    class Meta:
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["scheme", "ended_on"]), models.Index(fields=["mentor", "ended_on"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(consent=True),
                name="pair_needs_consent",
                violation_error_message="Record that the resident agreed to be supported and to have sessions recorded.",
            ),
            models.CheckConstraint(
                condition=~models.Q(mentor=models.F("supported")),
                name="pair_mentor_is_not_the_supported",
                violation_error_message="A mentor cannot be paired with themselves.",
            ),
            models.UniqueConstraint(
                fields=["mentor", "supported"],
                condition=models.Q(ended_on__isnull=True),
                name="pair_open_once",
                violation_error_message="These two are already paired.",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="pair_ends_after_it_starts",
                violation_error_message="A pair ends on or after the day it started.",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True, end_reason="")
                | (models.Q(ended_on__isnull=False) & ~models.Q(end_reason="")),
                name="pair_end_has_a_reason",
                violation_error_message="Say why the pair ended.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor.first_name} with {self.supported.first_name} ({self.scheme})"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None


class NotHeld(models.TextChoices):
    """Why a session did not happen: the stumbling blocks (Perrin) the report counts."""

    MENTOR_NOT_UNLOCKED = "mentor_not_unlocked", _("I was not unlocked")
    LEARNER_NOT_UNLOCKED = "learner_not_unlocked", _("They were not unlocked")
    REGIME_CLASH = "regime_clash", _("It clashed with work, visits or meals")
    NO_SPACE = "no_space", _("There was no space")
    LEARNER_DID_NOT_WANT = "learner_did_not_want", _("They did not want to")
    LEARNER_UNWELL = "learner_unwell", _("They were unwell")
    OTHER = "other", _("Something else")


# About how long a session lasted, in minutes, as the kiosk offers it.
LENGTHS = [15, 30, 45, 60, 90]


class Session(Archivable):
    """One day's session of a pair: held (about how long), or not held and why. One per pair a day."""

    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="sessions")
    on = models.DateField()
    held = models.BooleanField()
    minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=[(m, f"{m} minutes") for m in LENGTHS]
    )
    not_held_because = models.CharField(max_length=30, choices=NotHeld.choices, blank=True)
    staff_note = models.TextField(
        blank=True,
        max_length=NOTE,
        help_text="Staff only; never shown on the kiosk. Never record what a Listener's caller said.",
    )
    recorded_by_worker = models.ForeignKey(
        PeerWorker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]
        indexes = [models.Index(fields=["pair", "on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "on"],
                condition=models.Q(archived_at__isnull=True),
                name="session_once_a_day",
                violation_error_message="A session is already recorded for that day.",
            ),
            models.CheckConstraint(
                condition=(models.Q(held=True, minutes__isnull=False, not_held_because=""))
                | (models.Q(held=False, minutes__isnull=True) & ~models.Q(not_held_because="")),
                name="session_held_or_why_not",
                violation_error_message="Say about how long it lasted, or why it did not happen.",
            ),
            models.CheckConstraint(
                condition=models.Q(recorded_by__isnull=False) | models.Q(recorded_by_worker__isnull=False),
                name="session_is_attributed",
            ),
            archive_is_attributed("session_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return f"Session of {self.pair} on {self.on}"


class ReadingStage(Archivable):
    """One stage of a scheme's reading plan (Toe by Toe), in order. Staff rename them."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="reading_stages")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "number"],
                condition=models.Q(archived_at__isnull=True),
                name="reading_stage_number_once",
                violation_error_message="The plan already has a stage with that number.",
            ),
            archive_is_attributed("reading_stage_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return self.name


class ReadingProgress(models.Model):
    """The stage of the reading plan a learner reached, on a day."""

    pair = models.ForeignKey(Pair, on_delete=models.PROTECT, related_name="progress")
    stage = models.ForeignKey(ReadingStage, on_delete=models.PROTECT, related_name="+")
    reached_on = models.DateField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["-reached_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "stage"],
                name="reading_stage_reached_once",
                violation_error_message="That stage is already recorded for this learner.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.stage} on {self.reached_on}"


def default_stage_names(count: int = 5) -> list[str]:
    """A neutral numbered list that staff rename to their edition of the plan."""
    return [f"Stage {number}" for number in range(1, count + 1)]
