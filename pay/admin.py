"""Confirmed pay weeks in the admin, to look things up: a week is confirmed on the pay sheet's
own page, and its lines are frozen as they were paid."""

from django.contrib import admin

from pay.models import PayLine, PayWeek
from peerwork.admin import ReadOnlyAdmin


class PayLineInline(admin.TabularInline):
    model = PayLine
    extra = 0
    can_delete = False
    fields = ["worker_name", "prison_number", "scheme_name", "days_paid", "amount_pence"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PayWeek)
class PayWeekAdmin(ReadOnlyAdmin):
    list_display = ["starts_on", "establishment", "confirmed_by", "confirmed_at"]
    list_filter = ["establishment"]
    list_select_related = ["establishment", "confirmed_by"]
    inlines = [PayLineInline]
