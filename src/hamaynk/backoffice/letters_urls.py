"""Staff pages of the letters registry (``/staff/letters/…``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
