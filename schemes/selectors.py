"""Every read a view needs, already scoped to the user's current establishment."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from schemes.models import Establishment, Location


def location_list(*, establishment: Establishment, include_archived: bool = False) -> QuerySet[Location]:
    locations = Location.objects.filter(establishment=establishment)
    if not include_archived:
        locations = locations.filter(archived_at__isnull=True)
    return locations.order_by("archived_at", "name")


def location_get(*, establishment: Establishment, pk: int) -> Location:
    """A location in the user's establishment, or 404: another prison's records do not exist here."""
    return get_object_or_404(
        Location.objects.select_related("establishment", "archived_by"),
        establishment=establishment,
        pk=pk,
    )
