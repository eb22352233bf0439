"""Forms for issuing, signing, suspending and ending contracts, and for the expiring list."""

from decimal import Decimal

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from peerwork.formats import long_date
from peerwork.forms import DateInputField, DatePickerField, GovukFormMixin
from schemes.models import Contract, DismissalReason, EndReason, PeerWorker, Scheme, Suspension
from schemes.selectors import expiry_warning_days
from schemes.services.contracts import default_end_date

NEVER_RECORD = "Never record what a Listener's caller said."
SCHEME_NOT_OFFERED = "Select a scheme from the list. You can choose only a scheme you lead or manage."


def _staff_of(establishment: Establishment):
    return User.objects.filter(establishments=establishment, is_active=True).order_by(
        "last_name", "first_name"
    )


class ContractIssueForm(GovukFormMixin, forms.Form):
    """The start and end are chosen from a calendar (date pickers): a day near today."""

    submit_label = "Issue contract"
    required_messages = {
        "worker": "Select the peer worker",
        "scheme": "Select a scheme",
        "start_date": "Enter the day the contract starts",
    }

    worker = forms.ModelChoiceField(
        label="Peer worker", queryset=PeerWorker.objects.none(), empty_label="Choose a person"
    )
    scheme = forms.ModelChoiceField(
        queryset=Scheme.objects.none(),
        empty_label="Choose a scheme",
        error_messages={"invalid_choice": SCHEME_NOT_OFFERED},
    )
    start_date = DatePickerField(label="Start date")
    end_date = DatePickerField(label="End date", required=False)
    weekly_pay = forms.DecimalField(
        label="Own weekly rate in pounds",
        required=False,
        min_value=Decimal("0"),
        max_digits=6,
        decimal_places=2,
        widget=forms.TextInput(attrs={"class": "govuk-input govuk-input--width-5", "inputmode": "decimal"}),
        help_text="For example 9.60. Leave blank to pay the scheme's weekly rate, as it changes.",
    )
    privileges = forms.CharField(
        required=False,
        max_length=Contract.privileges.field.max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example an extra hour unlocked. Leave blank for the role description's privileges.",
    )

    def __init__(
        self,
        *args,
        establishment: Establishment,
        schemes: QuerySet[Scheme],
        scheme: Scheme | None = None,
        **kwargs,
    ):
        """`schemes` are those the person may act on (selectors.schemes_user_may_act_on)."""
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = PeerWorker.objects.filter(
            establishment=establishment, custody_status=PeerWorker.CustodyStatus.IN_CUSTODY
        ).order_by("last_name", "first_name")
        self.fields["scheme"].queryset = schemes
        today = timezone.localdate()
        self.fields["start_date"].initial = today
        if scheme is None:
            self.fields[
                "end_date"
            ].help_text = (
                "Leave blank for the scheme's usual length (six months for most). For example, 23/11/2026."
            )
        else:
            default = default_end_date(scheme, today)
            self.fields["end_date"].help_text = (
                f"Leave blank for {scheme.contract_months} months from the start date: "
                f"{long_date(default)} if it starts today. For example, 23/11/2026."
            )
            self.fields["weekly_pay"].help_text = (
                f"For example 9.60. Leave blank to pay the scheme's weekly rate, as it changes "
                f"({scheme.pay.lower()} today)."
            )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_date"), cleaned.get("end_date")
        if start and end and end <= start:
            self.add_error("end_date", "The end date must be after the start date.")
        return cleaned

    def service_arguments(self) -> dict:
        """The form's answers as contract_issue takes them: blanks mean "use the scheme's"."""
        data = self.cleaned_data
        pay = data["weekly_pay"]
        return {
            "worker": data["worker"],
            "scheme": data["scheme"],
            "start_date": data["start_date"],
            "end_date": data["end_date"],
            "weekly_pay_pence": None if pay is None else int(pay * 100),
            "privileges": data["privileges"] or None,
        }


class ContractSignForm(GovukFormMixin, forms.Form):
    """The signing day is read off the signed compact: a date input (day, month, year)."""

    submit_label = "Record the signature"
    required_messages = {
        "signed_on": "Enter the date the compact was signed",
        "witnessed_by": "Select the member of staff who saw it signed",
    }

    signed_on = DateInputField(label="Date signed", help_text="The day the peer worker signed the compact.")
    witnessed_by = forms.ModelChoiceField(
        label="Witnessed by",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        help_text="The member of staff who saw the peer worker sign.",
    )

    def __init__(self, *args, establishment: Establishment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["witnessed_by"].queryset = _staff_of(establishment)
        self.fields["signed_on"].initial = timezone.localdate()

    def clean_signed_on(self):
        signed_on = self.cleaned_data["signed_on"]
        if signed_on > timezone.localdate():
            raise forms.ValidationError("The signing date cannot be in the future.")
        return signed_on


class ContractSuspendForm(GovukFormMixin, forms.Form):
    """The suspension's days are chosen from a calendar (date pickers)."""

    submit_label = "Suspend contract"
    required_messages = {
        "starts_on": "Enter the first day of the suspension",
        "reason": "Enter a reason for the suspension",
    }

    starts_on = DatePickerField(label="Suspended from")
    ends_on = DatePickerField(
        label="Suspended until", required=False, help_text="Leave blank if you do not know yet."
    )
    is_paid = forms.BooleanField(label="Pay continues during the suspension", required=False)
    reason = forms.CharField(
        max_length=Suspension.reason.field.max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Say plainly why, in a few sentences. {NEVER_RECORD}",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The suspension must end on or after the day it starts.")
        return cleaned


class ContractEndForm(GovukFormMixin, forms.Form):
    """The last day in the role is a day that happened: a date input (day, month, year)."""

    submit_label = "End contract"
    required_messages = {
        "reason": "Select why the contract is ending",
        "ended_on": "Enter the last day in the role",
    }

    reason = forms.ChoiceField(
        label="Why is the contract ending?", choices=EndReason.staff_choices(), widget=forms.RadioSelect
    )
    dismissal_reason = forms.ChoiceField(
        label="If dismissed, why?",
        choices=DismissalReason.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text="Only if the peer worker was dismissed.",
    )
    ended_on = DateInputField(label="Last day in the role")
    note = forms.CharField(
        required=False,
        max_length=Contract.end_note.field.max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Anything the next coordinator should know. {NEVER_RECORD}",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == EndReason.DISMISSED and not cleaned.get("dismissal_reason"):
            self.add_error("dismissal_reason", "Say why the contract was ended by dismissal.")
        return cleaned


class ExpiringFilterForm(forms.Form):
    days = forms.IntegerField(
        label="Ending within (days)",
        min_value=1,
        max_value=365,
        required=False,
        error_messages={
            "min_value": "Enter a number of days from 1 to 365.",
            "max_value": "Enter a number of days from 1 to 365.",
            "invalid": "Enter a number of days from 1 to 365.",
        },
    )

    def within_days(self) -> int:
        if self.is_valid() and self.cleaned_data["days"]:
            return self.cleaned_data["days"]
        return expiry_warning_days()
