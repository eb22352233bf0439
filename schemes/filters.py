"""The contracts list's filters (django-filter), parsed from the query string so that a filtered
list is an address to share or bookmark, and its CSV download is the same address."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from peerwork.forms import DatePickerField
from schemes.models import Contract

OPEN = "open"
SEARCH_LENGTH = 100


class ContractFilterForm(forms.Form):
    """The form django-filter builds the filters on: GOV.UK boxes, read from the query string."""

    CLASSES = {forms.Select: "govuk-select", forms.TextInput: "govuk-input"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            for widget, css in self.CLASSES.items():
                if type(field.widget) is widget:
                    field.widget.attrs["class"] = css
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{name}-hint"


class DayFilter(django_filters.DateFilter):
    """A day typed as 23/11/2026 (or 2026-11-23, as a link writes it), within the days peerwork
    works with: the MoJ date picker."""

    field_class = DatePickerField


class ContractFilter(django_filters.FilterSet):
    """With no status chosen the list shows the open contracts (awaiting signature, active or
    suspended)."""

    STATUSES = [(OPEN, "Open (awaiting signature, active or suspended)"), *Contract.Status.choices]

    q = django_filters.CharFilter(
        label="Name or prison number",
        method="filter_search",
        max_length=SEARCH_LENGTH,
        help_text="For example A1234BC or Ellis.",
    )
    # The establishment's own schemes are given to each filter (schemes.selectors.scheme_choices).
    scheme = django_filters.ModelChoiceFilter(label="Scheme", queryset=None, empty_label="All schemes")
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUSES, empty_label="Any status", method="filter_status"
    )
    ends_after = DayFilter(label="Ending on or after", field_name="end_date", lookup_expr="gte")
    ends_before = DayFilter(label="Ending on or before", field_name="end_date", lookup_expr="lte")

    class Meta:
        model = Contract
        fields = ["q", "scheme", "status", "ends_after", "ends_before"]
        form = ContractFilterForm

    def __init__(self, data=None, queryset=None, *, schemes: QuerySet, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)
        super().__init__(data, queryset, **kwargs)
        self.filters["scheme"].queryset = schemes

    def filter_status(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        return queryset.open() if value == OPEN else queryset.filter(status=value)

    def filter_search(self, queryset: QuerySet[Contract], name: str, value: str) -> QuerySet[Contract]:
        term = value.strip()
        if not term:
            return queryset
        return queryset.filter(
            Q(worker__prison_number__iexact=term)
            | Q(worker__first_name__icontains=term)
            | Q(worker__last_name__icontains=term)
        )
