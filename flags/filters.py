"""Filters for list pages (django-filter), parsed from the query string."""

import django_filters
from django.db.models import QuerySet

from flags.forms import FlagFilterForm
from flags.models import Flag
from peerwork.filters import ModelChoiceFilter


class FlagFilter(django_filters.FilterSet):
    """The flag inbox's filters. With no state chosen the inbox shows open flags."""

    OPEN = "open"
    STATES = [
        (OPEN, "Open"),
        ("acknowledged", "Acknowledged, not resolved"),
        ("resolved", "Resolved"),
    ]
    STATE_FILTERS = {
        OPEN: {"resolved_at__isnull": True},
        "acknowledged": {"resolved_at__isnull": True, "acknowledged_at__isnull": False},
        "resolved": {"resolved_at__isnull": False},
    }

    state = django_filters.ChoiceFilter(
        label="State", choices=STATES, empty_label="Any state", method="filter_state"
    )
    severity = django_filters.ChoiceFilter(
        label="Severity", choices=sorted(Flag.Severity.choices, reverse=True), empty_label="Any severity"
    )
    kind = django_filters.ChoiceFilter(label="Type", choices=Flag.Kind.choices, empty_label="Any type")
    # The schemes this person may filter by are given to each filter (flags.selectors.flag_schemes).
    scheme = ModelChoiceFilter(label="Scheme", queryset=None, empty_label="All schemes")

    class Meta:
        model = Flag
        fields = ["state", "severity", "kind", "scheme"]
        form = FlagFilterForm

    def __init__(self, data=None, queryset=None, *, schemes: QuerySet, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("state", self.OPEN)
        super().__init__(data, queryset, **kwargs)
        self.filters["scheme"].queryset = schemes

    def filter_state(self, queryset: QuerySet[Flag], name: str, value: str) -> QuerySet[Flag]:
        return queryset.filter(**self.STATE_FILTERS[value])
