from datetime import date

from django.urls import path, register_converter

from peerwork.dates import parse_day
from rota.views import listeners, setup, shifts, weeks


class IsoDateConverter:
    """A day in the address, as 2026-11-23; an impossible day, or one outside the days peerwork
    works with (peerwork.dates), is not found. Any day can be written out, so a link one week past
    the range is a link to a page that is not found, never an error."""

    regex = r"\d{4}-\d{2}-\d{2}"

    def to_python(self, value: str) -> date:
        return parse_day(value)

    def to_url(self, value: date) -> str:
        return value.isoformat()


register_converter(IsoDateConverter, "isodate")

app_name = "rota"

urlpatterns = [
    path("", weeks.rota_home, name="home"),
    # Set-up
    path("setup/", setup.setup, name="setup"),
    path("setup/rules/", setup.rules_edit, name="rules_edit"),
    path("setup/shifts/new/", setup.shift_type_create, name="shift_type_create"),
    path("setup/shifts/<int:pk>/edit/", setup.shift_type_update, name="shift_type_update"),
    path("setup/shifts/<int:pk>/retire/", setup.shift_type_archive, name="shift_type_archive"),
    path("setup/places/new/", setup.cover_point_create, name="cover_point_create"),
    path("setup/places/<int:pk>/edit/", setup.cover_point_update, name="cover_point_update"),
    path("setup/places/<int:pk>/retire/", setup.cover_point_archive, name="cover_point_archive"),
    path("setup/needs/", setup.needs_edit, name="needs_edit"),
    # Weeks
    path("weeks/<isodate:starts_on>/", weeks.week_detail, name="week_detail"),
    path("weeks/<isodate:starts_on>/fill/", weeks.week_fill, name="week_fill"),
    path("weeks/<isodate:starts_on>/copy/", weeks.week_copy, name="week_copy"),
    path("weeks/<isodate:starts_on>/publish/", weeks.week_publish, name="week_publish"),
    # One shift at one place on one day, and the Listeners on it
    path(
        "shifts/<isodate:day>/<int:shift_type_pk>/<int:cover_point_pk>/",
        shifts.shift_detail,
        name="shift_detail",
    ),
    path("assignments/<int:pk>/remove/", shifts.assignment_remove, name="assignment_remove"),
    path("assignments/<int:pk>/needs-cover/", shifts.assignment_needs_cover, name="assignment_needs_cover"),
    path("assignments/<int:pk>/cover/", shifts.assignment_cover, name="assignment_cover"),
    path(
        "assignments/<int:pk>/cover/withdraw/",
        shifts.assignment_cover_withdraw,
        name="assignment_cover_withdraw",
    ),
    # Listeners and their training
    path("listeners/", listeners.listener_list, name="listener_list"),
    path("listeners/<int:worker_pk>/training/", listeners.training_record, name="training_record"),
]
