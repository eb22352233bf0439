"""Forms for the staff pages of concerns. They parse what was typed; the services decide."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from concerns.models import Concern, ConcernEvent, Department, ProtectedCharacteristic, Topic
from peerwork.forms import DateInputField, GovukFormMixin
from schemes.models import Contract

NEVER_RECORD = "Never record what a Listener's caller said."
STAFF_ONLY = "Only staff read this: it never reaches the kiosk."
FOR_THE_PEER_WORKER = (
    "The peer worker reads this on the wing kiosk: write it for them, in plain words, and name no "
    "other resident."
)
GENERAL_WORDS = "No names and no prison numbers: this goes on wing noticeboards."


class ConcernFilterForm(forms.Form):
    """The form django-filter builds the list's filters on: GOV.UK selects, read from the query string."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


def _text(label: str, *, max_length: int, help_text: str, rows: int = 4, **kwargs: Any) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": rows}),
        help_text=help_text,
        **kwargs,
    )


# --- One concern's steps --------------------------------------------------------------------


class ConcernStepForm(GovukFormMixin, forms.Form):
    """A step with nothing to type: the button is the form."""

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConcernTakeForm(ConcernStepForm):
    submit_label = "Take it on"


class ConcernCloseForm(ConcernStepForm):
    submit_label = "Close the concern"


class ConcernForwardForm(GovukFormMixin, forms.Form):
    submit_label = "Forward"
    required_messages = {
        "department": "Select the department it goes to",
        "note": "Say why it goes there",
    }

    department = forms.ModelChoiceField(
        label="Which department should answer it?", queryset=Department.objects.none()
    )
    note = _text(
        "Why does it go there?",
        max_length=ConcernEvent.text.field.max_length,
        help_text=f"{STAFF_ONLY} {NEVER_RECORD}",
        rows=3,
    )

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConcernNoteForm(GovukFormMixin, forms.Form):
    submit_label = "Add the note"
    required_messages = {"text": "Write the note", "reader": "Select who reads the note"}
    STAFF, WORKER = "staff", "worker"

    reader = forms.ChoiceField(
        label="Who reads it?",
        choices=[
            (STAFF, "Staff only (a staff-only note)"),
            (WORKER, "Staff and the peer worker, on the wing kiosk"),
        ],
        widget=forms.RadioSelect,
    )
    text = _text(
        "Note",
        max_length=ConcernEvent.text.field.max_length,
        help_text=f"For example who you spoke to or what happens next. {NEVER_RECORD}",
    )

    def service_arguments(self) -> dict[str, Any]:
        return {"text": self.cleaned_data["text"], "for_worker": self.cleaned_data["reader"] == self.WORKER}


