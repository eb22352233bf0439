from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Field, Hidden, Layout
from django import forms
from django.db.models import QuerySet
from django.urls import reverse

from establishments.models import Establishment
from peerwork.forms import DateInputField, GovukFormMixin
from schemes.forms.contracts import SCHEME_NOT_OFFERED
from schemes.models import Application, ApplicationCheck, PeerWorker, Scheme

NEVER_RECORD = "Never record what a Listener's caller said."
DECISION_REASON_LENGTH = Application.decision_reason.field.max_length


class ApplicationForm(GovukFormMixin, forms.ModelForm):
    """The day received is read off the application: a date input (day, month, year)."""

    submit_label = "Record application"
    required_messages = {
        "worker": "Select who is applying",
        "scheme": "Select a scheme",
        "route": "Select how the application came in",
        "received_on": "Enter the date the application was received",
    }

    class Meta:
        model = Application
        fields = ["worker", "scheme", "route", "nominated_by", "received_on", "why_they_want_the_role"]
        field_classes = {"received_on": DateInputField}
        labels = {
            "worker": "Who is applying?",
            "scheme": "Which scheme?",
            "route": "How did the application come in?",
            "nominated_by": "Who nominated them?",
            "received_on": "Date received",
            "why_they_want_the_role": "Why they want the role",
        }
        help_texts = {
            "nominated_by": "Name and job title, or the peer worker who put them forward.",
            "why_they_want_the_role": f"In their own words, if you have them. {NEVER_RECORD}",
            "received_on": "For example, 27 3 2007",
        }
        widgets = {
            "route": forms.RadioSelect,
            "why_they_want_the_role": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, establishment: Establishment, schemes: QuerySet[Scheme], **kwargs):
        """`schemes` are those the person may act on (selectors.schemes_user_may_act_on)."""
        super().__init__(*args, **kwargs)
        self.fields["worker"].queryset = PeerWorker.objects.filter(
            establishment=establishment, custody_status=PeerWorker.CustodyStatus.IN_CUSTODY
        ).order_by("last_name", "first_name")
        self.fields["worker"].empty_label = "Choose a person"
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].empty_label = "Choose a scheme"
        self.fields["scheme"].error_messages["invalid_choice"] = SCHEME_NOT_OFFERED
        self.fields["route"].choices = Application.Route.choices
        routes = dict(Application.Route.choices)
        self.helper.layout = Layout(
            "worker",
            "scheme",
            ConditionalRadios(
                "route",
                routes[Application.Route.APPLIED],
                ConditionalQuestion(routes[Application.Route.NOMINATED], "nominated_by"),
            ),
            "received_on",
            "why_they_want_the_role",
            Button.primary("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("route") == Application.Route.NOMINATED
            and not cleaned.get("nominated_by", "").strip()
        ):
            self.add_error("nominated_by", "Say who nominated them.")
        if cleaned.get("route") == Application.Route.APPLIED:
            cleaned["nominated_by"] = ""
        return cleaned


class CheckOutcomeForm(GovukFormMixin, forms.Form):
    """One eligibility check's outcome, posted from the application page."""

    submit_label = "Save check"
    required_messages = {"outcome": "Select the outcome of the check"}

    outcome = forms.ChoiceField(
        label="Outcome", choices=ApplicationCheck.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="Note (optional)",
        max_length=300,
        required=False,
        help_text=f"For example where you checked. {NEVER_RECORD}",
    )

    def __init__(self, *args, check: ApplicationCheck, **kwargs):
        kwargs.setdefault("prefix", f"check-{check.pk}")
        kwargs.setdefault("initial", {"outcome": check.outcome, "note": check.note})
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse(
            "schemes:application_check_record", args=[check.application_id, check.pk]
        )
        self.helper.layout = Layout(
            Field.radios("outcome", inline=True, small=True),
            "note",
            Button.secondary("submit", self.submit_label, css_id=f"save-check-{check.pk}"),
        )


class InterviewForm(GovukFormMixin, forms.ModelForm):
    """The interview date is a date input (day, month, year): the panel knows the day."""

    submit_label = "Move to interview"
    required_messages = {"interview_on": "Enter the interview date."}

    class Meta:
        model = Application
        fields = ["interview_on", "interview_notes"]
        field_classes = {"interview_on": DateInputField}
        labels = {"interview_on": "Interview date", "interview_notes": "Interview notes (optional)"}
        help_texts = {
            "interview_on": "For example, 27 3 2007",
            "interview_notes": f"Who was on the panel and what you decided. {NEVER_RECORD}",
        }
        widgets = {"interview_notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview_on"].required = True
        already = self.instance.status == Application.Status.INTERVIEW
        self.helper.form_action = reverse("schemes:application_advance", args=[self.instance.pk])
        self.helper.layout = Layout(
            Hidden("status", Application.Status.INTERVIEW),
            "interview_on",
            "interview_notes",
            Button.secondary("submit", "Save interview details" if already else self.submit_label),
        )


class ApproveForm(GovukFormMixin, forms.Form):
    submit_label = "Approve"

    reason = forms.CharField(
        label="Why they were chosen (optional)",
        required=False,
        max_length=DECISION_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=NEVER_RECORD,
    )

    def __init__(self, *args, application: Application, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("schemes:application_approve", args=[application.pk])


class DeclineForm(GovukFormMixin, forms.Form):
    submit_label = "Decline application"

    reason = forms.CharField(
        label="Why is the application declined?",
        max_length=DECISION_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=f"The applicant is told this reason, so write it plainly. {NEVER_RECORD}",
        error_messages={"required": "Give the reason for declining. The applicant is told it."},
    )


class WithdrawForm(GovukFormMixin, forms.Form):
    submit_label = "Withdraw application"

    reason = forms.CharField(
        label="Why is it withdrawn?",
        max_length=DECISION_REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"For example: they changed their mind, or they are moving to another prison. {NEVER_RECORD}",
        error_messages={"required": "Say why the application is withdrawn."},
    )
