from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User
from peerwork.admin import NoDeleteAdmin


@admin.register(User)
class StaffAdmin(UserAdmin, NoDeleteAdmin):
    """Staff accounts are made and changed here; one who leaves is made inactive, not deleted."""

    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "establishments", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Peer work", {"fields": ["role", "establishments"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Peer work", {"fields": ["role", "establishments"]}),)
    filter_horizontal = ["establishments", "groups", "user_permissions"]
