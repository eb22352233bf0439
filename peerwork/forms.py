"""Form plumbing shared by every app."""

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError


class GovukFormMixin:
    """A crispy FormHelper with the GOV.UK layout and one primary button."""

    submit_label = "Save"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper(self)
        self.helper.layout.append(Button.primary("submit", self.submit_label))


def posted(request):
    """The POST data when the form was submitted, even empty (unlike `request.POST or None`)."""
    return request.POST if request.method == "POST" else None


def refusal(error: ValidationError) -> str:
    """A service's refusal as one message, for actions that have no form (a button)."""
    return " ".join(error.messages)


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Show a service's refusal on the form: next to its field where the form has one.

    A form whose boxes differ from the model's fields (a date and a time for one `starts_at`)
    names the box for each in `error_fields`.
    """
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    boxes = getattr(form, "error_fields", {})
    for field, errors in error.error_dict.items():
        field = boxes.get(field, field)
        form.add_error(field if field in form.fields else None, errors)


__all__ = ["GovukFormMixin", "add_service_errors", "posted", "refusal", "NON_FIELD_ERRORS"]
