from datetime import timedelta

from django import forms
from django.urls import reverse
from django.utils import timezone

from flags.models import Flag, FlagComment
from flags.services import LONGEST_REST
from peerwork.formats import long_date
from peerwork.forms import DatePickerField, GovukFormMixin

NEVER_RECORD = "Never record what a Listener's caller said."


class FlagFilterForm(forms.Form):
    """The form django-filter builds the inbox filters on: GOV.UK selects, read from the query string."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"


class FlagCommentForm(GovukFormMixin, forms.Form):
    submit_label = "Add comment"

    text = forms.CharField(
        label="Add a comment",
        max_length=FlagComment.text.field.max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"For example who you spoke to or what happens next. {NEVER_RECORD}",
        error_messages={"required": "Write a comment."},
    )

    def __init__(self, *args, flag: Flag, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("flags:flag_comment", args=[flag.pk])


class FlagAcknowledgeForm(GovukFormMixin, forms.Form):
    """The day to look again is a near day, chosen from a calendar (a date picker)."""

    submit_label = "Acknowledge"

    note = forms.CharField(
        label="What are you doing about it?",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Everyone who sees this flag reads it. {NEVER_RECORD}",
        error_messages={"required": "Say what you are doing about it."},
    )
    look_again_on = DatePickerField(label="Look again on (optional)", required=False)

    def __init__(self, *args, flag: Flag, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["look_again_on"].help_text = (
            "Until this day the flag stays out of the daily digest; it stays in the inbox, marked. "
            f"Choose a day after today and no later than {long_date(today + LONGEST_REST)}. "
            "For example, 23/11/2026."
        )
        self.fields["look_again_on"].widget.limit(today + timedelta(days=1), today + LONGEST_REST)
        self.helper.form_action = reverse("flags:flag_acknowledge", args=[flag.pk])


class FlagResolveForm(GovukFormMixin, forms.Form):
    submit_label = "Resolve flag"

    resolution = forms.CharField(
        label="What was done?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=f"Everyone who sees this flag reads it. {NEVER_RECORD}",
        error_messages={"required": "Say what was done."},
    )

    def __init__(self, *args, flag: Flag, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("flags:flag_resolve", args=[flag.pk])
