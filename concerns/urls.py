from concerns.views import kiosk, reports, staff

app_name = "concerns"

# Staff pages under /concerns/; the kiosk's under /kiosk/me/concerns/ (kiosk.middleware's prefix).
urlpatterns = staff.urlpatterns + reports.urlpatterns + kiosk.urlpatterns
