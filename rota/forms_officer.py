"""Forms for the officers' side of the Listener rota: recording and archiving call-outs, and the
report period.

The call-out form has no free-text box at all: nothing typed on it could hold what was said or
who the caller was.
"""

from datetime import date, timedelta

from crispy_forms_gds.layout import Button, Field, Fieldset, Layout, Size
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from peerwork.forms import GovukFormMixin
from rota.lookup import current_listeners
from rota.models import CallOut
from schemes.forms.contracts import DateField
from schemes.forms.meetings import TimeField, local_datetime
from schemes.models import Establishment, Location, PeerWorker
from schemes.selectors import location_list

REPORT_DAYS = 28
LONGEST_REPORT_DAYS = 366
NEVER_RECORD = "Never record who the caller was or what was said."


class CallOutForm(GovukFormMixin, forms.Form):
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
    requested_on = DateField(label="Date", error_messages={"required": "Enter the date they were asked for."})
    requested_time = TimeField(
        label="Time",
        help_text="For example 23:40.",
        error_messages={"required": "Enter the time they were asked for."},
    )
    started_on = DateField(label="Date", error_messages={"required": "Enter the date the Listener started."})
    started_time = TimeField(
        label="Time", error_messages={"required": "Enter the time the Listener started."}
    )
    ended_on = DateField(
        label="Date",
        help_text="Change it to the next day if the call-out ended after midnight.",
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


class CallOutArchiveForm(GovukFormMixin, forms.Form):
    submit_label = "Archive call-out"

    reason = forms.CharField(
        label="Why it is archived (never what was said)",
        max_length=200,
        help_text=f"For example: recorded twice, or the wrong Listener was chosen. {NEVER_RECORD}",
        error_messages={"required": "Say why the call-out is archived."},
    )


class ReportPeriodForm(forms.Form):
    """Read from the query string; blank boxes mean the last four weeks."""

    starts_on = DateField(label="From", required=False)
    ends_on = DateField(label="To", required=False)

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
    """Which week to print (any day in it; blank for this week) and, optionally, one cover point."""

    week = DateField(required=False)
    place = forms.IntegerField(required=False, min_value=1)

    def monday(self) -> date:
        day = (self.is_valid() and self.cleaned_data["week"]) or timezone.localdate()
        return day - timedelta(days=day.weekday())

    def cover_point(self) -> int | None:
        return self.cleaned_data.get("place") if self.is_valid() else None
