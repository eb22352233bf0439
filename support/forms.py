"""Forms for one-to-one support's office pages. They parse what was typed; the services decide
(no consent, over the scheme's limit, another prison, a mentor out of role: their refusals go next
to the box they are about)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from peerwork.forms import DateInputField, GovukFormMixin
from schemes.models import PeerWorker, Scheme
from support.models import LENGTHS, STAFF_END_REASONS, NotHeld, Pair, ReadingStage, Session

NEVER_RECORD = "Never record what a Listener's caller said."
STAFF_NOTE_HINT = (
    "Staff only: never shown on the kiosk. For example why a session was moved or who you spoke to. "
    f"{NEVER_RECORD}"
)
YES, NO = "yes", "no"


def _radios(label: str, choices: list[tuple[Any, str]], **kwargs: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=choices, widget=forms.RadioSelect, **kwargs)


class PairFindForm(forms.Form):
    """The first step of pairing, a GET form: the scheme and the resident to look for."""

    scheme = forms.ModelChoiceField(
        label="Scheme",
        queryset=Scheme.objects.none(),
        empty_label=None,
        error_messages={"required": "Select the scheme"},
    )
    q = forms.CharField(
        label="Resident's prison number or name",
        max_length=60,
        error_messages={"required": "Enter the resident's prison number or name"},
        help_text="For example A1234BC, or the first letters of their surname.",
    )

    def __init__(self, *args: Any, schemes: QuerySet[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].queryset = schemes
        self.fields["scheme"].widget.attrs["class"] = "govuk-select"
        self.fields["q"].widget.attrs["class"] = "govuk-input govuk-input--width-20"


class PairCreateForm(GovukFormMixin, forms.Form):
    submit_label = "Pair them"
    required_messages = {
        "mentor": "Select the mentor",
        "supported": "Select the resident they will support",
        "started_on": "Enter the date the pair started",
        "consent": "Record that the resident agreed to be supported and to have sessions recorded",
    }

    mentor = forms.ModelChoiceField(
        label="Mentor", queryset=PeerWorker.objects.none(), widget=forms.RadioSelect, empty_label=None
    )
    supported = forms.ModelChoiceField(
        label="Resident they will support",
        queryset=PeerWorker.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    started_on = DateInputField(label="Date the pair started")
    consent = forms.BooleanField(
        label=Pair.consent.field.verbose_name, help_text=Pair.consent.field.help_text, required=True
    )

    def __init__(
        self,
        *args: Any,
        mentors: QuerySet[PeerWorker],
        residents: list[PeerWorker],
        limit: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        mentor_field = self.fields["mentor"]
        mentor_field.queryset = mentors
        mentor_field.label_from_instance = lambda worker: (
            f"{worker.full_name} ({worker.prison_number}), supports {worker.supporting} of {limit}"
        )
        supported_field = self.fields["supported"]
        supported_field.queryset = PeerWorker.objects.filter(pk__in=[r.pk for r in residents])
        supported_field.label_from_instance = lambda worker: (
            f"{worker.full_name} ({worker.prison_number})"
            + (f", {worker.location.name}" if worker.location else "")
        )

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class SessionForm(GovukFormMixin, forms.Form):
    """A session from the office: held (about how long) or not (why), and a staff-only note."""

    submit_label = "Save the session"
    required_messages = {"on": "Enter the date of the session", "held": "Select whether the session happened"}

    held = _radios("Did the session happen?", [(YES, "Yes"), (NO, "No")])
    minutes = forms.TypedChoiceField(
        label="If it happened: about how long?",
        choices=[(m, f"About {m} minutes") for m in LENGTHS],
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
    )
    not_held_because = _radios("If it did not happen: why not?", list(NotHeld.choices), required=False)
    staff_note = forms.CharField(
        label="Note (optional)",
        max_length=Session.staff_note.field.max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=STAFF_NOTE_HINT,
    )

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held": data["held"] == YES,
            "minutes": data["minutes"] or None,
            "not_held_because": data["not_held_because"],
            "staff_note": data["staff_note"],
        }


class SessionAddForm(SessionForm):
    on = DateInputField(label="Date of the session")

    field_order = ["on", "held", "minutes", "not_held_because", "staff_note"]

    def service_arguments(self) -> dict[str, Any]:
        return super().service_arguments() | {"on": self.cleaned_data["on"]}


class SessionCorrectForm(SessionForm):
    submit_label = "Save the correction"

    @staticmethod
    def initial_for(session: Session) -> dict[str, Any]:
        return {
            "held": YES if session.held else NO,
            "minutes": session.minutes,
            "not_held_because": session.not_held_because,
            "staff_note": session.staff_note,
        }


class ConfirmForm(GovukFormMixin, forms.Form):
    """A step with nothing to type: the button is the form."""

    def __init__(self, *args: Any, submit_label: str = "Confirm", **kwargs: Any) -> None:
        self.submit_label = submit_label
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        return {}


class ProgressForm(GovukFormMixin, forms.Form):
    submit_label = "Save the progress"
    required_messages = {
        "stage": "Select the stage they reached",
        "reached_on": "Enter the date they reached it",
    }

    stage = forms.ModelChoiceField(
        label="Stage of the reading plan they reached",
        queryset=ReadingStage.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
    )
    reached_on = DateInputField(label="Date they reached it")

    def __init__(self, *args: Any, stages: QuerySet[ReadingStage], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["stage"].queryset = stages

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class FinishForm(GovukFormMixin, forms.Form):
    submit_label = "Record the finished plan"
    required_messages = {"finished_on": "Enter the date they finished the plan"}

    finished_on = DateInputField(label="Date they finished the plan")

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class PairEndForm(GovukFormMixin, forms.Form):
    submit_label = "End the pair"
    required_messages = {"reason": "Select why the pair ended", "ended_on": "Enter the date the pair ended"}

    reason = _radios("Why did the pair end?", [(reason.value, reason.label) for reason in STAFF_END_REASONS])
    note = forms.CharField(
        label="Note",
        max_length=Pair.end_note.field.max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"Needed when the reason is “Other”. Staff only. {NEVER_RECORD}",
    )
    ended_on = DateInputField(label="Date the pair ended")

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class StageRenameForm(GovukFormMixin, forms.Form):
    submit_label = "Save the name"
    required_messages = {"name": "Enter the stage's name"}

    name = forms.CharField(label="Name", max_length=ReadingStage.name.field.max_length)

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
