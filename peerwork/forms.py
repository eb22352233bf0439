"""Form plumbing shared by every app."""

import re
from datetime import UTC, date, datetime, time
from typing import Any

from crispy_forms_gds import widgets as crispy_widgets
from crispy_forms_gds.helper import FormHelper
from crispy_forms_gds.layout import Button
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms.renderers import BaseRenderer
from django.forms.utils import flatatt
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from peerwork.dates import validate_supported_day
from peerwork.formats import long_date

# Said next to a box whose text is longer than it takes (a form's own message wins). Marked for
# translation, as the kiosk's words are.
TOO_LONG = _("Use %(limit_value)d characters or fewer. You used %(show_value)d.")


EXAMPLE_DAY = "For example, 27 3 2007"
EXAMPLE_PICKED = "For example, 23/11/2026."
DJANGO_REQUIRED = "This field is required."


def _label(field: forms.Field) -> str:
    """The field's label as messages name it: "Valid until", not "Valid until (optional)"."""
    return str(field.label or "The date").removesuffix(" (optional)")


def _enter(field: forms.Field) -> str:
    """GOV.UK's message for an empty required date: "Enter the date signed"."""
    return f"Enter the {_label(field)[0].lower()}{_label(field)[1:]}"


def _with_example(help_text: str | None, example: str) -> str:
    """A date's hint always shows how to write one (GOV.UK's date input and the MoJ picker do)."""
    help_text = str(help_text or "")
    return help_text if "For example" in help_text else f"{help_text} {example}".strip()


def _required_message(field: forms.Field) -> str:
    message = str(field.error_messages["required"])
    return _enter(field) if message == DJANGO_REQUIRED else message


# One to four digits: a number box is never longer, and int() never sees a 10,000-digit number.
DIGITS = re.compile(r"^[0-9]{1,4}$")
PARTS = ("day", "month", "year")


