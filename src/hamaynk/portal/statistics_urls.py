"""Public statistics and open data (``/statistics/…``, ``/open-data/…``)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
