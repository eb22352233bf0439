import re

from django import forms
from django.core.validators import MinValueValidator
from django.utils import timezone

from peerwork.forms import DatePickerField, GovukFormMixin
from schemes.models import RoleDescription, Scheme
from schemes.models.roles import ROLE_DESCRIPTION_FIELDS
from schemes.models.schemes import Confidentiality

POUNDS_PATTERN = re.compile(r"^£?\s*(?P<pounds>\d{1,5})(?:\.(?P<pence>\d{1,2}))?$")


def pounds_to_pence(text: str) -> int:
    """'9.60', '£9.60', '9.6' or '9' in pounds to integer pence; ValueError for anything else."""
    match = POUNDS_PATTERN.match(text.strip())
    if match is None:
        raise ValueError(text)
    return int(match["pounds"]) * 100 + int((match["pence"] or "0").ljust(2, "0"))


# GOV.UK asks for text inputs with a numeric keyboard rather than type="number".
WHOLE_NUMBER = forms.TextInput(
    attrs={"class": "govuk-input--width-3", "inputmode": "numeric", "spellcheck": "false"}
)


class SchemeForm(GovukFormMixin, forms.ModelForm):
    """The scheme's own settings. Whether the role is paid is set here; the weekly rate, which
    takes effect from a date, on the scheme's pay rates page (SchemeRateForm)."""

    required_messages = {
        "name": "Enter the scheme's name",
        "summary": "Enter what the scheme does",
        "confidentiality": "Select how confidential the scheme is",
        "confidentiality_statement": "Enter the confidentiality statement, in plain words",
        "supervision_every_days": "Enter how many days there are between supervision meetings",
        "contract_months": "Enter how many months a contract lasts",
        "target_workers": "Enter the target number of peer workers",
        "supported_per_mentor": "Enter how many residents one mentor supports at a time",
        "session_window_days": "Enter after how many days without a session a pair is flagged",
    }
    # Asked for only when the scheme works one to one; otherwise a blank keeps what is stored.
    one_to_one_fields = ("supported_per_mentor", "session_window_days")

    class Meta:
        model = Scheme
        fields = [
            "name",
            "summary",
            "partner",
            "is_paid",
            "confidentiality",
            "confidentiality_statement",
            "supervision_every_days",
            "checkin_every_days",
            "contract_months",
            "target_workers",
            "is_active",
            "raises_concerns",
            "works_one_to_one",
            "supported_per_mentor",
            "session_window_days",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "confidentiality": forms.RadioSelect,
            "confidentiality_statement": forms.Textarea(attrs={"rows": 3}),
            "supervision_every_days": WHOLE_NUMBER,
            "checkin_every_days": WHOLE_NUMBER,
            "contract_months": WHOLE_NUMBER,
            "target_workers": WHOLE_NUMBER,
            "supported_per_mentor": WHOLE_NUMBER,
            "session_window_days": WHOLE_NUMBER,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confidentiality"].choices = Confidentiality.choices
        self.fields["contract_months"].validators.append(
            MinValueValidator(1, "A contract lasts at least one month.")
        )
        self.fields["checkin_every_days"].validators.append(
            MinValueValidator(
                1, "Enter how many days there are between check-ins, 1 or more, or leave it blank."
            )
        )
        self.fields["supervision_every_days"].validators.append(
            MinValueValidator(1, "Enter how many days there are between supervision meetings, 1 or more.")
        )
        if self.instance.is_listeners:  # what a caller says stays with the Listener
            self.leave_out("raises_concerns")
        for name in self.one_to_one_fields:
            self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        for name in self.one_to_one_fields:
            if cleaned.get(name) is not None or name in self.errors:
                continue
            if cleaned.get("works_one_to_one"):
                self.add_error(name, forms.ValidationError(self.required_messages[name], code="required"))
            else:
                cleaned[name] = getattr(self.instance, name)
        return cleaned


def pounds_field(label: str, *, required: bool = True, help_text: str = "") -> forms.CharField:
    """Money typed in pounds and pence, as GOV.UK asks: a text box with a decimal keyboard."""
    return forms.CharField(
        label=label,
        required=required,
        max_length=12,
        help_text=help_text,
        widget=forms.TextInput(
            attrs={"class": "govuk-input--width-5", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )


def clean_pounds(text: str, *, what: str) -> int:
    try:
        return pounds_to_pence(text)
    except ValueError:
        raise forms.ValidationError(
            f"Enter the {what} in pounds and pence, for example 9.60.", code="invalid"
        ) from None


class SchemeRateForm(GovukFormMixin, forms.Form):
    """A scheme's new weekly rate and the day it takes effect; the days before keep their rate."""

    submit_label = "Set the rate"
    required_messages = {
        "weekly_rate": "Enter the weekly rate",
        "effective_from": "Enter the day the rate takes effect",
    }

    weekly_rate = pounds_field("Weekly rate (£)", help_text="In pounds and pence, for example 9.60.")
    effective_from = DatePickerField(
        label="Takes effect from",
        help_text="Days before it keep the rate they had. Weeks already confirmed never change.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].initial = timezone.localdate()

    def clean_weekly_rate(self) -> int:
        return clean_pounds(self.cleaned_data["weekly_rate"], what="weekly rate")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user) -> str:
        return f"{user} ({user.get_role_display()})"


class SchemeLeadForm(GovukFormMixin, forms.Form):
    submit_label = "Add lead"

    user = StaffChoiceField(
        label="Member of staff",
        queryset=None,
        empty_label="Choose someone",
        help_text="Only staff who work in this establishment can lead its schemes.",
        error_messages={
            "required": "Choose who will lead the scheme.",
            "invalid_choice": "Choose someone who works in this establishment and does not already lead it.",
        },
    )

    def __init__(self, *args, staff, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff


PLAIN_ENGLISH_HELP = {
    "purpose": "One or two short sentences. Write as if speaking to the peer worker: “You listen to…”.",
    "duties": "One duty per line. Start each with a verb, for example “Meet new arrivals.”",
    "not_part_of_role": (
        "One per line. Name the things staff might ask that are not the peer worker's job, "
        "for example “Watching another prisoner for staff”."
    ),
    "hours": "When the work happens, including nights and weekends. Short sentences.",
    "privileges": "For example: an extra hour unlocked, red band. Leave blank if there are none.",
    "pay": "For example: £9.60 a week, or “Unpaid”.",
    "training_required": "The training they need before starting, and any refreshers.",
    "supervision": "Who they meet, and how often.",
    "confidentiality": "In plain words, what is kept private and when it is passed on.",
    "who_to_go_to": "A named role or team they can reach from the wing.",
}


class RoleDescriptionForm(GovukFormMixin, forms.ModelForm):
    """The next version of a role description. Saving publishes it; earlier versions never change."""

    submit_label = "Publish new version"
    required_messages = {
        "purpose": "Enter what the role is for",
        "duties": "Enter what the peer worker does",
        "not_part_of_role": "Enter what is not part of the role",
        "hours": "Enter the hours and times",
        "supervision": "Enter the supervision and support",
        "confidentiality": "Enter what is kept confidential",
        "who_to_go_to": "Enter who to go to with a problem",
    }

    class Meta:
        model = RoleDescription
        fields = [*ROLE_DESCRIPTION_FIELDS, "change_summary"]
        widgets = {
            name: forms.Textarea(attrs={"rows": 5 if name in ("duties", "not_part_of_role") else 3})
            for name in ROLE_DESCRIPTION_FIELDS
            if name != "pay"
        }
        help_texts = PLAIN_ENGLISH_HELP | {
            "change_summary": "A few words for the version history, for example “Added night shifts”."
        }