class DateInputWidget(crispy_widgets.DateInputWidget):
    """crispy-forms-gds's three boxes, with the numeric keyboard GOV.UK asks for."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(attrs)
        for box in self.widgets:
            box.attrs.update({"inputmode": "numeric", "spellcheck": "false"})


class DateInputField(forms.MultiValueField):
    """GOV.UK's date input: Day, Month and Year boxes in a fieldset, for a date a person knows
    or reads off a paper (a release date, the day a compact was signed, an interview date).

    Its messages are GOV.UK's ("Date signed must include a month", "… must be a real date"), and
    only the boxes at fault are marked. A day outside the days peerwork works with
    (peerwork.dates) is refused as well.
    """

    widget = DateInputWidget
    default_validators = [validate_supported_day]

    def __init__(self, **kwargs: Any) -> None:
        kwargs["help_text"] = _with_example(kwargs.get("help_text"), EXAMPLE_DAY)
        boxes = (forms.CharField(label="Day"), forms.CharField(label="Month"), forms.CharField(label="Year"))
        super().__init__(fields=boxes, require_all_fields=False, **kwargs)

    def compress(self, data_list: list) -> date | None:
        day, month, year = data_list
        return date(int(year), int(month), int(day))

    def _fault(self, boxes: list[int], message: str, code: str) -> ValidationError:
        """The field's one message; the boxes at fault carry it so that only they are marked
        (none listed: all three are)."""
        for index, box in enumerate(self.fields):
            box.widget.errors = [message] if index in boxes else []
        return ValidationError(message, code=code)

    def clean(self, value: object) -> date | None:
        for box in self.fields:
            box.widget.errors = []
        if self.disabled and not isinstance(value, list):
            value = self.widget.decompress(value)
        if not isinstance(value, list | tuple):
            value = []
        parts = [
            str(value[index]).strip() if index < len(value) and value[index] is not None else ""
            for index in range(3)
        ]
        if not any(parts):
            if self.required:
                raise self._fault([], _required_message(self), "required")
            return None
        label = _label(self)
        missing = [index for index, part in enumerate(parts) if not part]
        if missing:
            names = " and ".join(PARTS[index] for index in missing)
            raise self._fault(missing, f"{label} must include a {names}", "incomplete")
        wrong = [index for index, part in enumerate(parts) if not DIGITS.match(part)]
        if wrong:
            raise self._fault(wrong, f"{label} must be a real date", "invalid")
        if len(parts[2]) != 4:
            raise self._fault([2], "Year must include 4 numbers", "invalid")
        try:
            day = self.compress(parts)
        except ValueError:
            raise self._fault([], f"{label} must be a real date", "invalid") from None
        try:
            self.validate(day)
            self.run_validators(day)
        except ValidationError as error:
            raise self._fault([], " ".join(error.messages), "out_of_range") from None
        return day


class DatePickerWidget(forms.DateInput):
    """One text box the MoJ date picker adds its calendar button to (static/js/app.js starts it).

    Without JavaScript it is a plain box taking 23/11/2026."""

    input_type = "text"
    # The first and last days the calendar offers; None offers every day.
    limits: tuple[date, date] | None = None

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        base = {"class": "govuk-input govuk-input--width-10 moj-js-datepicker-input", "autocomplete": "off"}
        super().__init__(attrs=base | (attrs or {}), format="%d/%m/%Y")

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: BaseRenderer | None = None
    ) -> SafeString:
        box = super().render(name, value, attrs, renderer)
        limits = {}
        if self.limits is not None:
            first, last = self.limits
            limits = {"data-min-date": f"{first:%-d/%-m/%Y}", "data-max-date": f"{last:%-d/%-m/%Y}"}
        return format_html(
            '<div class="moj-datepicker" data-module="moj-date-picker"{}>{}</div>', flatatt(limits), box
        )

    def limit(self, first: date, last: date) -> None:
        """Offer only the days from `first` to `last` in the calendar."""
        self.limits = (first, last)


class DatePickerBoundField(forms.BoundField):
    """Marks the picker's box in red when it has an error, as crispy-forms-gds does for a plain
    text box (it knows only its own widget classes)."""

    def build_widget_attrs(self, attrs: dict[str, Any], widget: forms.Widget | None = None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        if self.errors:
            classes = (widget or self.field.widget).attrs.get("class", "")
            attrs["class"] = f"{classes} govuk-input--error".strip()
        return attrs


class DatePickerField(forms.DateField):
    """The MoJ date picker, for choosing a near day from a calendar (a meeting, a suspension, a
    report period). Typed dates like 23/11/2026 work too, and 2026-11-23 as the query strings
    and addresses write a day. A day outside the days peerwork works with (peerwork.dates) is
    refused next to the box.
    """

    widget = DatePickerWidget
    bound_field_class = DatePickerBoundField
    input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Enter a real date, for example 23/11/2026."}
    default_validators = [validate_supported_day]

    def __init__(self, **kwargs: Any) -> None:
        kwargs["help_text"] = _with_example(kwargs.get("help_text"), EXAMPLE_PICKED)
        super().__init__(**kwargs)

    def validate(self, value: object) -> None:
        if value in self.empty_values and self.required:
            raise ValidationError(_required_message(self), code="required")
        super().validate(value)


DATE_FIELDS = (DateInputField, DatePickerField)


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
    """A crispy FormHelper with the GOV.UK layout and one primary button.

    `required_messages` names what to say when a required box is left empty, in GOV.UK's words
    ("Enter a reason for the suspension", "Select a scheme"): never Django's "This field is
    required." (tests/peerwork/test_form_messages.py walks every form for it).
    """

    submit_label = "Save"
    required_messages: dict[str, str] = {}
    fields: dict[str, forms.Field]  # the form's own: this mixin comes before a Django form

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if getattr(field, "max_length", None) is not None:
                field.error_messages.setdefault("max_length", TOO_LONG)
            if name in self.required_messages:
                field.error_messages["required"] = self.required_messages[name]
        self._lay_out()

    def _lay_out(self) -> None:
        self.helper = FormHelper(self)
        self.helper.layout.append(Button.primary("submit", self.submit_label))

    def leave_out(self, *names: str) -> None:
        """Take fields off this instance of the form (a setting that does not apply here), and off
        its layout with them."""
        for name in names:
            del self.fields[name]
        self._lay_out()


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


__all__ = [
    "DateInputField",
    "DatePickerField",
    "GovukFormMixin",
    "add_service_errors",
    "posted",
    "refusal",
    "NON_FIELD_ERRORS",
]
