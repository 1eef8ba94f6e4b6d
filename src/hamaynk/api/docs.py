"""The schema and its readers: Swagger UI and Redoc, served from drf-spectacular-sidecar
(nothing from the internet).

The site's Content-Security-Policy allows no inline script or style. Swagger UI starts from
a script file (drf-spectacular's split view) and runs under the site's policy. Redoc writes
its styles into <style> elements at run time, so its page alone allows inline styles (and
its search worker, which it starts from a blob: address); the rest stays strict.
"""

from __future__ import annotations

from typing import Any

from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.utils.decorators import method_decorator
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import AllowAny


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, open to anyone: it describes the API, not the data."""

    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []


class SwaggerView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    template_name = "api/swagger_ui.html"
    url_name = "api:schema"


@method_decorator(
    csp_update({"style-src": [UNSAFE_INLINE], "worker-src": [SELF, "blob:"]}), name="dispatch"
)
class RedocView(SpectacularRedocView):
    permission_classes = [AllowAny]
    authentication_classes: list[Any] = []
    template_name = "api/redoc.html"
    url_name = "api:schema"
