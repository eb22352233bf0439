"""What changed between two versions of a role description, line by line, for the version page."""

import difflib
from dataclasses import dataclass

from schemes.models import RoleDescription
from schemes.models.roles import ROLE_DESCRIPTION_FIELDS


@dataclass
class Line:
    kind: str  # "added", "removed" or "same"
    text: str


@dataclass
class FieldChange:
    label: str
    lines: list[Line]


def role_description_diff(old: RoleDescription | None, new: RoleDescription) -> list[FieldChange]:
    """Only the parts that changed; everything is new when there is no earlier version."""
    changes = []
    for name in ROLE_DESCRIPTION_FIELDS:
        label = str(RoleDescription._meta.get_field(name).verbose_name).capitalize()
        before = getattr(old, name).splitlines() if old else []
        after = getattr(new, name).splitlines()
        if before == after:
            continue
        lines = []
        for line in difflib.ndiff(before, after):
            tag, text = line[:2], line[2:]
            if tag == "+ ":
                lines.append(Line("added", text))
            elif tag == "- ":
                lines.append(Line("removed", text))
            elif tag == "  ":
                lines.append(Line("same", text))
        changes.append(FieldChange(label=label, lines=lines))
    return changes
