"""Reading the audit trail (django-simple-history) of any record, for its history page."""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Protocol, TypeAlias

from django.db.models import Model
from django.utils import timezone
from django.utils.formats import date_format


@dataclass
class Change:
    field: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    when: object
    who: object
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)


ACTIONS = {"+": "Created", "~": "Changed", "-": "Removed"}


# One of django-simple-history's historical records. Their classes are generated per model and the
# library ships no types, so nothing is known of them here.
HistoricalRecord: TypeAlias = Any


class Historied(Protocol):
    """A record with an audit trail: its model has `history = HistoricalRecords()`.

    django-simple-history ships no types, so its historical records and their diffs are `Any` here.
    """

    @property
    def history(self) -> Any: ...  # the model's HistoryManager (untyped)


def attribute_change(instance: Model, *, actor: Model | None, reason: str) -> None:
    """Who makes, and why, the change that `instance`'s next save or delete records in its history.

    django-simple-history reads these two attributes off the instance; they are declared nowhere,
    so they are set by name.
    """
    setattr(instance, "_history_user", actor)  # noqa: B010 (not declared on the model)
    setattr(instance, "_change_reason", reason)  # noqa: B010 (not declared on the model)


def _display(
    record: HistoricalRecord, field_name: str, related: dict[tuple[type[Model], object], Model]
) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "(blank)"
    if model_field.many_to_one or model_field.one_to_one:
        return str(related.get((model_field.related_model, value), value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "j F Y, H:i")
    if isinstance(value, date):
        return date_format(value, "j F Y")
    return str(value)


def _related_objects(
    records: Sequence[HistoricalRecord], deltas: Sequence[Any]
) -> dict[tuple[type[Model], object], Model]:
    """The objects that changed foreign keys point to, one query per related model."""
    wanted: defaultdict[type[Model], set[object]] = defaultdict(set)
    for record, delta in zip(records[1:], deltas, strict=True):
        for change in delta.changes:
            model_field = record.instance_type._meta.get_field(change.field)
            if model_field.many_to_one or model_field.one_to_one:
                wanted[model_field.related_model].update(v for v in (change.old, change.new) if v is not None)
    return {
        (model, pk): obj
        for model, pks in wanted.items()
        for pk, obj in model._base_manager.in_bulk(pks).items()
    }


def history_for(
    obj: Historied, *, since: datetime | None = None, until: datetime | None = None
) -> list[HistoryEntry]:
    """Newest first, each entry with the fields it changed, foreign keys named.

    `since` (inclusive) and `until` (exclusive) keep to one stretch of time, such as a person's
    stay in one prison. The first record inside it is not compared with the one before it, which
    lies outside: its "old values" belong to someone else's time (another prison's staff notes).

    A fixed number of queries for a record without many-to-many history: the records, their
    users, and one per kind of related object that changed.
    """
    records_in_range = obj.history.select_related("history_user")
    if since is not None:
        records_in_range = records_in_range.filter(history_date__gte=since)
    if until is not None:
        records_in_range = records_in_range.filter(history_date__lt=until)
    records = list(records_in_range.order_by("history_date", "history_id"))
    deltas = [
        record.diff_against(previous, foreign_keys_are_objs=False)
        for previous, record in zip(records, records[1:], strict=False)
    ]
    related = _related_objects(records, deltas)
    entries: list[HistoryEntry] = []
    previous = None
    for index, record in enumerate(records):
        changes: list[Change] = []
        if previous is not None:
            for change in deltas[index - 1].changes:
                verbose = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(
                    Change(
                        field=verbose[:1].upper() + verbose[1:],
                        old=_display(previous, change.field, related),
                        new=_display(record, change.field, related),
                    )
                )
        entries.append(
            HistoryEntry(
                when=record.history_date,
                who=record.history_user,
                action=ACTIONS.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    entries.reverse()
    return entries
