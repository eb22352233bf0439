"""Welfare check-ins in the admin, to look things up: they are recorded and withdrawn on the
peer worker's welfare page, whose services record who did it."""

from django.contrib import admin

from peerwork.admin import ReadOnlyAdmin
from welfare.models import CheckIn


@admin.register(CheckIn)
class CheckInAdmin(ReadOnlyAdmin):
    list_display = ["on", "establishment", "worker", "scheme", "how", "archived_at"]
    list_filter = ["establishment", "how"]
    list_select_related = ["establishment", "worker", "scheme"]
