"""Residents' concerns that peer workers carry to staff, and the departments that answer them.

A concern cannot quietly die: from the moment it is raised it sits with a department, has a day
its answer is due, and keeps every step (who and when) as an event. The peer worker who raised it
reads the answer on the wing kiosk; staff-only notes never reach the kiosk.
"""

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from establishments.models import Establishment, Location
from kiosk.models import KioskDevice
from peerwork.lengths import FEW_SENTENCES, NOTE
from peerwork.records import Archivable, archive_is_attributed
from schemes.models import Contract, PeerWorker
from schemes.models.people import prison_number_validator

LONGEST_DEADLINE_DAYS = 90


class Department(Archivable):
    """Who answers a kind of concern at one establishment (Healthcare at HMP Northgate).

    Retired, not deleted: a retired department keeps its concerns and takes no new ones.
    """

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(max_length=80)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="concern_departments_owned",
        help_text="The named member of staff who sees that its concerns are answered.",
    )
    deputies = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="concern_departments_deputised",
        help_text="Staff who answer its concerns with the owner and cover when the owner is away.",
    )
    digest_email = models.EmailField(
        "Email for the daily digest",
        blank=True,
        help_text="A shared inbox that also gets the department's open and overdue concerns each morning.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "establishment",
                Lower("name"),
                condition=models.Q(archived_at__isnull=True),
                name="department_name_unique_per_establishment",
                violation_error_message="This establishment already has a department with that name.",
            ),
            archive_is_attributed("department_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return self.name


class Topic(Archivable):
    """What a concern is about, as peer workers choose it: its department and answer deadline."""

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="concern_topics")
    name = models.CharField(max_length=80)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="topics",
        help_text="Where a concern about this goes first. Staff can forward it from there.",
    )
    answer_within_days = models.PositiveSmallIntegerField(
        "Answer within (days)",
        default=7,
        help_text=f"Calendar days from the day it is raised, 1 to {LONGEST_DEADLINE_DAYS}.",
    )
    asks_protected_characteristic = models.BooleanField(
        "Asks which protected characteristic",
        default=False,
        help_text="For discrimination: the peer worker chooses the characteristic it is about.",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "establishment",
                Lower("name"),
                condition=models.Q(archived_at__isnull=True),
                name="topic_name_unique_per_establishment",
                violation_error_message="This establishment already has a topic with that name.",
            ),
            models.CheckConstraint(
                condition=models.Q(answer_within_days__gte=1, answer_within_days__lte=LONGEST_DEADLINE_DAYS),
                name="topic_deadline_in_range",
                violation_error_message=f"Enter a number of days from 1 to {LONGEST_DEADLINE_DAYS}.",
            ),
            archive_is_attributed("topic_archive_is_attributed"),
        ]

    def __str__(self) -> str:
        return self.name


class ProtectedCharacteristic(models.TextChoices):
    """The nine protected characteristics of the Equality Act 2010."""

    AGE = "age", _("Age")
    DISABILITY = "disability", _("Disability")
    GENDER_REASSIGNMENT = "gender_reassignment", _("Gender reassignment")
    MARRIAGE = "marriage", _("Marriage or civil partnership")
    PREGNANCY = "pregnancy", _("Pregnancy or maternity")
    RACE = "race", _("Race")
    RELIGION = "religion", _("Religion or belief")
    SEX = "sex", _("Sex")
    SEXUAL_ORIENTATION = "sexual_orientation", _("Sexual orientation")


class ConcernQuerySet(models.QuerySet["Concern"]):
    def awaiting_answer(self) -> "ConcernQuerySet":
        return self.filter(status__in=Concern.AWAITING_ANSWER)

    def overdue_on(self, day: date) -> "ConcernQuerySet":
        """Waiting for an answer that was due before `day`."""
        return self.awaiting_answer().filter(due_on__lt=day)

    def raised_by(self, worker: PeerWorker) -> "ConcernQuerySet":
        return self.filter(worker=worker)


