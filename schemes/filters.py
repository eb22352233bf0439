"""The filters of the contracts, peer workers and applications lists (django-filter), parsed from the
query string so that a filtered list is an address to share or bookmark, and its CSV download is the
same address."""

from typing import Any

import django_filters
from django import forms
from django.db.models import Exists, OuterRef, Q, QuerySet

from peerwork.filters import ModelChoiceFilter
from peerwork.forms import DatePickerField
from schemes.models import Application, Contract, PeerWorker

OPEN = "open"
IN_PROGRESS = "in_progress"
YES, NO = "yes", "no"
SEARCH_LENGTH = 100
SEARCH_HINT = "For example A1234BC, A12 or Ellis."


def person_search(term: str, *, person: str = "") -> Q:
    """`Q` for the people a search box's term finds, through the relation `person` ("worker__").

    A term with a digit in it is a prison number or its start: prison numbers are stored in capitals
    (a constraint says so), so the capitalised term's prefix match is served by the column's
    pattern index (`prison_number` is unique, and PostgreSQL's backend gives it a
    varchar_pattern_ops index). Any other term is part of a first or last name, matched as
    UPPER(name) LIKE '%TERM%', which the trigram index on the upper-cased names serves
    (schemes.models.people.PeerWorker.Meta.indexes). README, "Searching at scale", has the plans.
    """
    term = term.strip()
    if any(character.isdigit() for character in term):
        return Q(**{f"{person}prison_number__startswith": term.upper()})
    return Q(**{f"{person}first_name__icontains": term}) | Q(**{f"{person}last_name__icontains": term})


class GovukFilterForm(forms.Form):
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
    scheme = ModelChoiceFilter(label="Scheme", queryset=None, empty_label="All schemes")
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUSES, empty_label="Any status", method="filter_status"
    )
    ends_after = DayFilter(label="Ending on or after", field_name="end_date", lookup_expr="gte")
    ends_before = DayFilter(label="Ending on or before", field_name="end_date", lookup_expr="lte")

    class Meta:
        model = Contract
        fields = ["q", "scheme", "status", "ends_after", "ends_before"]
        form = GovukFilterForm

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


class PeerWorkerFilter(django_filters.FilterSet):
    """With no custody status chosen the list shows the people in custody here: who staff can find
    on a wing today. Released and transferred people stay on the records and are one choice away."""

    q = django_filters.CharFilter(
        label="Name or prison number", method="filter_search", max_length=SEARCH_LENGTH, help_text=SEARCH_HINT
    )
    custody = django_filters.ChoiceFilter(
        label="Custody",
        field_name="custody_status",
        choices=PeerWorker.CustodyStatus.choices,
        empty_label="Any (in custody, released or transferred)",
    )
    in_role = django_filters.ChoiceFilter(
        label="In a role here",
        choices=[(YES, "In a role (active or suspended contract)"), (NO, "Not in a role")],
        empty_label="In a role or not",
        method="filter_in_role",
    )
    # The establishment's own schemes and wings are given to each filter (schemes.selectors).
    scheme = ModelChoiceFilter(
        label="Scheme",
        queryset=None,
        empty_label="All schemes",
        method="filter_scheme",
        help_text="People with an open contract on it.",
    )
    wing = ModelChoiceFilter(
        label="Wing or unit", field_name="location", queryset=None, empty_label="All wings and units"
    )

    class Meta:
        model = PeerWorker
        fields = ["q", "custody", "in_role", "scheme", "wing"]
        form = GovukFilterForm

    def __init__(self, data=None, queryset=None, *, schemes: QuerySet, wings: QuerySet, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("custody", PeerWorker.CustodyStatus.IN_CUSTODY)
        super().__init__(data, queryset, **kwargs)
        self.filters["scheme"].queryset = schemes
        self.filters["wing"].queryset = wings

    def filter_search(self, queryset: QuerySet[PeerWorker], name: str, value: str) -> QuerySet[PeerWorker]:
        return queryset.filter(person_search(value)) if value.strip() else queryset

    def filter_scheme(self, queryset: QuerySet[PeerWorker], name: str, value) -> QuerySet[PeerWorker]:
        return queryset.filter(Exists(Contract.objects.open().filter(worker=OuterRef("pk"), scheme=value)))

    def filter_in_role(self, queryset: QuerySet[PeerWorker], name: str, value: str) -> QuerySet[PeerWorker]:
        """In a role at this prison (on the chosen scheme, if one is): "not in a role" with a scheme
        chosen is who holds its contract but is not in the role yet (awaiting signature)."""
        contracts = Contract.objects.in_role().filter(
            worker=OuterRef("pk"), scheme__establishment=OuterRef("establishment")
        )
        if scheme := self.form.cleaned_data.get("scheme"):
            contracts = contracts.filter(scheme=scheme)
        return queryset.filter(Exists(contracts) if value == YES else ~Exists(contracts))


class ApplicationFilter(django_filters.FilterSet):
    """With no status chosen the list shows the applications in progress (received, at checks or at
    interview), oldest first: what a coordinator works through. Decided and withdrawn ones stay
    one choice away, newest first."""

    STATUSES = [(IN_PROGRESS, "In progress (received, checks or interview)"), *Application.Status.choices]

    q = django_filters.CharFilter(
        label="Name or prison number", method="filter_search", max_length=SEARCH_LENGTH, help_text=SEARCH_HINT
    )
    scheme = ModelChoiceFilter(label="Scheme", queryset=None, empty_label="All schemes")
    status = django_filters.ChoiceFilter(
        label="Stage", choices=STATUSES, empty_label="Any stage, decided or not", method="filter_status"
    )

    class Meta:
        model = Application
        fields = ["q", "scheme", "status"]
        form = GovukFilterForm

    def __init__(self, data=None, queryset=None, *, schemes: QuerySet, **kwargs):
        data = data.copy() if data is not None else {}
        data.setdefault("status", IN_PROGRESS)
        super().__init__(data, queryset, **kwargs)
        self.filters["scheme"].queryset = schemes

    @property
    def shows_only_open(self) -> bool:
        return self.form.cleaned_data.get("status") in (IN_PROGRESS, *Application.OPEN)

    def filter_queryset(self, queryset: QuerySet[Application]) -> QuerySet[Application]:
        queryset = super().filter_queryset(queryset)
        if self.shows_only_open:
            return queryset.order_by("received_on", "pk")
        return queryset.order_by("-received_on", "-pk")

    def filter_status(self, queryset: QuerySet[Application], name: str, value: str) -> QuerySet[Application]:
        if value == IN_PROGRESS:
            return queryset.filter(status__in=Application.OPEN)
        return queryset.filter(status=value)

    def filter_search(self, queryset: QuerySet[Application], name: str, value: str) -> QuerySet[Application]:
        return queryset.filter(person_search(value, person="worker__")) if value.strip() else queryset
