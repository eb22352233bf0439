"""Forms for the officers' side of the Listener rota: recording, correcting and archiving
call-outs, and the report period.

The call-out form has no free-text box at all: nothing typed on it could hold what was said or
who the caller was.
"""

from datetime import UTC, date, datetime, timedelta

from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from establishments.models import Establishment, Location
from listeners.lookup import current_listeners
from listeners.rules import CORRECTION_REASON_LENGTH, CallOutRefused, check_callout_times
from peerwork.dates import monday_of
from peerwork.forms import DatePickerField, GovukFormMixin, TimeField, add_service_errors, local_datetime
from rota.models import CallOut
from schemes.models import PeerWorker
from schemes.selectors import location_list

REPORT_DAYS = 28
LONGEST_REPORT_DAYS = 366
NEVER_RECORD = "Never record who the caller was or what was said."


def read_in_order(moment: datetime, *, after: datetime, or_at: bool = False) -> datetime:
    """A typed London time that happens twice (01:00 to 01:59 on the night the clocks go back):
    the first time round, in BST, unless only the second, in GMT, comes after `after` (or at the
    same instant, with `or_at`). Any other time is returned as it is.

    So 01:50 to 01:10 that night is the 20 minutes from 01:50 BST to 01:10 GMT, while 01:10 to
    01:50 is 40 minutes of BST. A call-out wholly within the repeated hour's second time round
    reads as the first: the times are an hour early, but how long it took is right.
    """

    def in_order(candidate: datetime) -> bool:
        candidate, earlier = candidate.astimezone(UTC), after.astimezone(UTC)
        return candidate > earlier or (or_at and candidate == earlier)

    second = moment.replace(fold=1)
    if second.utcoffset() != moment.utcoffset() and not in_order(moment) and in_order(second):
        return second
    return moment


