"""The admin's shared ground rules: nothing is deleted, and nothing changes around the services.

System administrators use the Django admin to look things up. Day-to-day changes go through
peerwork's own pages, whose services check the rules and record who acted. The history pages
show every past version; reverting to one (django-simple-history's form) would write around the
services, so it is refused, and the "delete selected" action is switched off for every model.
"""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin

admin.site.disable_action("delete_selected")


class HistoryAdmin(SimpleHistoryAdmin):
    """History to read, never to revert to."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied("Past versions can be read here, not restored.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True


class NoDeleteAdmin(HistoryAdmin):
    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(NoDeleteAdmin):
    """Changes go through peerwork's own pages and their services."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
