from datetime import date, timedelta

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from peerwork.formats import money
from peerwork.lengths import FEW_SENTENCES, NOTE
from schemes.models.applications import Application
from schemes.models.people import PeerWorker
from schemes.models.roles import RoleDescription
from schemes.models.schemes import Scheme


class EndReason(models.TextChoices):
    # Chosen by staff
    COMPLETED = "completed", "Completed the contract"
    RESIGNED = "resigned", "Resigned"
    DISMISSED = "dismissed", "Dismissed"
    # Set by the system
    RENEWED = "renewed", "Renewed (continued under a new contract)"
    EXPIRED = "expired", "Expired"
    TRANSFERRED = "transferred", "Transferred to another prison"
    RELEASED = "released", "Released"

    @classmethod
    def staff_choices(cls):
        return [(c.value, c.label) for c in (cls.COMPLETED, cls.RESIGNED, cls.DISMISSED)]


class DismissalReason(models.TextChoices):
    CONFIDENTIALITY = "confidentiality", "Breach of confidentiality"
    SECURITY = "security", "Security"
    HEALTH = "health", "Health or welfare"
    CONDUCT = "conduct", "Conduct or behaviour"
    OTHER = "other", "Other"


def open_contract(relation: str = "contracts") -> models.Q:
    """`Q` for "has an open contract" asked through a relation, such as `worker__contracts`."""
    return models.Q(**{f"{relation}__status__in": Contract.OPEN})


def in_role_contract(relation: str = "contracts") -> models.Q:
    """`Q` for "has a contract in the role (active or suspended)" asked through a relation."""
    return models.Q(**{f"{relation}__status__in": Contract.IN_ROLE})


class ContractQuerySet(models.QuerySet):
    def open(self):
        """Not closed: awaiting signature, active or suspended."""
        return self.filter(status__in=Contract.OPEN)

    def in_role(self):
        """Active or suspended: in the role by today's status (for a given day, see `in_effect_on`)."""
        return self.filter(status__in=Contract.IN_ROLE)

    def active(self):
        """In the role and not suspended, by today's status."""
        return self.filter(status=Contract.Status.ACTIVE)

    def renewals_awaiting_signature(self):
        """Renewals in the role whose new compact is not signed yet. The role continues meanwhile:
        a renewal counts as in role, and in effect, signed or not (see `_in_term_on`)."""
        return self.in_role().filter(renewal_of__isnull=False, signed_on__isnull=True)

    def listeners(self):
        """Contracts of a Listener scheme."""
        return self.filter(scheme__preset=Scheme.LISTENERS)

    def ending_within(self, days: int, *, today: date):
        """In the role and due to end on or before `days` from `today`."""
        return self.in_role().filter(end_date__lte=today + timedelta(days=days))

    def in_effect_on(self, day):
        """Contracts that put their holder in the role on `day`: signed (or a renewal), the day
        inside the term, and not ended before it. A contract ended or renewed on a day is no longer
        in effect that day; its renewal is. A suspension does not stop a contract being in effect
        (see `Suspension.objects.in_force_on`).

        `day` may be an expression, such as `OuterRef("day")` from a rota shift, so that one
        subquery answers the question for every row of a list.
        """
        return self._in_term_on(day).filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gt=day))

    def held_during(self, day):
        """Contracts that put their holder in the role for at least part of `day`: in effect that
        day, or ended during it. A call-out in the small hours of the day a contract was ended
        happened while it held."""
        return self._in_term_on(day).filter(models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=day))

    def _in_term_on(self, day):
        # A renewal is in effect before its compact is signed: the role continues unbroken from the
        # contract it renewed, and the unsigned compact is flagged (RENEWAL_UNSIGNED) instead.
        return self.filter(
            models.Q(signed_on__isnull=False) | models.Q(renewal_of__isnull=False),
            start_date__lte=day,
            end_date__gt=day,
        )


