from django.urls import path

from kiosk.views import pages, staff

app_name = "kiosk"

urlpatterns = [
    # The kiosk (kiosk.middleware.KIOSK_PATH_PREFIX): only these open on an enrolled device.
    path("kiosk/", pages.start, name="start"),
    path("kiosk/wing/", pages.wing, name="wing"),
    path("kiosk/sign-in/", pages.sign_in, name="sign_in"),
    path("kiosk/finish/", pages.finish, name="finish"),
    path("kiosk/me/", pages.menu, name="menu"),
    path("kiosk/me/role/", pages.my_role, name="my_role"),
    path("kiosk/me/contract/", pages.my_contract, name="my_contract"),
    path("kiosk/me/shifts/", pages.my_shifts, name="my_shifts"),
    path("kiosk/me/meetings/", pages.my_meetings, name="my_meetings"),
    path("kiosk/me/outside-my-role/", pages.report_list, name="report_list"),
    path("kiosk/me/outside-my-role/new/", pages.report_create, name="report_create"),
    path("kiosk/me/outside-my-role/<int:pk>/", pages.report_detail, name="report_detail"),
    # Staff pages that manage kiosks and PINs
    path("wing-kiosks/", staff.device_list, name="device_list"),
    path("wing-kiosks/enrol/", staff.device_enrol, name="device_enrol"),
    path("wing-kiosks/<int:pk>/", staff.device_detail, name="device_detail"),
    path("wing-kiosks/<int:pk>/revoke/", staff.device_revoke, name="device_revoke"),
    path("wing-kiosks/pins/", staff.pin_list, name="pin_list"),
    path("wing-kiosks/pins/<int:pk>/", staff.pin_set_view, name="pin_set"),
]
