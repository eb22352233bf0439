"""Wing kiosks in the admin, to look things up: they are enrolled and revoked in peerwork's own
pages, whose services record who did it. The token's digest is never shown."""

from django.contrib import admin

from kiosk.models import KioskDevice
from peerwork.admin import ReadOnlyAdmin


@admin.register(KioskDevice)
class KioskDeviceAdmin(ReadOnlyAdmin):
    list_display = ["name", "establishment", "location", "enrolled_by", "enrolled_at", "revoked_at"]
    list_filter = ["establishment"]
    list_select_related = ["establishment", "location", "enrolled_by"]
    exclude = ["token_hash"]
