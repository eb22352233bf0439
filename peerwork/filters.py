"""What every list's filters share.

`ModelChoiceFilter` reads its choices (a prison's schemes, wings, departments...) with one plain
query. Django's `ModelChoiceIterator` reads them with `QuerySet.iterator()`, which on PostgreSQL
opens a server-side cursor (declare, fetch, close, held past the transaction): about 5 ms for a
list of eight schemes, on every list page, for each box.
"""

import django_filters
from django_filters.fields import ModelChoiceField as FilterModelChoiceField
from django_filters.fields import ModelChoiceIterator as FilterModelChoiceIterator


class ChoicesInOneQuery(FilterModelChoiceIterator):
    """django-filter's choices (the empty label, its "null" choice, then the rows) from the
    queryset itself, not its server-side `iterator()`."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.null_label is not None:
            yield (self.field.null_value, self.field.null_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(FilterModelChoiceField):
    iterator = ChoicesInOneQuery


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ModelChoiceField
