"""The same paths as before this app (links to them are in emails already sent), under the `flags` namespace."""

from django.urls import path

from flags import views

app_name = "flags"

urlpatterns = [
    path("flags/", views.flag_list, name="flag_list"),
    path("flags/<int:pk>/", views.flag_detail, name="flag_detail"),
    path("flags/<int:pk>/acknowledge/", views.flag_acknowledge, name="flag_acknowledge"),
    path("flags/<int:pk>/comment/", views.flag_comment, name="flag_comment"),
    path("flags/<int:pk>/resolve/", views.flag_resolve, name="flag_resolve"),
]