class CallOutForm(GovukFormMixin, forms.Form):
    """A call-out's three moments, as London dates and times. A time the clocks skip when they go
    forward is refused next to its box; a time that happens twice when they go back is read by
    `read_in_order`, each moment against the one before it. The days are date pickers: today or
    yesterday, chosen from a calendar."""

    submit_label = "Record call-out"

    # A service's refusal about a time is shown next to the time box it concerns.
    error_fields = {"requested_at": "requested_time", "started_at": "started_time", "ended_at": "ended_time"}
    moments = {
        "requested_at": ("requested_on", "requested_time"),
        "started_at": ("started_on", "started_time"),
        "ended_at": ("ended_on", "ended_time"),
    }

    listener = forms.ModelChoiceField(
        label="Which Listener attended?",
        queryset=PeerWorker.objects.none(),
        empty_label="Choose a Listener",
        error_messages={"required": "Choose the Listener who attended."},
    )
    location = forms.ModelChoiceField(
        label="Where were they called to?",
        queryset=Location.objects.none(),
        empty_label="Choose a wing or unit",
        error_messages={"required": "Choose the wing or unit."},
    )
    requested_by = forms.ChoiceField(
        label="Who asked for the Listener?",
        choices=CallOut.RequestedBy.choices,
        widget=forms.RadioSelect,
        help_text=f"Only who asked, by kind. {NEVER_RECORD}",
        error_messages={"required": "Say who asked for the Listener."},
    )
    requested_on = DatePickerField(
        label="Date", error_messages={"required": "Enter the date they were asked for."}
    )
    requested_time = TimeField(
        label="Time",
        help_text="For example 23:40.",
        error_messages={"required": "Enter the time they were asked for."},
    )
    started_on = DatePickerField(
        label="Date", error_messages={"required": "Enter the date the Listener started."}
    )
    started_time = TimeField(
        label="Time", error_messages={"required": "Enter the time the Listener started."}
    )
    ended_on = DatePickerField(
        label="Date",
        help_text="Change it to the next day if the call-out ended after midnight. For example, 23/11/2026.",
        error_messages={"required": "Enter the date the call-out finished."},
    )
    ended_time = TimeField(label="Time", error_messages={"required": "Enter the time the call-out finished."})

    def __init__(self, *args, establishment: Establishment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["listener"].queryset = current_listeners(establishment=establishment)
        self.fields["location"].queryset = location_list(establishment=establishment)
        today = timezone.localdate()
        for day_field, _ in self.moments.values():
            self.fields[day_field].initial = today
        self.helper.layout = Layout(
            "listener",
            "location",
            Field.radios("requested_by", legend_size=Size.SMALL),
            Fieldset(
                "requested_on",
                "requested_time",
                legend="When was the Listener asked for?",
                legend_size=Size.MEDIUM,
            ),
            Fieldset(
                "started_on", "started_time", legend="When did the Listener start?", legend_size=Size.MEDIUM
            ),
            Fieldset(
                "ended_on", "ended_time", legend="When did the call-out finish?", legend_size=Size.MEDIUM
            ),
            Button.primary("submit", self.submit_label),
        )

    def clean(self):
        cleaned = super().clean()
        for moment, (day_field, time_field) in self.moments.items():
            day, at = cleaned.get(day_field), cleaned.get(time_field)
            if day and at:
                try:
                    cleaned[moment] = local_datetime(day, at)
                except ValidationError as error:
                    self.add_error(time_field, error)
        # The Listener may start the moment they are asked for; the call-out must end after it starts.
        if "requested_at" in cleaned and "started_at" in cleaned:
            cleaned["started_at"] = read_in_order(
                cleaned["started_at"], after=cleaned["requested_at"], or_at=True
            )
        if "started_at" in cleaned and "ended_at" in cleaned:
            cleaned["ended_at"] = read_in_order(cleaned["ended_at"], after=cleaned["started_at"])
        # The times' own rule, checked now so that it is reported with any other error on the
        # first submit (the service checks it again).
        if all(moment in cleaned for moment in self.moments):
            try:
                check_callout_times(
                    requested_at=cleaned["requested_at"],
                    started_at=cleaned["started_at"],
                    ended_at=cleaned["ended_at"],
                    now=timezone.now(),
                )
            except CallOutRefused as refusal:
                add_service_errors(self, refusal)
        return cleaned

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        return {
            "listener": data["listener"],
            "location": data["location"],
            "requested_by": data["requested_by"],
            "requested_at": data["requested_at"],
            "started_at": data["started_at"],
            "ended_at": data["ended_at"],
        }


class CallOutCorrectionForm(CallOutForm):
    """The call-out form filled in with what was recorded, and why it is corrected. The Listener
    recorded stays a choice even if their contract has ended since."""

    submit_label = "Save correction"

    reason = forms.CharField(
        label="What was wrong (never what was said)",
        max_length=CORRECTION_REASON_LENGTH,
        help_text=f"For example: wrong Listener chosen, or the finish time was mistyped. {NEVER_RECORD}",
        error_messages={"required": "Say what was wrong with the call-out as recorded."},
    )

    def __init__(self, *args, callout: CallOut, **kwargs):
        local = {name: timezone.localtime(getattr(callout, name)) for name in self.moments}
        initial = {
            "listener": callout.listener_id,
            "location": callout.location_id,
            "requested_by": callout.requested_by,
        }
        for moment, (day_field, time_field) in self.moments.items():
            initial[day_field] = local[moment].date()
            initial[time_field] = local[moment].strftime("%H:%M")
        super().__init__(*args, initial=initial, establishment=callout.establishment, **kwargs)
        listener = self.fields["listener"]
        listener.queryset = (listener.queryset | PeerWorker.objects.filter(pk=callout.listener_id)).order_by(
            "last_name", "first_name"
        )
        self.helper.layout.fields.insert(-1, "reason")

    def service_arguments(self) -> dict:
        return super().service_arguments() | {"reason": self.cleaned_data["reason"]}


class CallOutArchiveForm(GovukFormMixin, forms.Form):
    submit_label = "Archive call-out"

    reason = forms.CharField(
        label="Why it is archived (never what was said)",
        max_length=200,
        help_text=f"For example: recorded twice, or the wrong Listener was chosen. {NEVER_RECORD}",
        error_messages={"required": "Say why the call-out is archived."},
    )


class ReportPeriodForm(forms.Form):
    """Read from the query string; blank boxes mean the last four weeks. The days are date
    pickers; 2026-11-23, as links write a day, is read too."""

    starts_on = DatePickerField(label="From", required=False)
    ends_on = DatePickerField(label="To", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial, self.fields["ends_on"].initial = self._default_period()

    @staticmethod
    def _default_period() -> tuple[date, date]:
        ends_on = timezone.localdate()
        return ends_on - timedelta(days=REPORT_DAYS - 1), ends_on

    def clean(self):
        cleaned = super().clean()
        ends_on = cleaned.get("ends_on") or timezone.localdate()
        starts_on = cleaned.get("starts_on") or ends_on - timedelta(days=REPORT_DAYS - 1)
        if starts_on > ends_on:
            self.add_error("ends_on", "The end of the period must be on or after its start.")
        elif (ends_on - starts_on).days >= LONGEST_REPORT_DAYS:
            self.add_error("ends_on", "Choose a period of a year or less.")
        cleaned["starts_on"], cleaned["ends_on"] = starts_on, ends_on
        return cleaned

    def period(self) -> tuple[date, date]:
        if self.is_valid():
            return self.cleaned_data["starts_on"], self.cleaned_data["ends_on"]
        return self._default_period()


class NoticeWeekForm(forms.Form):
    """Which week to print (any day in it; blank for this week) and, optionally, one cover point.

    Read from the query string. A week that is not a real day peerwork works with has no notice:
    the page asks for the week again instead of printing another week's. The day is a date
    picker; 2026-11-23, as links write a day, is read too.
    """

    week = DatePickerField(label="Any day in the week", required=False)
    place = forms.IntegerField(required=False, min_value=1)

    def has_week(self) -> bool:
        return self.is_valid() or "week" not in self.errors

    def monday(self) -> date:
        self.is_valid()
        day = self.cleaned_data.get("week") or timezone.localdate()
        return monday_of(day)

    def cover_point(self) -> int | None:
        self.is_valid()
        return self.cleaned_data.get("place")
