"""Forms for check-ins and breaks from the rota. They check the shape of what was typed; the
services decide the rules, and their refusals show next to the field they concern."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from peerwork.forms import DateInputField, GovukFormMixin
from rota.models import Unavailability
from schemes.forms.applications import NEVER_RECORD
from schemes.models import Scheme
from welfare.models import CheckIn, HowItWent


class CheckInForm(GovukFormMixin, forms.Form):
    submit_label = "Save the check-in"
    required_messages = {
        "scheme": "Select the scheme you checked in for",
        "on": "Enter the date of the check-in",
        "how": "Select how it went",
    }

    scheme = forms.ModelChoiceField(
        label="Scheme", queryset=Scheme.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    on = DateInputField(label="Date of the check-in")
    how = forms.ChoiceField(
        label="How are they?",
        choices=HowItWent.choices,
        widget=forms.RadioSelect,
        help_text="“Needs a break” offers to take a Listener off the rota for a while.",
    )
    agreed = forms.CharField(
        label="What was agreed (optional)",
        max_length=CheckIn.agreed.field.max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"Staff only: never shown on the kiosk. {NEVER_RECORD}",
    )

    def __init__(self, *args: Any, schemes: QuerySet[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        if len(offered := list(schemes)) == 1:
            self.fields["scheme"].initial = offered[0].pk

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class WithdrawForm(GovukFormMixin, forms.Form):
    submit_label = "Withdraw the check-in"
    required_messages = {"reason": "Say why the check-in is withdrawn"}

    reason = forms.CharField(
        label="Why is it withdrawn?",
        max_length=80,
        help_text="For example “Recorded for the wrong person”. The history keeps what it said.",
    )


class BreakForm(GovukFormMixin, forms.Form):
    submit_label = "Take them off the rota"
    required_messages = {
        "starts_on": "Enter the first day of the break",
        "ends_on": "Enter the last day of the break",
        "reason": "Say why, in a few words staff will see on the rota",
    }

    starts_on = DateInputField(label="First day off the rota")
    ends_on = DateInputField(label="Last day off the rota")
    reason = forms.CharField(
        label="Reason",
        max_length=Unavailability.reason.field.max_length,
        help_text=f"Staff see this when the rota refuses them. {NEVER_RECORD}",
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
