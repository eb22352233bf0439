from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from peerwork.lengths import FEW_SENTENCES, NOTE
from schemes.models.people import PeerWorker
from schemes.models.schemes import EligibilityCheck, Scheme


class Application(models.Model):
    """A prisoner's application (or nomination) to a scheme, and the selection decision."""

    class Status(models.TextChoices):
        RECEIVED = "received", "Received"
        CHECKS = "checks", "Checks"
        INTERVIEW = "interview", "Interview"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"
        WITHDRAWN = "withdrawn", "Withdrawn"

    OPEN = [Status.RECEIVED, Status.CHECKS, Status.INTERVIEW]
    CLOSED = [Status.APPROVED, Status.DECLINED, Status.WITHDRAWN]

    class Route(models.TextChoices):
        APPLIED = "applied", "Applied themselves"
        NOMINATED = "nominated", "Nominated"

    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="applications")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="applications")
    route = models.CharField(max_length=10, choices=Route.choices, default=Route.APPLIED)
    nominated_by = models.CharField(
        max_length=120, blank=True, help_text="Who nominated them, if they did not apply themselves."
    )
    received_on = models.DateField()
    why_they_want_the_role = models.TextField(blank=True, max_length=NOTE)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.RECEIVED)
    interview_on = models.DateField(null=True, blank=True)
    interview_notes = models.TextField(blank=True, max_length=NOTE)
    decision_reason = models.TextField(blank=True, max_length=FEW_SENTENCES)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "scheme"],
                condition=models.Q(status__in=["received", "checks", "interview"]),
                name="application_one_open_per_worker_and_scheme",
                violation_error_message="This person already has an application to this scheme in progress.",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decision_reason=""),
                name="application_decline_has_reason",
                violation_error_message="Give the reason for declining.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["received", "checks", "interview"])
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="application_decision_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} for {self.scheme}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN


class ApplicationCheck(models.Model):
    """One eligibility check on one application: who confirmed it, when, and the outcome."""

    class Outcome(models.TextChoices):
        PENDING = "pending", "Not checked yet"
        PASSED = "passed", "Passed"
        FAILED = "failed", "Not met"

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="checks")
    requirement = models.ForeignKey(EligibilityCheck, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    note = models.CharField(max_length=300, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    carried_over_from = models.ForeignKey(
        "establishments.Establishment",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Pre-filled from the record kept at this prison: staff here confirm it.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["requirement__order", "requirement__pk"]
        constraints = [
            models.UniqueConstraint(fields=["application", "requirement"], name="application_check_once"),
            models.CheckConstraint(
                condition=models.Q(outcome="pending")
                | models.Q(confirmed_by__isnull=False, confirmed_at__isnull=False),
                name="application_check_confirmation_is_attributed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requirement} ({self.get_outcome_display()})"
