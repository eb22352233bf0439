from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from simple_history.models import HistoricalRecords

from establishments.models import Establishment
from peerwork.formats import money
from peerwork.lengths import FEW_SENTENCES


class Confidentiality(models.TextChoices):
    STRICT = "strict", "Strictly confidential"
    NEED_TO_KNOW = "need_to_know", "Need to know"
    NOT_CONFIDENTIAL = "not_confidential", "Not confidential"


class Scheme(models.Model):
    """A peer-work scheme as one establishment runs it (Listeners at HMP Northgate)."""

    LISTENERS = "listeners"  # the preset of the Listener scheme, which has the rota

    establishment = models.ForeignKey(Establishment, on_delete=models.PROTECT, related_name="schemes")
    preset = models.SlugField(
        max_length=40,
        blank=True,
        editable=False,
        help_text="Which national scheme this is, for presets such as Listeners; blank for local schemes.",
    )
    name = models.CharField(max_length=80)
    summary = models.TextField(
        "What the scheme does",
        max_length=FEW_SENTENCES,
        help_text="One or two short sentences a new reader can follow. Residents see this on the wing.",
    )
    partner = models.CharField("Partner organisation", max_length=120, blank=True)
    is_paid = models.BooleanField(
        "Paid role",
        default=False,
        help_text="The safer-custody manager sets the weekly rate, from a date, on the scheme's pay rates page.",
    )
    confidentiality = models.CharField(max_length=20, choices=Confidentiality.choices)
    confidentiality_statement = models.TextField(
        "Confidentiality, in plain words",
        max_length=FEW_SENTENCES,
        help_text="The sentence peer workers and residents see, for example “Nothing you say is written down.”",
    )
    supervision_every_days = models.PositiveSmallIntegerField("Supervision meeting every (days)", default=30)
    contract_months = models.PositiveSmallIntegerField("Contract length (months)", default=6)
    target_workers = models.PositiveSmallIntegerField("Target number of peer workers", default=0)
    checkin_every_days = models.PositiveSmallIntegerField(
        "Welfare check-in every (days)",
        null=True,
        blank=True,
        help_text="How often a coordinator checks in with each peer worker. Leave blank if check-ins are not due.",
    )
    is_active = models.BooleanField("Running", default=True)
    raises_concerns = models.BooleanField(
        "Peer workers carry residents' concerns to staff",
        default=False,
        help_text=(
            "They may raise a resident's concern on the wing kiosk, and staff may log one on their behalf. "
            "Never for Listeners: what a caller says stays with the Listener."
        ),
    )
    works_one_to_one = models.BooleanField(
        "Peer workers support residents one to one",
        default=False,
        help_text="Mentors are paired with the residents they support, and record their sessions on the kiosk.",
    )
    supported_per_mentor = models.PositiveSmallIntegerField(
        "Residents one mentor supports at a time",
        default=1,
        help_text="For example 1 for a Toe by Toe learner, up to 3 for a Buddy.",
    )
    session_window_days = models.PositiveSmallIntegerField(
        "Flag a pair with no session for (days)",
        default=14,
        help_text="A pair with no session recorded for this many days is flagged for the scheme's lead.",
    )
    history = HistoricalRecords()

    # Set by schemes.selectors on the schemes it returns (scheme_list; the active_leads prefetch).
    vacancies: int
    waiting_count: int
    active_leads: list["SchemeLead"]

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                "establishment",
                Lower("name"),
                name="scheme_name_unique_per_establishment",
                violation_error_message="This establishment already has a scheme with that name.",
            ),
            models.UniqueConstraint(
                fields=["establishment", "preset"],
                condition=~models.Q(preset=""),
                name="scheme_preset_once_per_establishment",
            ),
            models.CheckConstraint(
                condition=models.Q(contract_months__gte=1),
                name="scheme_contract_at_least_a_month",
                violation_error_message="A contract lasts at least one month.",
            ),
            models.CheckConstraint(
                condition=models.Q(supervision_every_days__gte=1),
                name="scheme_supervision_cadence_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(checkin_every_days__isnull=True) | models.Q(checkin_every_days__gte=1),
                name="scheme_checkin_cadence_positive",
                violation_error_message="Check-ins are due every day or more; leave it blank if they are not due.",
            ),
            models.CheckConstraint(
                condition=~models.Q(preset="listeners", raises_concerns=True),
                name="scheme_listeners_raise_no_concerns",
                violation_error_message="Listeners do not carry concerns: what a caller says stays with the Listener.",
            ),
            models.CheckConstraint(
                condition=models.Q(supported_per_mentor__gte=1, session_window_days__gte=1),
                name="scheme_one_to_one_settings_positive",
                violation_error_message="A mentor supports at least one resident, and the window is at least a day.",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def rate_today(self) -> int | None:
        """The weekly rate in pence in force today, or None before the first (one query; lists
        annotate `rate_today_pence` with schemes.models.scheme_rate_on instead)."""
        return (
            self.rates.in_force_on(timezone.localdate()).values_list("weekly_rate_pence", flat=True).first()
        )

    @property
    def pay(self) -> str:
        """The pay in words: "Paid, £6.00 a week", "Paid, no weekly rate set yet" or "Unpaid"."""
        if not self.is_paid:
            return "Unpaid"
        # A selector's annotation (scheme_rate_on), else one query.
        rate = self.__dict__["rate_today_pence"] if "rate_today_pence" in self.__dict__ else self.rate_today()
        if rate is None:
            return "Paid, no weekly rate set yet"
        return f"Paid, {money(rate)} a week"

    @property
    def is_listeners(self) -> bool:
        return self.preset == self.LISTENERS


class SchemeLead(models.Model):
    """A member of staff who leads (coordinates) a scheme, from a date until they stop."""

    scheme = models.ForeignKey(Scheme, on_delete=models.PROTECT, related_name="leads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="scheme_leads")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "user"],
                condition=models.Q(ended_on__isnull=True),
                name="scheme_lead_once_at_a_time",
                violation_error_message="This person already leads the scheme.",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True) | models.Q(ended_on__gte=models.F("started_on")),
                name="scheme_lead_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} leads {self.scheme}"


class EligibilityCheck(models.Model):
    """One check an application to this scheme must pass before approval."""

    class Kind(models.TextChoices):
        MINIMUM_IEP = "minimum_iep", "Minimum IEP level"
        TIME_TO_SERVE = "time_to_serve", "Time left to serve covers the contract"
        NO_ADJUDICATIONS = "no_adjudications", "No proven adjudications recently"
        SECURITY = "security", "Security clearance"
        TRAINING = "training", "Training completed"
        REFERENCE = "reference", "Staff reference"
        OTHER = "other", "Other"

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="checks")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    label = models.CharField(max_length=200, help_text="As the checklist shows it.")
    months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="For adjudications: how many months back to look."
    )
    minimum_iep = models.CharField(max_length=10, blank=True)
    is_required = models.BooleanField(default=True)
    order = models.PositiveSmallIntegerField(default=0)
    archived_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.label
