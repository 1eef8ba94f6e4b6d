"""Staff reports (``/staff/reports/…``)."""

from django.urls import URLPattern, path

from . import reports

urlpatterns: list[URLPattern] = [
    path("reports/", reports.monthly, name="reports"),
    path("reports/monthly.<str:file_format>", reports.monthly_file, name="reports_file"),
]
