"""Form plumbing shared by every app."""

from datetime import UTC, date, datetime, time

from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from peerwork.dates import validate_supported_day
from peerwork.formats import long_date

# Said next to a box whose text is longer than it takes (a form's own message wins). Marked for
# translation, as the kiosk's words are.
TOO_LONG = _("Use %(limit_value)d characters or fewer. You used %(show_value)d.")


class DateField(forms.DateField):
    """A date box the browser can help fill in; typed dates like 23/11/2026 work too. A day
    outside the days peerwork works with (peerwork.dates) is refused next to the box.

    Every date a form takes is one of these, so that no far-off or first-of-all-time day reaches
    a service (or the arithmetic on it).
    """

    widget = forms.DateInput(
        attrs={"type": "date", "class": "govuk-input govuk-input--width-10"}, format="%Y-%m-%d"
    )
    default_error_messages = {"invalid": "Enter a real date, for example 23/11/2026."}
    default_validators = [validate_supported_day]


class TimeField(forms.TimeField):
    widget = forms.TimeInput(
        attrs={"type": "time", "class": "govuk-input govuk-input--width-5"}, format="%H:%M"
    )
    default_error_messages = {"invalid": "Enter a time of day, for example 14:30."}


def local_datetime(day: date, at: time) -> datetime:
    """The London time `at` on `day`. Refuses a time the clocks skip when they go forward."""
    naive = datetime.combine(day, at)
    aware = timezone.make_aware(naive)
    if timezone.localtime(aware.astimezone(UTC)).replace(tzinfo=None) != naive:
        raise ValidationError(
            f"The clocks go forward on {long_date(day)}, so {at:%H:%M} does not exist that day. Choose another time.",
            code="nonexistent",
        )
    return aware


class GovukFormMixin:
    """A crispy FormHelper with the GOV.UK layout and one primary button."""

    submit_label = "Save"
    fields: dict[str, forms.Field]  # the form's own: this mixin comes before a Django form

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if getattr(field, "max_length", None) is not None:
                field.error_messages.setdefault("max_length", TOO_LONG)
        self.helper = FormHelper(self)
        self.helper.layout.append(Button.primary("submit", self.submit_label))


def posted(request: HttpRequest) -> QueryDict | None:
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


__all__ = ["DateField", "GovukFormMixin", "add_service_errors", "posted", "refusal", "NON_FIELD_ERRORS"]
