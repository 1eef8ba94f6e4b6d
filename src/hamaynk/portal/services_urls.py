"""A community's services: the list and one service (``/c/<code>/services/…``)."""

from django.urls import URLPattern, URLResolver, path

from . import services

urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<str:code>/services/", services.services_list, name="services"),
    path("c/<str:code>/services/<str:service>/", services.service_detail, name="service"),
]
