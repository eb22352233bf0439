"""Concerns: the kiosk pages."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
