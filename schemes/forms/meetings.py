"""Forms for supervision meetings. A meeting's time is two boxes, a date picker (a near day,
chosen from a calendar) and <input type="time">, read as a London wall-clock time."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment
from peerwork.forms import DatePickerField, GovukFormMixin, TimeField, local_datetime
from schemes import selectors_meetings as selectors
from schemes.models import PeerWorker, Scheme, SupervisionMeeting

NEVER_RECORD_CALLS = "Never record what a Listener's caller said, or who called."


class MeetingTimeMixin:
    """`day` and `time` boxes, combined into cleaned_data["starts_at"]."""

    # A service's refusal about the meeting time is shown next to the date box.
    error_fields = {"starts_at": "day", "new_starts_at": "day"}

    def clean(self):
        cleaned = super().clean()
        day, at = cleaned.get("day"), cleaned.get("time")
        if day and at:
            try:
                cleaned["starts_at"] = local_datetime(day, at)
            except ValidationError as error:
                self.add_error("time", error)
        return cleaned


def _checkboxes(label: str, help_text: str = "") -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=PeerWorker.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=help_text,
    )


class MeetingSchemeForm(GovukFormMixin, forms.Form):
    """Step one of scheduling: which scheme (read from the query string)."""

    submit_label = "Continue"
    required_messages = {"scheme": "Select a scheme"}

    scheme = forms.ModelChoiceField(queryset=Scheme.objects.none(), empty_label="Choose a scheme")

    # `schemes` are those the person may act on (selectors.schemes_user_may_act_on).

    def __init__(self, *args, schemes, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_method = "get"
        self.fields["scheme"].queryset = schemes


class MeetingScheduleForm(MeetingTimeMixin, GovukFormMixin, forms.Form):
    """The meeting's day is a date picker: a near day, chosen from a calendar."""

    submit_label = "Schedule meeting"
    required_messages = {
        "day": "Enter the day of the meeting",
        "time": "Enter the time the meeting starts",
        "lead": "Select who leads the meeting",
    }

    day = DatePickerField(label="Date")
    time = TimeField(label="Time", help_text="For example 14:30.")
    place = forms.CharField(
        max_length=120, required=False, help_text="For example the chapel, or the A wing classroom."
    )
    lead = forms.ModelChoiceField(
        label="Led by",
        queryset=User.objects.none(),
        empty_label="Choose a member of staff",
        help_text="The member of staff who runs the meeting.",
    )
    invited = _checkboxes("Who is invited")

    def __init__(self, *args, establishment: Establishment, scheme: Scheme, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = selectors.scheme_staff(establishment=establishment)
        self.fields["lead"].initial = selectors.scheme_first_lead(scheme=scheme) or actor
        self.fields["invited"].queryset = selectors.scheme_workers_invitable(scheme=scheme)
        self.fields["invited"].initial = list(selectors.scheme_workers_in_role(scheme=scheme))
        self.fields[
            "invited"
        ].help_text = (
            f"Everyone in role on {scheme.name} is ticked. People awaiting signature can be invited too."
        )

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "place": data["place"],
            "lead": data["lead"],
            "invited": list(data["invited"]),
        }


class MeetingHeldForm(GovukFormMixin, forms.Form):
    submit_label = "Record meeting as held"

    attended = _checkboxes("Who attended", "Those invited, and anyone else in role on the scheme.")
    notes = forms.CharField(
        required=False,
        max_length=SupervisionMeeting.notes.field.max_length,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=f"What was agreed, for staff. {NEVER_RECORD_CALLS}",
    )

    def __init__(self, *args, meeting: SupervisionMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = selectors.meeting_attendable(meeting=meeting)
        self.fields["attended"].initial = [worker.pk for worker in meeting.invited.all()]


class MeetingCancelForm(GovukFormMixin, forms.Form):
    submit_label = "Cancel meeting"

    reason = forms.CharField(
        label="Why is the meeting cancelled?",
        max_length=SupervisionMeeting.cancelled_reason.field.max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: the lead was redeployed to cover a wing. The scheme is flagged to safer custody.",
        error_messages={"required": "Say why the meeting is cancelled."},
    )


class MeetingMoveForm(MeetingTimeMixin, GovukFormMixin, forms.Form):
    """The meeting's day is a date picker: a near day, chosen from a calendar."""

    submit_label = "Move meeting"
    required_messages = {
        "day": "Enter the new day of the meeting",
        "time": "Enter the new time of the meeting",
    }

    day = DatePickerField(label="New date")
    time = TimeField(label="New time", help_text="For example 14:30.")
    place = forms.CharField(
        max_length=120, required=False, help_text="Change it if the meeting moves room too."
    )

    def __init__(self, *args, meeting: SupervisionMeeting, **kwargs):
        super().__init__(*args, **kwargs)
        local = timezone.localtime(meeting.starts_at)
        self.fields["day"].initial = local.date()
        self.fields["time"].initial = local.time()
        self.fields["place"].initial = meeting.place
