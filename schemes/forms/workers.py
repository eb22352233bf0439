from crispy_forms_gds.layout import Button, ConditionalQuestion, ConditionalRadios, Layout
from django import forms
from django.db.models import Q

from establishments.models import Establishment, Location
from peerwork.forms import DateInputField, GovukFormMixin
from schemes.models import PeerWorker


class PeerWorkerForm(GovukFormMixin, forms.ModelForm):
    """The release and adjudication dates are read off the prison's record: date inputs (day,
    month, year)."""

    submit_label = "Save peer worker"
    required_messages = {
        "prison_number": "Enter their prison number",
        "first_name": "Enter their first name",
        "last_name": "Enter their last name",
        "iep_level": "Select their IEP level",
    }

    class Meta:
        model = PeerWorker
        fields = [
            "prison_number",
            "first_name",
            "last_name",
            "location",
            "cell",
            "iep_level",
            "earliest_release_date",
            "last_proven_adjudication_on",
            "staff_notes",
            "staff_notes_may_travel",
        ]
        field_classes = {
            "earliest_release_date": DateInputField,
            "last_proven_adjudication_on": DateInputField,
        }
        widgets = {
            "iep_level": forms.RadioSelect,
            "staff_notes": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {"first_name": "First name", "last_name": "Last name", "cell": "Cell"}
        help_texts = {
            "prison_number": "A letter, four digits, then two letters. For example A1234BC.",
            "earliest_release_date": "For example, 27 3 2007. Leave blank if not known.",
            "last_proven_adjudication_on": "For example, 27 3 2007. Leave blank if there has been none.",
        }

    def __init__(self, *args, establishment: Establishment, **kwargs):
        super().__init__(*args, **kwargs)
        live = Q(archived_at__isnull=True)
        if self.instance.location_id:
            live |= Q(pk=self.instance.location_id)
        self.fields["location"].queryset = Location.objects.filter(live, establishment=establishment)
        self.fields["location"].empty_label = "Not known"

    def clean_prison_number(self) -> str:
        return self.cleaned_data["prison_number"].strip().upper()


class LeaveCustodyForm(GovukFormMixin, forms.Form):
    """Where the person went. A transfer within the system takes their record with them."""

    TRANSFERRED_HERE = "transferred"
    CHOICES = [
        (TRANSFERRED_HERE, "Transferred to another prison on this system"),
        (PeerWorker.CustodyStatus.TRANSFERRED_OUT, "Transferred to a prison not on this system"),
        (PeerWorker.CustodyStatus.RELEASED, "Released"),
    ]

    submit_label = "Confirm"

    what_happened = forms.ChoiceField(
        label="What has happened?",
        choices=CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what has happened."},
    )
    establishment = forms.ModelChoiceField(
        label="Which prison?",
        queryset=Establishment.objects.none(),
        required=False,
        empty_label="Choose a prison",
    )

    def __init__(self, *args, worker: PeerWorker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["establishment"].queryset = Establishment.objects.exclude(pk=worker.establishment_id)
        self.helper.layout = Layout(
            ConditionalRadios(
                "what_happened",
                ConditionalQuestion(self.CHOICES[0][1], "establishment"),
                self.CHOICES[1][1],
                self.CHOICES[2][1],
            ),
            Button.primary("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("what_happened") == self.TRANSFERRED_HERE and not cleaned.get("establishment"):
            self.add_error("establishment", "Choose the prison they have moved to.")
        return cleaned
