from django import forms
from django.urls import reverse

from peerwork.forms import GovukFormMixin
from schemes.models import Flag

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
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"For example who you spoke to or what happens next. {NEVER_RECORD}",
        error_messages={"required": "Write a comment."},
    )

    def __init__(self, *args, flag: Flag, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("schemes:flag_comment", args=[flag.pk])


class FlagResolveForm(GovukFormMixin, forms.Form):
    submit_label = "Resolve flag"

    resolution = forms.CharField(
        label="What was done?",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Everyone who sees this flag reads it. If the problem is still there, "
            f"the next check (every hour) opens a new flag. {NEVER_RECORD}"
        ),
        error_messages={"required": "Say what was done."},
    )

    def __init__(self, *args, flag: Flag, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.form_action = reverse("schemes:flag_resolve", args=[flag.pk])
