"""Concerns in the admin, to look things up: changes go through the concerns pages and their
services, which keep every step on the concern's timeline with who and when."""

from django.contrib import admin

from concerns.models import Concern, ConcernEvent, Department, Topic
from peerwork.admin import ReadOnlyAdmin


@admin.register(Department)
class DepartmentAdmin(ReadOnlyAdmin):
    list_display = ["name", "establishment", "owner", "archived_at"]
    list_filter = ["establishment"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(ReadOnlyAdmin):
    list_display = ["name", "establishment", "department", "answer_within_days", "archived_at"]
    list_filter = ["establishment"]
    search_fields = ["name"]


class ConcernEventInline(admin.TabularInline):
    model = ConcernEvent
    extra = 0
    fields = ["created_at", "kind", "by_user", "by_worker", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Concern)
class ConcernAdmin(ReadOnlyAdmin):
    list_display = ["pk", "establishment", "topic", "department", "status", "raised_at", "due_on"]
    list_filter = ["establishment", "status", "department__name"]
    search_fields = ["pk", "worker__prison_number"]
    list_select_related = ["establishment", "topic", "department"]
    inlines = [ConcernEventInline]
