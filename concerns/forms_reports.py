"""The "You said, we did" notice's month and wing, read from the query string.

Both are choices from lists the page builds (the last two years' months, this establishment's
wings): nothing typed into the address reaches a query, and another prison's wing is not on the
list, so it is refused like any other unknown value.
"""

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from django import forms
from django.http import QueryDict
from django.utils import timezone

from concerns.reports import month_start, notice_months, notice_wings
from establishments.models import Establishment, Location


def default_month(today: date) -> date:
    """Last month: the notice tells a wing what was done in a whole month, and a meeting early in
    the month discusses the one just ended. This month so far is on the list too."""
    return month_start(today) - relativedelta(months=1)


class YouSaidForm(forms.Form):
    month = forms.ChoiceField(
        label="Month",
        required=False,
        error_messages={
            "invalid_choice": "Choose a month from the list: this month or one of the two years before."
        },
    )
    wing = forms.TypedChoiceField(
        label="Wing",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Choose one of this prison's wings, or every wing."},
    )

    def __init__(self, data: QueryDict, *, establishment: Establishment, **kwargs: Any) -> None:
        today = timezone.localdate()
        if not data.get("month"):  # the list shows the month the notice is for
            data = data.copy()
            data["month"] = f"{default_month(today):%Y-%m}"
        super().__init__(data, **kwargs)
        this_month = month_start(today)
        month, wing = self.fields["month"], self.fields["wing"]
        assert isinstance(month, forms.ChoiceField) and isinstance(wing, forms.ChoiceField)
        month.choices = [
            (f"{m:%Y-%m}", f"{m:%B %Y}" + (" (so far)" if m == this_month else ""))
            for m in notice_months(today=today)
        ]
        self.wings: dict[int, Location] = {
            place.pk: place for place in notice_wings(establishment=establishment)
        }
        wing.choices = [("", "Every wing")] + [
            (str(pk), f"{place.name} (closed)" if place.is_archived else place.name)
            for pk, place in self.wings.items()
        ]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-error"

    def chosen(self) -> tuple[date, Location | None]:
        """The month and wing asked for: a blank month is last month, a blank wing every wing."""
        assert self.is_valid(), "only a valid form has a month and a wing"
        month = self.cleaned_data["month"]
        day = date(int(month[:4]), int(month[5:7]), 1)
        wing = self.cleaned_data["wing"]
        return day, self.wings[wing] if wing is not None else None
