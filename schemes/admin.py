from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from schemes.models import Establishment, Location


@admin.register(Establishment)
class EstablishmentAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "category"]


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "establishment", "kind", "is_vulnerable_prisoners_unit", "archived_at"]
    list_filter = ["establishment", "kind"]

    def has_delete_permission(self, request, obj=None):
        return False
