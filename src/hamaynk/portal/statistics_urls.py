"""Public statistics and open data (``/statistics/…``, ``/open-data/…``)."""

from django.urls import URLPattern, path

from . import statistics, statistics_open_data

urlpatterns: list[URLPattern] = [
    path("statistics/", statistics.country, name="statistics"),
    path("statistics/region/<str:code>/", statistics.region, name="statistics_region"),
    path("statistics/<str:code>/", statistics.dashboard, name="statistics_dashboard"),
    path("open-data/", statistics_open_data.schema, name="open_data"),
    path(
        "open-data/<str:dataset>.<str:fmt>",
        statistics_open_data.download,
        name="open_data_download",
    ),
]
