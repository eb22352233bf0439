"""The call-out log's filters (django-filter), parsed from the query string so that a filtered log
is an address to share or bookmark, and its CSV is the same address."""

import django_filters
from django.db.models import QuerySet

from peerwork.filters import ModelChoiceFilter
from rota.models import CallOut
from schemes.filters import GovukFilterForm
from schemes.filters_meetings import LocalDayFilter

INCLUDED = "1"  # archived=1, as the log's link to archived call-outs has always written it


class CallOutFilter(django_filters.FilterSet):
    """Archived call-outs are left out unless asked for."""

    from_day = LocalDayFilter(label="Asked for from", field_name="requested_at", lookup_expr="gte")
    to_day = LocalDayFilter(label="Asked for to", field_name="requested_at", lookup_expr="lte")
    # The establishment's own wings are given to each filter (listeners.selectors.callout_filter).
    wing = ModelChoiceFilter(label="Wing", field_name="location", queryset=None, empty_label="All wings")
    archived = django_filters.ChoiceFilter(
        label="Archived call-outs",
        choices=[(INCLUDED, "Included")],
        empty_label="Left out",
        method="include_archived",
    )

    class Meta:
        model = CallOut
        fields = ["from_day", "to_day", "wing", "archived"]
        form = GovukFilterForm

    def __init__(self, data=None, queryset=None, *, wings: QuerySet, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.filters["wing"].queryset = wings

    @property
    def shows_archived(self) -> bool:
        self.is_valid()
        return self.form.cleaned_data.get("archived") == INCLUDED

    def filter_queryset(self, queryset: QuerySet[CallOut]) -> QuerySet[CallOut]:
        if not self.shows_archived:
            queryset = queryset.filter(archived_at__isnull=True)
        return super().filter_queryset(queryset)

    def include_archived(self, queryset: QuerySet[CallOut], name: str, value: str) -> QuerySet[CallOut]:
        return queryset  # left out by filter_queryset unless chosen
