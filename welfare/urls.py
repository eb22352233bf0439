from welfare.views import checkins, workload

app_name = "welfare"

# Staff pages under /welfare/.
urlpatterns = checkins.urlpatterns + workload.urlpatterns
