"""One-to-one support: the kiosk pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
