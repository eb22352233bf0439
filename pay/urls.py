from django.urls import path

from pay import views
from rota.urls import IsoDateConverter

assert IsoDateConverter  # imported for its registration of the isodate converter used below

app_name = "pay"

# A week is written as its Monday, 2026-11-23 (the rota's isodate converter); an impossible day,
# or one outside the days peerwork works with, is not found. Any other day goes to its Monday.
urlpatterns = [
    path("pay/", views.pay_home, name="home"),
    path("pay/bounds/", views.bounds, name="bounds"),
    path("pay/weeks/<isodate:starts_on>/", views.week_detail, name="week_detail"),
    path("pay/weeks/<isodate:starts_on>/pdf/", views.week_pdf, name="week_pdf"),
    path("pay/weeks/<isodate:starts_on>/csv/", views.week_csv, name="week_csv"),
    path("pay/weeks/<isodate:starts_on>/confirm/", views.week_confirm, name="week_confirm"),
    path("pay/schemes/<int:pk>/rates/", views.scheme_rates, name="scheme_rates"),
]
