from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from accounts.models import User


@admin.register(User)
class StaffAdmin(UserAdmin, SimpleHistoryAdmin):
    list_display = ["username", "first_name", "last_name", "role", "is_active"]
    list_filter = ["role", "establishments", "is_active"]
    fieldsets = UserAdmin.fieldsets + (("Peer work", {"fields": ["role", "establishments"]}),)
    add_fieldsets = UserAdmin.add_fieldsets + (("Peer work", {"fields": ["role", "establishments"]}),)
    filter_horizontal = ["establishments", "groups", "user_permissions"]
