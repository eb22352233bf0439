"""Wings and units: created, changed and archived, never deleted."""

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from establishments.models import Establishment, Location
from peerwork.records import save as _save


@transaction.atomic
def location_create(
    *, establishment: Establishment, actor: User, name: str, kind: str, is_vulnerable_prisoners_unit: bool
) -> Location:
    location = Location(
        establishment=establishment,
        name=name,
        kind=kind,
        is_vulnerable_prisoners_unit=is_vulnerable_prisoners_unit,
    )
    _save(location, actor=actor)
    return location


@transaction.atomic
def location_update(*, location: Location, actor: User, **changes: object) -> Location:
    for name, value in changes.items():
        setattr(location, name, value)
    _save(location, actor=actor)
    return location


@transaction.atomic
def location_archive(*, location: Location, actor: User) -> Location:
    """Locations are archived, never deleted: rotas and call-outs still point at them."""
    if location.is_archived:
        return location
    location.archived_at = timezone.now()
    location.archived_by = actor
    _save(location, actor=actor, reason="Archived")
    return location


@transaction.atomic
def location_restore(*, location: Location, actor: User) -> Location:
    location.archived_at = None
    location.archived_by = None
    _save(location, actor=actor, reason="Restored")
    return location
