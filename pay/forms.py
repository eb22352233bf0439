"""The week picker and the establishment's pay bounds. (A scheme's rate: schemes SchemeRateForm.)"""

from django import forms

from establishments.models import Establishment
from peerwork.forms import DatePickerField, GovukFormMixin
from schemes.forms.schemes import clean_pounds, pounds_field


class WeekForm(GovukFormMixin, forms.Form):
    """Any day of the week to see: the sheet opens at its Monday."""

    submit_label = "Show the week"
    required_messages = {"week": "Enter a day in the week to show"}

    week = DatePickerField(label="Any day in the week")

    def _lay_out(self) -> None:
        super()._lay_out()
        self.helper.form_method = "get"


def _pence_to_text(pence: int) -> str:
    return f"{pence // 100}.{pence % 100:02d}"


class PayBoundsForm(GovukFormMixin, forms.Form):
    submit_label = "Save the bounds"
    required_messages = {
        "pay_min": "Enter the lowest weekly rate",
        "pay_max": "Enter the highest weekly rate",
    }

    pay_min = pounds_field("Lowest weekly rate (£)", help_text="For example 4.00.")
    pay_max = pounds_field("Highest weekly rate (£)", help_text="For example 15.00.")

    def __init__(self, *args, establishment: Establishment, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial = {
            "pay_min": _pence_to_text(establishment.pay_min_weekly_pence),
            "pay_max": _pence_to_text(establishment.pay_max_weekly_pence),
        }

    def clean_pay_min(self) -> int:
        return clean_pounds(self.cleaned_data["pay_min"], what="lowest weekly rate")

    def clean_pay_max(self) -> int:
        return clean_pounds(self.cleaned_data["pay_max"], what="highest weekly rate")
