from django.urls import path

from roll import views

app_name = "roll"

urlpatterns = [
    path("roll/", views.import_start, name="import_start"),
    path("roll/<int:pk>/", views.import_detail, name="import_detail"),
]
