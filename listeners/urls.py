from django.urls import path

from listeners import views

app_name = "listeners"

urlpatterns = [
    path("on-duty/", views.lookup_search, name="lookup"),
    path("on-duty/<int:pk>/", views.lookup_detail, name="lookup_detail"),
    path("call-outs/", views.callout_list, name="callout_list"),
    path("call-outs.csv", views.callout_list_csv, name="callout_list_csv"),
    path("call-outs/new/", views.callout_record, name="callout_record"),
    path("call-outs/reports/", views.callout_reports, name="callout_reports"),
    path("call-outs/<int:pk>/", views.callout_detail, name="callout_detail"),
    path("call-outs/<int:pk>/correct/", views.callout_correct, name="callout_correct"),
    path("call-outs/<int:pk>/archive/", views.callout_archive, name="callout_archive"),
    path("notice/", views.notice, name="notice"),
    path("notice.pdf", views.notice_pdf, name="notice_pdf"),
    path("feeds/<str:token>/shifts.ics", views.ical_feed, name="ical_feed"),
]
