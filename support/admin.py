"""One-to-one support in the admin, to look things up: changes go through the support pages and
their services, which check the rules and record who acted."""

from django.contrib import admin

from peerwork.admin import ReadOnlyAdmin
from support.models import Pair, ReadingStage, Session


@admin.register(Pair)
class PairAdmin(ReadOnlyAdmin):
    list_display = ["pk", "establishment", "scheme", "mentor", "supported", "started_on", "ended_on"]
    list_filter = ["establishment", "scheme__name"]
    search_fields = ["mentor__prison_number", "supported__prison_number"]
    list_select_related = ["establishment", "scheme", "mentor", "supported"]


@admin.register(Session)
class SessionAdmin(ReadOnlyAdmin):
    list_display = ["pk", "pair", "on", "held", "minutes", "not_held_because", "archived_at"]
    list_filter = ["held", "not_held_because"]
    list_select_related = ["pair__mentor", "pair__supported", "pair__scheme"]


@admin.register(ReadingStage)
class ReadingStageAdmin(ReadOnlyAdmin):
    list_display = ["name", "number", "scheme", "archived_at"]
    list_select_related = ["scheme"]
