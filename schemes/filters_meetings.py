"""The supervision meetings list's filters (django-filter), parsed from the query string so that a
filtered list is an address to share or bookmark, and its two CSVs are the same address.

With no "from" day given the list starts six months back (and runs on through every meeting to
come), as it always has; an empty "from" box means from the first meeting."""

from datetime import date, datetime, time, timedelta

import django_filters
from dateutil.relativedelta import relativedelta
from django.db.models import QuerySet
from django.utils import timezone

from peerwork.filters import ModelChoiceFilter
from schemes.filters import DayFilter, GovukFilterForm
from schemes.models import Scheme, SupervisionMeeting

RECENT_MONTHS = 6


def _midnight(day: date) -> datetime:
    """The start of `day` in London, whichever side of a clock change."""
    return timezone.make_aware(datetime.combine(day, time.min))


class LocalDayFilter(DayFilter):
    """A day, applied to a date-and-time field by the London calendar: from the start of the day
    (lookup_expr "gte") or to its end ("lte")."""

    def filter(self, qs: QuerySet, value: date | None) -> QuerySet:
        if value is None:
            return qs
        if self.lookup_expr == "gte":
            return qs.filter(**{f"{self.field_name}__gte": _midnight(value)})
        return qs.filter(**{f"{self.field_name}__lt": _midnight(value + timedelta(days=1))})


class MeetingFilter(django_filters.FilterSet):
    # The establishment's own schemes are given to each filter (schemes.selectors.scheme_choices).
    scheme = ModelChoiceFilter(label="Scheme", queryset=None, empty_label="All schemes")
    status = django_filters.ChoiceFilter(
        label="Status", choices=SupervisionMeeting.Status.choices, empty_label="Any status"
    )
    from_day = LocalDayFilter(label="From", field_name="starts_at", lookup_expr="gte")
    to_day = LocalDayFilter(label="To", field_name="starts_at", lookup_expr="lte")

    class Meta:
        model = SupervisionMeeting
        fields = ["scheme", "status", "from_day", "to_day"]
        form = GovukFilterForm

    def __init__(self, data=None, queryset=None, *, schemes: QuerySet, today: date, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("from_day", f"{today - relativedelta(months=RECENT_MONTHS):%d/%m/%Y}")
        super().__init__(data, queryset, **kwargs)
        self.filters["scheme"].queryset = schemes

    @property
    def chosen_scheme(self) -> Scheme | None:
        """The scheme chosen, when the choice is one of the establishment's."""
        self.is_valid()
        return self.form.cleaned_data.get("scheme")
