"""The stumbling-blocks report's scheme and number of weeks, read from the query string.

Both are choices from lists the page builds: the one-to-one schemes the user keeps
(support.selectors.schemes_kept_by) and the weeks the report offers. Nothing typed into the
address reaches a query, and a scheme the user does not keep (another prison's, or one a
coordinator does not lead) is not on the list, so it is refused like any other unknown value.
"""

from typing import Any

from django import forms
from django.http import QueryDict

from accounts.models import User
from establishments.models import Establishment
from schemes.models import Scheme
from support.reports import DEFAULT_WEEKS, WEEKS
from support.selectors import schemes_kept_by


class StumblingBlocksForm(forms.Form):
    scheme = forms.TypedChoiceField(
        label="Scheme",
        coerce=int,
        error_messages={
            "invalid_choice": "Choose one of the schemes on the list.",
            "required": "Choose a scheme",
        },
    )
    weeks = forms.TypedChoiceField(
        label="Weeks",
        coerce=int,
        choices=[(str(n), f"The last {n} weeks") for n in WEEKS],
        error_messages={
            "invalid_choice": "Choose 4, 8, 12 or 26 weeks.",
            "required": "Choose how many weeks",
        },
    )

    def __init__(self, data: QueryDict, *, user: User, establishment: Establishment, **kwargs: Any) -> None:
        self.schemes: dict[int, Scheme] = {
            scheme.pk: scheme
            for scheme in schemes_kept_by(user=user, establishment=establishment).order_by("name", "pk")
        }
        data = data.copy()  # a blank choice is the first scheme kept, over the default weeks
        if not data.get("scheme") and self.schemes:
            data["scheme"] = str(next(iter(self.schemes)))
        if not data.get("weeks"):
            data["weeks"] = str(DEFAULT_WEEKS)
        super().__init__(data, **kwargs)
        scheme = self.fields["scheme"]
        assert isinstance(scheme, forms.ChoiceField)
        scheme.choices = [(str(pk), s.name) for pk, s in self.schemes.items()]
        for field in self.fields.values():
            field.widget.attrs["class"] = "govuk-select"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-describedby"] = f"{self[name].id_for_label}-error"

    def chosen(self) -> tuple[Scheme, int]:
        assert self.is_valid(), "only a valid form has a scheme and weeks"
        return self.schemes[self.cleaned_data["scheme"]], self.cleaned_data["weeks"]
