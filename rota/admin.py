"""Django admin for the rota, for system administrators: read only, never delete.

Day-to-day work happens in the rota's own pages, whose services check the rules. Call-outs are
recorded, corrected and archived in the officers' pages; here they can only be looked up.
"""

from django.contrib import admin

from peerwork.admin import ReadOnlyAdmin
from rota.models import (
    Assignment,
    CallOut,
    CoverNeed,
    CoverPoint,
    ListenerTraining,
    Rota,
    RotaWeek,
    ShiftType,
)


@admin.register(Rota)
class RotaAdmin(ReadOnlyAdmin):
    list_display = [
        "establishment",
        "scheme",
        "max_shifts_per_week",
        "max_nights_in_a_row",
        "requires_training",
    ]


@admin.register(ShiftType)
class ShiftTypeAdmin(ReadOnlyAdmin):
    list_display = ["name", "rota", "starts", "ends", "is_night", "archived_at"]
    list_filter = ["rota"]


@admin.register(CoverPoint)
class CoverPointAdmin(ReadOnlyAdmin):
    list_display = ["name", "rota", "order", "archived_at"]
    list_filter = ["rota"]


@admin.register(CoverNeed)
class CoverNeedAdmin(ReadOnlyAdmin):
    list_display = ["cover_point", "shift_type", "listeners"]


@admin.register(ListenerTraining)
class ListenerTrainingAdmin(ReadOnlyAdmin):
    list_display = ["worker", "completed_on", "valid_until", "recorded_by"]


@admin.register(RotaWeek)
class RotaWeekAdmin(ReadOnlyAdmin):
    list_display = ["rota", "starts_on", "published_at", "published_by"]
    list_filter = ["rota"]


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdmin):
    list_display = ["worker", "day", "shift_type", "cover_point", "status"]
    list_filter = ["status", "week__rota"]
    date_hierarchy = "day"


@admin.register(CallOut)
class CallOutAdmin(ReadOnlyAdmin):
    list_display = ["requested_at", "establishment", "location", "listener", "requested_by", "off_rota"]
    list_filter = ["establishment", "requested_by", "off_rota"]
    list_select_related = ["establishment", "location", "listener"]
    date_hierarchy = "requested_at"
