from django.urls import path

from schemes import views

app_name = "schemes"

urlpatterns = [
    path("locations/", views.location_list, name="location_list"),
    path("locations/new/", views.location_create, name="location_create"),
    path("locations/<int:pk>/", views.location_detail, name="location_detail"),
    path("locations/<int:pk>/edit/", views.location_update, name="location_update"),
    path("locations/<int:pk>/archive/", views.location_archive, name="location_archive"),
    path("locations/<int:pk>/restore/", views.location_restore, name="location_restore"),
]
