"""Django admin, for system administrators. Day-to-day work happens in peerwork's own pages.

Nothing here can be deleted: records end or are archived through the services. Everything but a
new establishment (which the scheme presets service completes) is read-only here.
"""

from django.contrib import admin

from establishments.models import Establishment
from peerwork.admin import NoDeleteAdmin, ReadOnlyAdmin
from schemes.models import (
    Application,
    Contract,
    EligibilityCheck,
    PeerWorker,
    RoleDescription,
    Scheme,
    SchemeLead,
    SupervisionMeeting,
)
from schemes.services.schemes import scheme_presets_ensure


# Registered here, not in establishments/admin.py: saving a new establishment completes it with
# the national schemes (a schemes service), and establishments sits below schemes.
@admin.register(Establishment)
class EstablishmentAdmin(NoDeleteAdmin):
    list_display = ["name", "code", "category"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        scheme_presets_ensure(establishment=obj, actor=request.user)


class EligibilityCheckInline(admin.TabularInline):
    model = EligibilityCheck
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    list_display = ["name", "establishment", "preset", "confidentiality", "is_active"]
    list_filter = ["establishment", "confidentiality", "is_active"]
    inlines = [EligibilityCheckInline]


@admin.register(SchemeLead)
class SchemeLeadAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "user", "started_on", "ended_on"]
    list_filter = ["scheme__establishment"]


@admin.register(PeerWorker)
class PeerWorkerAdmin(ReadOnlyAdmin):
    list_display = ["prison_number", "last_name", "first_name", "establishment", "custody_status"]
    list_filter = ["establishment", "custody_status"]
    search_fields = ["prison_number", "last_name"]


@admin.register(RoleDescription)
class RoleDescriptionAdmin(ReadOnlyAdmin):
    """Published versions are read-only: a change is a new version, published from the scheme page."""

    list_display = ["scheme", "version", "published_by", "published_at"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ["worker", "scheme", "status", "received_on"]
    list_filter = ["status", "scheme__establishment"]


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = ["worker", "scheme", "status", "start_date", "end_date"]
    list_filter = ["status", "scheme__establishment"]


@admin.register(SupervisionMeeting)
class SupervisionMeetingAdmin(ReadOnlyAdmin):
    list_display = ["scheme", "starts_at", "place", "lead", "status"]
    list_filter = ["scheme__establishment", "status"]
    list_select_related = ["scheme", "lead"]
    exclude = ["invited", "attended"]
