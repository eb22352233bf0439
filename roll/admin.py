from django.contrib import admin

from peerwork.admin import ReadOnlyAdmin
from roll.models import RollImport


@admin.register(RollImport)
class RollImportAdmin(ReadOnlyAdmin):
    list_display = ["establishment", "source", "status", "uploaded_by", "uploaded_at", "applied_at"]
    list_filter = ["status", "establishment"]
    exclude = ["rows", "refusals"]
