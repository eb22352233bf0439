from django.contrib import admin

from flags.models import Flag, FlagComment


class FlagCommentInline(admin.TabularInline):
    model = FlagComment
    extra = 0
    readonly_fields = ["author", "text", "created_at"]
    can_delete = False


@admin.register(Flag)
class FlagAdmin(admin.ModelAdmin):
    """Read-only: flags change through their services, which record who acted."""

    list_display = ["summary", "kind", "severity", "establishment", "opened_at", "resolved_at"]
    list_filter = ["kind", "severity", "establishment"]
    search_fields = ["summary", "key"]
    inlines = [FlagCommentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
