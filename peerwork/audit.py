"""Reading the audit trail (django-simple-history) of any record, for its history page."""

from dataclasses import dataclass, field

from django.db.models import Model


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


def _display(record, field_name: str) -> str:
    model_field = record.instance_type._meta.get_field(field_name)
    value = getattr(record, model_field.attname)
    if value is None or value == "":
        return "(blank)"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def history_for(obj: Model) -> list[HistoryEntry]:
    """Newest first, each entry with the fields it changed. Two queries, whatever the length."""
    records = list(obj.history.select_related("history_user").order_by("history_date", "history_id"))
    entries = []
    previous = None
    for record in records:
        changes = []
        if previous is not None:
            delta = record.diff_against(previous, foreign_keys_are_objs=False)
            for change in delta.changes:
                verbose = str(record.instance_type._meta.get_field(change.field).verbose_name)
                changes.append(
                    Change(
                        field=verbose[:1].upper() + verbose[1:],
                        old=_display(previous, change.field),
                        new=_display(record, change.field),
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
