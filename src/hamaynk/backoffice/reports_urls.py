"""Staff reports (``/staff/reports/…``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
