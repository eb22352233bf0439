"""The concerns list's filters (django-filter), parsed from the query string so that a filtered
list is an address to share or bookmark."""

from datetime import date

import django_filters
from django.db.models import Q, QuerySet

from concerns.forms import ConcernFilterForm
from concerns.models import Concern
from peerwork.filters import ModelChoiceFilter

WAITING = "waiting"
OPEN = "open"


class ConcernFilter(django_filters.FilterSet):
    """With no status chosen the list shows the open concerns (not yet finished)."""

    STATUSES = [
        (OPEN, "Open (not finished)"),
        (WAITING, "Waiting for an answer"),
        *Concern.Status.choices,
    ]
    STATUS_FILTERS = {
        OPEN: Q(status__in=[s for s in Concern.Status if s not in Concern.FINISHED]),
        WAITING: Q(status__in=Concern.AWAITING_ANSWER),
        **{status.value: Q(status=status) for status in Concern.Status},
    }

    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUSES, empty_label="Any status", method="filter_status"
    )
    overdue = django_filters.ChoiceFilter(
        label="Overdue",
        choices=[("yes", "Overdue"), ("no", "Not overdue")],
        empty_label="Overdue or not",
        method="filter_overdue",
    )
    # The choices come from the establishment's own rows (concerns.selectors_staff.concern_list).
    department = ModelChoiceFilter(label="Department", queryset=None, empty_label="All departments")
    topic = ModelChoiceFilter(label="Topic", queryset=None, empty_label="All topics")
    wing = ModelChoiceFilter(label="Wing", field_name="location", queryset=None, empty_label="All wings")
    scheme = ModelChoiceFilter(
        label="Scheme", field_name="contract__scheme", queryset=None, empty_label="All schemes"
    )

    class Meta:
        model = Concern
        fields = ["status", "overdue", "department", "topic", "wing", "scheme"]
        form = ConcernFilterForm

    def __init__(
        self,
        data=None,
        queryset=None,
        *,
        today: date,
        departments: QuerySet,
        topics: QuerySet,
        wings: QuerySet,
        schemes: QuerySet,
        **kwargs,
    ):
        data = data.copy() if data is not None else {}
        data.setdefault("status", OPEN)
        super().__init__(data, queryset, **kwargs)
        self.today = today
        self.filters["department"].queryset = departments
        self.filters["topic"].queryset = topics
        self.filters["wing"].queryset = wings
        self.filters["scheme"].queryset = schemes

    def filter_status(self, queryset: QuerySet[Concern], name: str, value: str) -> QuerySet[Concern]:
        return queryset.filter(self.STATUS_FILTERS[value])

    def filter_overdue(self, queryset: QuerySet[Concern], name: str, value: str) -> QuerySet[Concern]:
        overdue = Q(status__in=Concern.AWAITING_ANSWER, due_on__lt=self.today)
        return queryset.filter(overdue if value == "yes" else ~overdue)
