"""Applying online, the resident's own application, and the outcome by tracking code."""

from django.urls import URLPattern, URLResolver, path

from . import apply, my_case, tracking

_APPLY = "c/<str:code>/services/<str:service>/apply/"

urlpatterns: list[URLPattern | URLResolver] = [
    path(_APPLY, apply.apply, name="apply"),
    path(f"{_APPLY}<uuid:key>/review/", apply.apply_review, name="apply_review"),
    path(f"{_APPLY}receipt/<int:pk>/", apply.apply_receipt, name="apply_receipt"),
    path("my/applications/<int:pk>/", my_case.my_application, name="my_application"),
    path(
        "my/applications/<int:pk>/documents/<int:version>/",
        my_case.my_application_document,
        name="my_application_document",
    ),
    path("track/<str:code>/document/", tracking.track_document, name="track_document"),
]
