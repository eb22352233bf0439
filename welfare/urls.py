from welfare.views import checkins

app_name = "welfare"

# Staff pages under /welfare/.
urlpatterns = checkins.urlpatterns