class Concern(models.Model):
    """One resident's (or a wing's) problem, carried to staff by a peer worker."""

    class Status(models.TextChoices):
        RAISED = "raised", _("Sent to the department")
        WITH_DEPARTMENT = "with_department", _("Being looked into")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")
        DECLINED = "declined", _("Not taken forward")
        REFERRED = "referred", _("Passed to the discrimination process")

    class Affects(models.TextChoices):
        ONE = "one", _("One resident")
        SEVERAL = "several", _("Several residents")
        WING = "wing", _("The whole wing")

    class Verdict(models.TextChoices):
        SORTED = "sorted", _("This was sorted")
        NOT_SORTED = "not_sorted", _("This was not sorted")

    AWAITING_ANSWER = (Status.RAISED, Status.WITH_DEPARTMENT)
    FINISHED = (Status.CLOSED, Status.DECLINED, Status.REFERRED)

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="concerns")
    worker = models.ForeignKey(
        PeerWorker,
        on_delete=models.PROTECT,
        related_name="concerns",
        help_text="The peer worker who carried it to staff, and reads the answer on the kiosk.",
    )
    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="+")
    device = models.ForeignKey(KioskDevice, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff who logged it from paper; blank when raised on the kiosk.",
    )
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="concerns")
    protected_characteristic = models.CharField(
        max_length=20, choices=ProtectedCharacteristic.choices, blank=True
    )
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="+", verbose_name="Wing")
    affects = models.CharField(max_length=10, choices=Affects.choices)
    problem = models.TextField(max_length=FEW_SENTENCES)
    resident_agreed_to_be_named = models.BooleanField(default=False)
    resident_name = models.CharField(max_length=120, blank=True)
    resident_prison_number = models.CharField(max_length=7, blank=True, validators=[prison_number_validator])

    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="concerns")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The member of staff dealing with it.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RAISED)
    raised_at = models.DateTimeField()
    deadline_days = models.PositiveSmallIntegerField(help_text="The topic's deadline when it was raised.")
    due_on = models.DateField()

    answer = models.TextField(
        max_length=NOTE, blank=True, help_text="What the peer worker reads on the kiosk."
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decline_reason = models.TextField(max_length=FEW_SENTENCES, blank=True)
    referral_reference = models.CharField("Discrimination process reference", max_length=40, blank=True)
    referred_on = models.DateField(null=True, blank=True)
    verdict = models.CharField(max_length=12, choices=Verdict.choices, blank=True)
    reopened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    may_publish = models.BooleanField("May be published in “You said, we did”", default=False)
    public_problem = models.CharField(
        "The problem, in general words",
        max_length=300,
        blank=True,
        help_text="No names and no prison numbers: this goes on wing noticeboards.",
    )
    public_action = models.CharField(
        "What was done",
        max_length=300,
        blank=True,
        help_text="No names and no prison numbers: this goes on wing noticeboards.",
    )
    history = HistoricalRecords()

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(fields=["establishment", "status", "due_on"]),
            models.Index(fields=["worker", "raised_at"]),
            models.Index(fields=["department", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(resident_agreed_to_be_named=True)
                | models.Q(resident_name="", resident_prison_number=""),
                name="concern_resident_named_only_with_agreement",
                violation_error_message="A resident is named only when they agreed to be named.",
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("raised_at__date")),
                name="concern_due_after_raised",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="answered") | ~models.Q(answer=""),
                name="concern_answered_has_answer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="declined") | ~models.Q(decline_reason=""),
                name="concern_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="referred")
                | (~models.Q(referral_reference="") & models.Q(referred_on__isnull=False)),
                name="concern_referral_recorded",
            ),
            models.CheckConstraint(
                condition=models.Q(may_publish=False)
                | (~models.Q(public_problem="") & ~models.Q(public_action="")),
                name="concern_published_in_general_words",
            ),
        ]

    def __str__(self) -> str:
        return f"Concern {self.pk} ({self.topic})"

    @property
    def is_open(self) -> bool:
        return self.status not in self.FINISHED

    @property
    def is_awaiting_answer(self) -> bool:
        return self.status in self.AWAITING_ANSWER

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_awaiting_answer and self.due_on < (today or timezone.localdate())


class ConcernEvent(models.Model):
    """One step in a concern's life, with who took it and when: its timeline.

    Staff actions name a member of staff; the peer worker's own (raising it, a follow-up, saying
    whether it was sorted) name the peer worker. `for_worker` steps are shown on the kiosk.
    """

    class Kind(models.TextChoices):
        RAISED = "raised", _("Raised")
        TAKEN = "taken", _("Taken on")
        FORWARDED = "forwarded", _("Forwarded")
        STAFF_NOTE = "staff_note", _("Staff-only note")
        WORKER_NOTE = "worker_note", _("Note for the peer worker")
        FOLLOW_UP = "follow_up", _("Follow-up from the peer worker")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Not taken forward")
        REFERRED = "referred", _("Passed to the discrimination process")
        SORTED = "sorted", _("The peer worker says this was sorted")
        NOT_SORTED = "not_sorted", _("The peer worker says this was not sorted")
        CLOSED = "closed", _("Closed")
        PUBLISHED = "published", _("Ticked for “You said, we did”")

    FOR_WORKER = (
        Kind.RAISED,
        Kind.WORKER_NOTE,
        Kind.FOLLOW_UP,
        Kind.ANSWERED,
        Kind.DECLINED,
        Kind.REFERRED,
        Kind.SORTED,
        Kind.NOT_SORTED,
        Kind.CLOSED,
    )

    concern = models.ForeignKey(Concern, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    text = models.TextField(max_length=NOTE, blank=True)
    from_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_department = models.ForeignKey(
        Department, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    by_worker = models.ForeignKey(
        PeerWorker, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(by_user__isnull=False) | models.Q(by_worker__isnull=False),
                name="concern_event_is_attributed",
            ),
            # The peer worker adds one follow-up, and "not sorted" reopens a concern once: the
            # database decides between two taps at once.
            models.UniqueConstraint(
                fields=["concern"], condition=models.Q(kind="follow_up"), name="concern_one_follow_up"
            ),
            models.UniqueConstraint(
                fields=["concern"], condition=models.Q(kind="not_sorted"), name="concern_reopened_once"
            ),
            models.UniqueConstraint(
                fields=["concern"], condition=models.Q(kind="sorted"), name="concern_sorted_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.concern}"

    @property
    def for_worker(self) -> bool:
        return self.kind in self.FOR_WORKER

    @property
    def by(self) -> str:
        if self.by_user_id:
            return self.by_user.get_full_name() or self.by_user.username
        return self.by_worker.full_name if self.by_worker_id else ""
