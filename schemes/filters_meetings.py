"""The supervision meetings list's filters (django-filter), parsed from the query string so that a
filtered list is an address to share or bookmark, and its two CSVs are the same address.

With no "from" day given the list starts six months back (and runs on through every meeting to
come), as it always has; an empty "from" box means from the first meeting."""

from datetime import date, datetime, time, timedelta

import django_filters
from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.utils import timezone

from schemes.filters import ContractFilterForm, DayFilter
from schemes.models import Scheme, SupervisionMeeting

RECENT_MONTHS = 6


def _midnight(day: date) -> datetime:
    """The start of `day` in London, whichever side of a clock change."""
    return timezone.make_aware(datetime.combine(day, time.min))


class MeetingFilter(django_filters.FilterSet):
    # The establishment's own schemes are given to each filter (schemes.selectors.scheme_choices).
    scheme = django_filters.ModelChoiceFilter(label="Scheme", queryset=None, empty_label="All schemes")
    status = django_filters.ChoiceFilter(
        label="Status", choices=SupervisionMeeting.Status.choices, empty_label="Any status"
    )
    starts_from = DayFilter(label="From", method="filter_from")
    starts_to = DayFilter(label="To", method="filter_to")

    class Meta:
        model = SupervisionMeeting
        fields = ["scheme", "status", "starts_from", "starts_to"]
        form = ContractFilterForm

    def __init__(self, data=None, queryset=None, *, schemes: QuerySet, today: date, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("starts_from", f"{today - relativedelta(months=RECENT_MONTHS):%d/%m/%Y}")
        super().__init__(data, queryset, **kwargs)
        self.filters["scheme"].queryset = schemes

    def filter_from(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(starts_at__gte=_midnight(value))

    def filter_to(self, queryset: QuerySet, name: str, value: date) -> QuerySet:
        return queryset.filter(starts_at__lt=_midnight(value + timedelta(days=1)))

    @property
    def chosen_scheme(self) -> Scheme | None:
        """The scheme chosen, when the choice is one of the establishment's."""
        self.is_valid()
        return self.form.cleaned_data.get("scheme")
