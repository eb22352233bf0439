from support.views import kiosk, reports, staff

app_name = "support"

# Staff pages under /support/; the kiosk's under /kiosk/me/support/ (kiosk.middleware's prefix).
urlpatterns = staff.urlpatterns + reports.urlpatterns + kiosk.urlpatterns
