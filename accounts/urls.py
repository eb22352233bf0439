from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("establishment/", views.switch_establishment, name="switch_establishment"),
    path("staff/", views.staff_list, name="staff_list"),
    path("settings/", views.account_settings, name="settings"),
]
