"""The project's URLs plus ``/bench/bare/``, for ``hamaynk.settings.bench`` only."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from hamaynk.urls import handler403, handler404, handler500  # noqa: F401
from hamaynk.urls import urlpatterns as project_urlpatterns


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest page Django can serve through the project's middleware: the yardstick."""
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *project_urlpatterns]
