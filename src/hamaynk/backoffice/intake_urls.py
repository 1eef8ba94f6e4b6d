"""The front-desk intake screens (``/staff/intake/…``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
