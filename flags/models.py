from django.conf import settings
from django.db import models
from django.utils import timezone

from establishments.models import Establishment
from peerwork.lengths import NOTE


class Flag(models.Model):
    """Something that needs a member of staff's attention.

    `key` names the condition (for example `supervision_overdue:scheme:12`): while a flag is open,
    no second flag opens for the same key, whoever or whatever raises it.

    A *condition* flag is raised by a job while its condition holds and closes itself when it
    clears; staff acknowledge it but cannot resolve it. The other kinds are resolved by hand.
    The tables keep their first names (schemes_flag, schemes_flagcomment): the rows, their ids
    and the links already sent in emails predate this app.

    flags sits below the apps whose records it flags (README, "Layout"): it names their models
    ("schemes.Scheme") instead of importing them, as a model names the user model.
    """

    class Kind(models.TextChoices):
        MEETINGS_CANCELLED = "meetings_cancelled", "Supervision meeting cancelled"
        SUPERVISION_OVERDUE = "supervision_overdue", "Supervision overdue"
        NO_LEAD = "no_lead", "Scheme has no staff lead"
        CONTRACT_ENDING = "contract_ending", "Contract ending soon"
        CONTRACT_EXPIRED = "contract_expired", "Contract expired"
        RENEWAL_UNSIGNED = "renewal_unsigned", "Renewed contract not signed"
        ROTA_GAP = "rota_gap", "Listener rota gap"
        OUT_OF_ROLE = "out_of_role", "Asked to work outside the role"
        CONSISTENCY = "consistency", "Records disagree (consistency audit)"
        CONCERN_OVERDUE = "concern_overdue", "Concern not answered in time"
        SUPPORT_NO_SESSION = "support_no_session", "No one-to-one session recorded"
        SUPPORT_BLOCKED = "support_blocked", "One-to-one sessions blocked"
        NOT_ON_ROLL = "not_on_roll", "Peer worker not on today's roll"
        ARRIVAL = "arrival", "Peer worker arrived"
        WORKLOAD = "workload", "Heavy Listener workload"
        CHECKIN_OVERDUE = "checkin_overdue", "Welfare check-in overdue"
        NEEDS_BREAK = "needs_break", "Peer worker needs a break"

    class Severity(models.IntegerChoices):
        NOTICE = 1, "Notice"
        WARNING = 2, "Warning"
        URGENT = 3, "Urgent"

    # What closes each kind, finishing "This flag closes by itself ...".
    CLOSES_BY_ITSELF: dict[str, str] = {
        Kind.NO_LEAD: "when the scheme has a staff lead",
        Kind.SUPERVISION_OVERDUE: "when a supervision meeting is held",
        Kind.MEETINGS_CANCELLED: "when a supervision meeting is held",
        Kind.CONTRACT_ENDING: "when the contract is renewed or ends",
        Kind.RENEWAL_UNSIGNED: "when the signature of the renewed compact is recorded, or the contract ends",
        Kind.ROTA_GAP: "when the shift is covered, or once it has ended",
        Kind.CONSISTENCY: "when the records agree again (the consistency audit runs nightly)",
        Kind.CONCERN_OVERDUE: "when the concern is answered, not taken forward, or passed to the discrimination process",
        Kind.SUPPORT_NO_SESSION: "when a session is recorded for the pair (held or not), or the pair ends",
        Kind.SUPPORT_BLOCKED: "when most of the pair's sessions in four weeks are no longer blocked for one reason, or the pair ends",
        Kind.CHECKIN_OVERDUE: "when a welfare check-in is recorded, or they no longer hold a contract for the scheme",
    }
    CLOSES_WHEN: dict[str, str] = {
        Kind.CONTRACT_EXPIRED: (
            "Closes by itself when a new contract is issued. If none will be, resolve it and say why."
        ),
        Kind.OUT_OF_ROLE: "Closes when the safer-custody team resolves it and says what was done.",
        Kind.NOT_ON_ROLL: (
            "Closes when their transfer or release is recorded here, or when they are back on the roll."
        ),
        Kind.ARRIVAL: "Closes when they are invited to apply, or when a member of staff resolves it.",
        Kind.WORKLOAD: (
            "Closes when a member of staff resolves it, saying what was agreed with the Listener; by itself "
            "if call-outs recorded in error are withdrawn and the week is back within the rota's limits."
        ),
        Kind.NEEDS_BREAK: (
            "Closes when a break from the rota is recorded, when a later check-in finds them fine, "
            "or when a member of staff resolves it and says what was agreed."
        ),
    }

    kind = models.CharField(max_length=30, choices=Kind.choices)
    key = models.CharField(max_length=120)
    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="flags")
    scheme = models.ForeignKey(
        "schemes.Scheme", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    contract = models.ForeignKey(
        "schemes.Contract", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    meeting = models.ForeignKey(
        "schemes.SupervisionMeeting", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    concern = models.ForeignKey(
        "concerns.Concern", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    pair = models.ForeignKey(
        "support.Pair", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    worker = models.ForeignKey(
        "schemes.PeerWorker", null=True, blank=True, on_delete=models.PROTECT, related_name="flags"
    )
    severity = models.PositiveSmallIntegerField(choices=Severity.choices)
    SUMMARY_LENGTH = 300
    summary = models.CharField(max_length=SUMMARY_LENGTH)
    opened_at = models.DateTimeField()
    escalated_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    look_again_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set when acknowledged: until this day the flag stays out of the daily digest.",
    )
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

    # Set on out-of-role reports by flags.selectors (who the reporter is now).
    about: str

    class Meta:
        db_table = "schemes_flag"
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

    @property
    def closes_by_itself(self) -> bool:
        """Raised by a condition that a job re-checks: never resolved by hand."""
        return self.kind in self.CLOSES_BY_ITSELF

    @property
    def closes_when(self) -> str:
        if self.closes_by_itself:
            return f"Closes by itself {self.CLOSES_BY_ITSELF[self.kind]}."
        return self.CLOSES_WHEN.get(self.kind, "Closes when a member of staff resolves it.")

    @property
    def is_resting(self) -> bool:
        """Acknowledged with a "look again on" day still to come: left out of the digest until then."""
        return self.is_open and self.look_again_on is not None and self.look_again_on > timezone.localdate()


class FlagComment(models.Model):
    flag = models.ForeignKey(Flag, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=NOTE, help_text="Never record what a Listener's caller said.")
    created_at = models.DateTimeField()

    class Meta:
        db_table = "schemes_flagcomment"
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment by {self.author} on {self.flag}"