class ConcernAnswerForm(GovukFormMixin, forms.Form):
    submit_label = "Send the answer"
    required_messages = {"answer": "Write the answer the peer worker will read"}

    answer = _text(
        "Answer",
        max_length=Concern.answer.field.max_length,
        help_text=f"{FOR_THE_PEER_WORKER} {NEVER_RECORD}",
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConcernDeclineForm(GovukFormMixin, forms.Form):
    submit_label = "Do not take it forward"
    required_messages = {"reason": "Say why it is not taken forward"}

    reason = _text(
        "Why is it not taken forward?",
        max_length=Concern.decline_reason.field.max_length,
        help_text=f"{FOR_THE_PEER_WORKER} {NEVER_RECORD}",
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConcernReferForm(GovukFormMixin, forms.Form):
    submit_label = "Record the referral"
    required_messages = {
        "reference": "Enter the discrimination process's reference",
        "referred_on": "Enter the date it was passed on",
    }

    reference = forms.CharField(
        label="Discrimination process reference",
        max_length=Concern.referral_reference.field.max_length,
        help_text="The reference on the discrimination incident report form (DIRF), for example DIRF 2026/114.",
    )
    referred_on = DateInputField(label="Date it was passed on")

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class ConcernPublishForm(GovukFormMixin, forms.Form):
    submit_label = "Save"

    may_publish = forms.BooleanField(label="It may be published in “You said, we did”", required=False)
    public_problem = forms.CharField(
        label="The problem, in general words",
        max_length=Concern.public_problem.field.max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"{GENERAL_WORDS} {NEVER_RECORD}",
    )
    public_action = forms.CharField(
        label="What was done",
        max_length=Concern.public_action.field.max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=GENERAL_WORDS,
    )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


# --- Logging a concern from paper -----------------------------------------------------------


class ContractChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Contract) -> str:
        return f"{obj.worker.full_name} ({obj.worker.prison_number}), {obj.scheme.name}"


class ConcernLogForm(GovukFormMixin, forms.Form):
    """A concern a peer worker wrote on paper, typed in by staff for them."""

    submit_label = "Log the concern"
    required_messages = {
        "contract": "Select the peer worker and their role",
        "topic": "Select what it is about",
        "location": "Select the wing",
        "affects": "Select who it affects",
        "problem": "Write what the problem is",
    }

    contract = ContractChoiceField(
        label="Peer worker and role",
        queryset=Contract.objects.none(),
        help_text="Only roles in schemes whose peer workers carry concerns.",
    )
    topic = forms.ModelChoiceField(label="What is it about?", queryset=Topic.objects.none())
    protected_characteristic = forms.ChoiceField(
        label="If it is about discrimination: which protected characteristic? (optional)",
        choices=[("", "Not about discrimination"), *ProtectedCharacteristic.choices],
        required=False,
        help_text="Needed for a topic that asks for it, such as Discrimination.",
    )
    location = forms.ModelChoiceField(label="Wing", queryset=None)
    affects = forms.ChoiceField(
        label="Who does it affect?", choices=Concern.Affects.choices, widget=forms.RadioSelect
    )
    problem = _text(
        "What is the problem?",
        max_length=Concern.problem.field.max_length,
        help_text=f"As the peer worker wrote it. {NEVER_RECORD}",
    )
    resident_agreed_to_be_named = forms.BooleanField(
        label="The resident agreed to be named",
        required=False,
        help_text="Leave it unticked to keep them anonymous.",
    )
    resident_name = forms.CharField(
        label="Resident's name (optional)",
        max_length=Concern.resident_name.field.max_length,
        required=False,
        help_text="Kept only if the resident agreed to be named.",
    )
    resident_prison_number = forms.CharField(
        label="Resident's prison number (optional)",
        max_length=Concern.resident_prison_number.field.max_length,
        required=False,
        help_text="For example A1234BC. Kept only if the resident agreed to be named.",
    )

    def __init__(
        self,
        *args: Any,
        contracts: QuerySet[Contract],
        topics: QuerySet[Topic],
        wings: QuerySet,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = contracts
        self.fields["topic"].queryset = topics
        self.fields["location"].queryset = wings

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        return {"worker": data["contract"].worker, **data}


# --- Departments and topics -----------------------------------------------------------------


class DepartmentForm(GovukFormMixin, forms.ModelForm):
    required_messages = {"name": "Enter the department's name"}

    class Meta:
        model = Department
        fields = ["name", "owner", "deputies", "digest_email"]
        widgets = {"deputies": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, staff: QuerySet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = staff
        self.fields["owner"].empty_label = "Nobody yet"
        self.fields["deputies"].queryset = staff
        self.fields["deputies"].required = False

    def service_arguments(self) -> dict[str, Any]:
        return {"department": self.save(commit=False), "deputies": list(self.cleaned_data["deputies"])}


class TopicForm(GovukFormMixin, forms.ModelForm):
    required_messages = {
        "name": "Enter the topic's name",
        "department": "Select the department that answers it first",
        "answer_within_days": "Enter the number of days to answer within",
    }

    class Meta:
        model = Topic
        fields = ["name", "department", "answer_within_days", "asks_protected_characteristic"]
        widgets = {
            "answer_within_days": forms.NumberInput(attrs={"class": "govuk-input govuk-input--width-3"})
        }

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments

    def service_arguments(self) -> dict[str, Any]:
        return {"topic": self.save(commit=False)}


class RetireForm(GovukFormMixin, forms.Form):
    submit_label = "Retire"