class Contract(models.Model):
    """A fixed-term peer-work contract (normally six months), issued under one role version."""

    class Status(models.TextChoices):
        AWAITING_SIGNATURE = "awaiting_signature", "Awaiting signature"
        ACTIVE = "active", "Active"
        SUSPENDED = "suspended", "Suspended"
        ENDED = "ended", "Ended"
        EXPIRED = "expired", "Expired"

    OPEN = [Status.AWAITING_SIGNATURE, Status.ACTIVE, Status.SUSPENDED]
    IN_ROLE = [Status.ACTIVE, Status.SUSPENDED]

    worker = models.ForeignKey(PeerWorker, on_delete=models.PROTECT, related_name="contracts")
    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="contracts")
    role_description = models.ForeignKey(
        RoleDescription,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name="Role description version",
    )
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="contracts"
    )
    renewal_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewed_by"
    )
    start_date = models.DateField()
    end_date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.AWAITING_SIGNATURE)
    weekly_pay_pence = models.PositiveIntegerField(
        "Own weekly rate (pence)",
        null=True,
        blank=True,
        help_text="Empty: the contract is paid the scheme's rate in force each day (schemes.SchemeRate).",
    )
    privileges = models.TextField(blank=True, max_length=FEW_SENTENCES)
    signed_on = models.DateField(null=True, blank=True)
    witnessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    dismissal_reason = models.CharField(max_length=20, choices=DismissalReason.choices, blank=True)
    end_note = models.TextField(blank=True, max_length=NOTE)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = ContractQuerySet.as_manager()

    scheme_rate_today_pence: int | None  # set by the selectors that show pay (scheme_rate_on)

    class Meta:
        ordering = ["-start_date", "-pk"]
        # The open contracts of one scheme, by person: the peer workers list's "scheme" and "in a
        # role here" filters ask it of every person on a page (README, "Searching at scale").
        indexes = [
            models.Index(
                fields=["scheme", "worker"],
                condition=models.Q(status__in=["awaiting_signature", "active", "suspended"]),
                name="contract_open_by_scheme",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["worker", "scheme"],
                condition=models.Q(status__in=["awaiting_signature", "active", "suspended"]),
                name="contract_one_open_per_worker_and_scheme",
                violation_error_message="This person already has an open contract for this scheme.",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="contract_ends_after_it_starts",
                violation_error_message="The end date must be after the start date.",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["awaiting_signature", "active", "suspended"])
                | (~models.Q(end_reason="") & models.Q(ended_on__isnull=False)),
                name="contract_closed_has_reason_and_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(end_reason="dismissed") | ~models.Q(dismissal_reason=""),
                name="contract_dismissal_has_reason",
                violation_error_message="Say why the contract was ended by dismissal.",
            ),
            models.CheckConstraint(
                condition=models.Q(status="awaiting_signature")
                | models.Q(signed_on__isnull=False)
                | models.Q(renewal_of__isnull=False)
                | models.Q(status__in=["ended", "expired"]),
                name="contract_in_role_was_signed",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.worker.full_name}, {self.scheme} ({self.start_date:%d %b %Y} to {self.end_date:%d %b %Y})"
        )

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def awaits_renewal_signature(self) -> bool:
        """A renewal in the role whose new compact is not signed yet (the role continues meanwhile;
        recording the signature settles it). Asked of many rows: `renewals_awaiting_signature`."""
        return self.renewal_of_id is not None and self.signed_on is None and self.status in self.IN_ROLE

    @property
    def state_label(self) -> str:
        """The status in words, saying when a renewal's new compact is not signed yet."""
        label = str(self.get_status_display())
        return f"{label}, new compact not signed" if self.awaits_renewal_signature else label

    @property
    def available_actions(self) -> dict[str, bool]:
        """What can be done in this state; the services refuse the rest whatever a page offers."""
        return {
            "sign": self.is_open and self.signed_on is None,
            "renew": self.status in self.IN_ROLE and not self.awaits_renewal_signature,
            "suspend": self.status == self.Status.ACTIVE,
            "lift_suspension": self.status == self.Status.SUSPENDED,
            "end": self.is_open,
        }

    @property
    def has_own_rate(self) -> bool:
        return self.weekly_pay_pence is not None

    @property
    def weekly_pay_today_pence(self) -> int:
        """What the contract pays a week today: its own rate, else its paid scheme's rate today (0
        if unpaid). Lists set `scheme_rate_today_pence` in their one query (scheme_rate_on)."""
        if self.weekly_pay_pence is not None:
            return self.weekly_pay_pence
        if not self.scheme.is_paid:
            return 0
        if not hasattr(self, "scheme_rate_today_pence"):
            self.scheme_rate_today_pence = self.scheme.rate_today()
        return self.scheme_rate_today_pence or 0

    @property
    def weekly_pay(self) -> str:
        """ "£6.00" or "Unpaid"."""
        pence = self.weekly_pay_today_pence
        return money(pence) if pence else "Unpaid"


class SuspensionQuerySet(models.QuerySet):
    def in_force_on(self, day):
        """Suspensions that hold on `day`: started, not past their planned end, not lifted by then.
        A suspension lifted on a day no longer holds that day. `day` may be an expression."""
        return self.filter(starts_on__lte=day).filter(
            models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=day),
            models.Q(lifted_on__isnull=True) | models.Q(lifted_on__gt=day),
        )


class Suspension(models.Model):
    """A contract put on hold for a period, with the reason and whether pay continues."""

    contract = models.ForeignKey(Contract, on_delete=models.PROTECT, related_name="suspensions")
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True, help_text="Leave blank if not known yet.")
    is_paid = models.BooleanField("Pay continues", default=False)
    reason = models.TextField(max_length=FEW_SENTENCES)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    lifted_on = models.DateField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(lifted_on__isnull=True),
                name="suspension_one_open_per_contract",
                violation_error_message="This contract is already suspended.",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="suspension_ends_after_it_starts",
                violation_error_message="The suspension must end on or after the day it starts.",
            ),
        ]

    def __str__(self) -> str:
        return f"Suspension of {self.contract} from {self.starts_on}"
