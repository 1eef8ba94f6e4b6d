"""What the OpenAPI schema says beyond the views: problems, shared parameters, the bearer
scheme, and request bodies that admit no unknown fields (``docs/openapi.yaml``)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import serializers

from .problems import PROBLEM_MEDIA_TYPE

ALWAYS = (401, 403, 406)
"""Any operation may answer these: no or a bad token, a refused permission, an Accept
header that allows no JSON."""


class FieldErrorSerializer(serializers.Serializer):
    pointer = serializers.CharField(
        required=False, help_text=_("A JSON pointer to the field of the body, e.g. #/service.")
    )
    parameter = serializers.CharField(
        required=False, help_text=_("The query parameter or header, e.g. status.")
    )
    detail = serializers.CharField()
    code = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField(
        help_text=_("What kind of problem: urn:hamaynk:problem:… or about:blank.")
    )
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    instance = serializers.CharField(help_text=_("The address that was called."))
    errors = FieldErrorSerializer(many=True, required=False)  # type: ignore[assignment]


def problems(*codes: int) -> dict[Any, Any]:
    """The problem responses of an operation (those in ``ALWAYS`` included)."""
    return {(code, PROBLEM_MEDIA_TYPE): ProblemSerializer for code in sorted({*ALWAYS, *codes})}


COMMUNITY_PARAMETER = OpenApiParameter(
    "community",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=_("The community's code, e.g. tatev."),
)
SERVICE_PARAMETER = OpenApiParameter(
    "service",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description=_("The service's code in the community, e.g. residence-certificate."),
)
CASE_PARAMETER = OpenApiParameter(
    "id", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("The application's number.")
)
ATTACHMENT_PARAMETER = OpenApiParameter(
    "attachment", OpenApiTypes.INT, OpenApiParameter.PATH, description=_("The scan's number.")
)
VERSION_PARAMETER = OpenApiParameter(
    "version",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=_("The version of the issued document (1 for the first)."),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=_(
        "The ETag of the application as last read. Missing: 428; no longer current: 412."
    ),
)
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    pattern=r"^[\x21-\x7e]{1,255}$",
    description=_(
        "Up to 255 visible ASCII characters, new for every create (a UUID will do). A retry "
        "with the same key and body returns the first result; with another body, a 422."
    ),
)
ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description=_("The application's version, for If-Match."),
)
LOCATION = OpenApiParameter(
    "Location",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[201],
    description=_("The address of what was created."),
)


class ApiAutoSchema(AutoSchema):
    """Operations are described by their ``extend_schema``, never by a view's docstring
    (which speaks to developers)."""

    def get_description(self) -> str:  # type: ignore[override]
        return ""

    def _map_basic_serializer(self, serializer: Any, direction: str) -> dict[str, Any]:
        """A component is described by its own docstring only, not by a base class's."""
        schema: dict[str, Any] = super()._map_basic_serializer(serializer, direction)
        own = serializer if isinstance(serializer, type) else type(serializer)
        if not own.__dict__.get("__doc__"):
            schema.pop("description", None)
        return schema


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "hamaynk.api.authentication.BearerTokenAuthentication"
    name = "bearerAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A token of an integration client, issued by a system administrator "
                    "(manage.py create_integration_client)."
                )
            ),
        }


def no_unknown_fields(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """Post-processing hook: request bodies refuse unknown fields, and the schema says so."""
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if name.endswith("Request") and schema.get("type") == "object":
            schema.setdefault("additionalProperties", False)
    return result


class StaffSessionScheme(OpenApiAuthenticationExtension):
    target_class = "hamaynk.api.authentication.StaffSessionAuthentication"
    name = "staffSession"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": str(
                _(
                    "The session of a staff member logged in to the staff pages (their own "
                    "calls); changes need the X-CSRFToken header."
                )
            ),
        }
