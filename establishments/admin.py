"""Django admin for wings and units, read-only: they are added, changed and archived in
peerwork's own pages. Establishments are registered by schemes/admin.py, which completes a new one
with the national schemes."""

from django.contrib import admin

from establishments.models import Location
from peerwork.admin import ReadOnlyAdmin


@admin.register(Location)
class LocationAdmin(ReadOnlyAdmin):
    list_display = ["name", "establishment", "kind", "is_vulnerable_prisoners_unit", "archived_at"]
    list_filter = ["establishment", "kind"]
