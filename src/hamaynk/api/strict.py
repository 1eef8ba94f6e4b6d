"""Serializers that refuse what they do not know: an unknown field is an error, not ignored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

_JSON_TYPES: list[tuple[type[serializers.Field], tuple[type, ...], Any]] = [
    (serializers.BooleanField, (bool,), _("Send true or false here.")),
    (serializers.IntegerField, (int,), _("Send a whole number here.")),
    (serializers.ListField, (list,), _("Send a list here.")),
    (serializers.DictField, (dict,), _("Send an object here.")),
    (serializers.Serializer, (dict,), _("Send an object here.")),
    (serializers.CharField, (str,), _("Send text here.")),
    (serializers.ChoiceField, (str,), _("Send text here.")),
    (serializers.DateField, (str,), _("Send a date (YYYY-MM-DD) here.")),
    (serializers.DateTimeField, (str,), _("Send a date and time (ISO 8601) here.")),
]


def json_type_error(field: serializers.Field, value: Any) -> str | None:
    """Why ``value`` has the wrong JSON type for ``field`` (DRF would quietly convert a number
    to text or "1" to true); ``None`` if the type is right."""
    if value is None:
        return None  # the field itself says whether null is allowed
    for kind, types, message in _JSON_TYPES:
        if isinstance(field, kind):
            if isinstance(value, bool) and bool not in types:
                return str(message)
            return None if isinstance(value, types) else str(message)
    return None


class StrictSerializer(serializers.Serializer):
    """Every key of the input must be a writable field of the serializer, and, in a JSON
    body (``typed``), of the field's JSON type."""

    typed = True
    default_error_messages = {"unknown": _("This field is not known here.")}

    def to_internal_value(self, data: Any) -> Any:
        unknown: dict[str, list[ErrorDetail]] = {}
        if isinstance(data, Mapping):
            for key, value in data.items():
                field = self.fields.get(key)
                if field is None or field.read_only:
                    message = self.error_messages["unknown"]
                    unknown[str(key)] = [ErrorDetail(str(message), code="unknown_field")]
                elif self.typed and (problem := json_type_error(field, value)):
                    unknown[str(key)] = [ErrorDetail(problem, code="wrong_type")]
        try:
            value = super().to_internal_value(data)
        except serializers.ValidationError as error:
            if unknown and isinstance(error.detail, dict):
                raise serializers.ValidationError({**error.detail, **unknown}) from error
            raise
        if unknown:
            raise serializers.ValidationError(unknown)
        return value

    def create(self, validated_data: Any) -> Any:  # pragma: no cover - never saves
        raise NotImplementedError("API serializers only read and check; services write.")

    def update(self, instance: Any, validated_data: Any) -> Any:  # pragma: no cover
        raise NotImplementedError("API serializers only read and check; services write.")


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}], "nullable": True})
class FormAnswerField(serializers.Field):
    """One answer of an application form: text, a number, or null (left empty). Answers are
    checked by the service's own rules (``catalogue.forms``), which read them as text."""

    default_error_messages = {"type": _("An answer is text or a number.")}

    def to_internal_value(self, data: Any) -> str:
        if data is None:
            return ""
        if isinstance(data, bool) or not isinstance(data, str | int | float):
            self.fail("type")
        return str(data)

    def to_representation(self, value: Any) -> Any:
        return value
