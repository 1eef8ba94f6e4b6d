"""Every error as an RFC 9457 problem (``application/problem+json``), in the caller's language.

``type`` names the kind of problem (``about:blank`` where the HTTP status says it all);
``errors`` lists what is wrong with each field (a JSON pointer into the body) or query
parameter.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, JsonResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from hamaynk.cases.services import StaleCaseError
from hamaynk.integrations.idempotency import IdempotencyKeyReused

from .language import api_language

PROBLEM_MEDIA_TYPE = "application/problem+json"
TYPE_PREFIX = "urn:hamaynk:problem:"


class ProblemRenderer(JSONRenderer):
    media_type = PROBLEM_MEDIA_TYPE


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = gettext_lazy(
        "The application changed since you read it: read it again, then send its new ETag "
        "in If-Match."
    )
    default_code = "stale_version"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = gettext_lazy(
        "Send the ETag of the application as you last read it in the If-Match header."
    )
    default_code = "precondition_required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "invalid_transition"


class InvalidParameters(exceptions.APIException):
    """Query parameters or headers that cannot be used (a 400, unlike a body's 422)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "invalid_parameters"

    def __init__(self, errors: Mapping[str, Any]) -> None:
        super().__init__(detail=dict(errors))


class Unprocessable(exceptions.APIException):
    """A body that was read but cannot be used: wrong, missing or unknown fields."""

    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "validation"

    def __init__(self, errors: Mapping[str, Any]) -> None:
        super().__init__(detail=dict(errors))


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"


# (type name, title) for each kind of problem; the status decides the rest.
_TITLES = {
    "malformed_request": gettext_lazy("The request body cannot be read"),
    "invalid_parameters": gettext_lazy("Some parameters are not valid"),
    "validation": gettext_lazy("Some fields are not valid"),
    "stale_version": gettext_lazy("The application changed since it was read"),
    "precondition_required": gettext_lazy("If-Match is required"),
    "invalid_transition": gettext_lazy("The action is not possible in this status"),
    "idempotency_key_reused": gettext_lazy("The Idempotency-Key was used for another request"),
}
_STATUS_TITLES = {
    400: gettext_lazy("Bad request"),
    401: gettext_lazy("Authentication required"),
    403: gettext_lazy("Forbidden"),
    404: gettext_lazy("Not found"),
    405: gettext_lazy("Method not allowed"),
    406: gettext_lazy("Not acceptable"),
    415: gettext_lazy("Unsupported media type"),
    429: gettext_lazy("Too many requests"),
}


def problem(
    *,
    status_code: int,
    detail: str,
    instance: str,
    kind: str = "",
    errors: list[dict[str, str]] | None = None,
) -> dict[str, Any]:
    title = _TITLES.get(kind) or _STATUS_TITLES.get(status_code) or _("Error")
    body: dict[str, Any] = {
        "type": f"{TYPE_PREFIX}{kind.replace('_', '-')}" if kind else "about:blank",
        "title": str(title),
        "status": status_code,
        "detail": str(detail),
        "instance": instance,
    }
    if errors:
        body["errors"] = errors
    return body


def _pointer(path: list[str]) -> str:
    """A JSON pointer as a URI fragment: ``#`` is the whole body, ``#/a/b`` a field in it."""
    if not path:
        return "#"
    return "#/" + "/".join(p.replace("~", "~0").replace("/", "~1") for p in path)


def _flatten(detail: Any, path: list[str]) -> Iterator[tuple[list[str], str, str]]:
    """``(path, message, code)`` for every message in a DRF error detail."""
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            inner = [] if key in (NON_FIELD_ERRORS, "non_field_errors") else [str(key)]
            yield from _flatten(value, path + inner)
    elif isinstance(detail, list | tuple):
        for item in detail:
            yield from _flatten(item, path)
    else:
        yield path, str(detail), str(getattr(detail, "code", "") or "invalid")


def field_errors(detail: Any, *, location: str = "body") -> list[dict[str, str]]:
    errors = []
    for path, message, code in _flatten(detail, []):
        item = {"detail": message, "code": code}
        if location == "body":
            item["pointer"] = _pointer(path)
        elif path:
            item["parameter"] = path[0]
        errors.append(item)
    return errors


def django_error_detail(error: DjangoValidationError) -> dict[str, Any]:
    """A Django ``ValidationError`` as a DRF-style detail; dotted keys become paths
    (``form_data.area`` → ``#/form_data/area``)."""
    if not hasattr(error, "error_dict"):
        return {NON_FIELD_ERRORS: [_with_code(e) for e in error.error_list]}
    detail: dict[str, Any] = {}
    for key, errors in error.error_dict.items():
        target = detail
        parts = key.split(".") if key != NON_FIELD_ERRORS else [key]
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target.setdefault(parts[-1], []).extend(_with_code(e) for e in errors)
    return detail


def _with_code(error: DjangoValidationError) -> exceptions.ErrorDetail:
    message = error.message % error.params if error.params else error.message
    return exceptions.ErrorDetail(str(message), code=error.code or "invalid")


def _detail_text(exc: exceptions.APIException) -> str:
    detail = exc.detail
    if isinstance(detail, str):
        return detail
    return ""


def _from_django(exc: Exception) -> exceptions.APIException | None:
    if isinstance(exc, StaleCaseError):
        return PreconditionFailed(detail=exc.messages[0])
    if isinstance(exc, IdempotencyKeyReused):
        return KeyReused(detail=exc.messages[0])
    if isinstance(exc, DjangoValidationError):
        # The workflow refuses an action the status does not allow with one ``status``
        # error (ADR 0007): the state of the application, not the request, is in the way.
        if hasattr(exc, "error_dict") and set(exc.error_dict) == {"status"}:
            return Conflict(detail=" ".join(exc.messages))
        return Unprocessable(django_error_detail(exc))
    if isinstance(exc, Http404):
        return exceptions.NotFound()
    if isinstance(exc, DjangoPermissionDenied):
        return exceptions.PermissionDenied(detail=str(exc) or None)
    return None


def _kind(exc: exceptions.APIException) -> str:
    if isinstance(exc, exceptions.ParseError):
        return "malformed_request"
    if isinstance(exc, Unprocessable):
        return "validation"
    if isinstance(exc, InvalidParameters):
        return "invalid_parameters"
    if isinstance(exc, PreconditionFailed | PreconditionRequired | Conflict | KeyReused):
        return str(exc.default_code)
    return ""


_SUMMARIES = {
    "validation": gettext_lazy("Correct the fields listed in errors and send the request again."),
    "invalid_parameters": gettext_lazy(
        "Correct the parameters listed in errors and send the request again."
    ),
}


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's exception handler, answering with problem details."""
    if isinstance(exc, exceptions.ValidationError):  # a body DRF read but cannot use
        read = exc.detail if isinstance(exc.detail, dict) else {NON_FIELD_ERRORS: exc.detail}
        exc = Unprocessable(read)
    api_exc = exc if isinstance(exc, exceptions.APIException) else _from_django(exc)
    if api_exc is None:
        return None  # a bug: Django's 500 handling takes over
    request = context.get("request")
    instance = request.get_full_path() if request is not None else ""
    kind = _kind(api_exc)
    errors: list[dict[str, str]] = []
    detail = _detail_text(api_exc)
    if kind in ("validation", "invalid_parameters") and not isinstance(api_exc.detail, str):
        location = "query" if kind == "invalid_parameters" else "body"
        errors = field_errors(api_exc.detail, location=location)
        detail = str(_SUMMARIES[kind])
    if not detail:
        detail = str(api_exc.default_detail or "")
    headers: dict[str, str] = {}
    authenticate = getattr(api_exc, "auth_header", None)
    if authenticate:
        headers["WWW-Authenticate"] = authenticate
    wait = getattr(api_exc, "wait", None)
    if wait:
        headers["Retry-After"] = str(int(wait))
    body = problem(
        status_code=api_exc.status_code,
        detail=detail,
        instance=instance,
        kind=kind,
        errors=errors,
    )
    return Response(body, status=api_exc.status_code, headers=headers)


@csrf_exempt  # it changes nothing, and answers every method the same
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
    """Any address under /api/v1/ that names no endpoint."""
    language = api_language(request)
    with translation.override(language):
        body = problem(
            status_code=404,
            detail=_("There is no endpoint at this address."),
            instance=request.get_full_path(),
        )
    response = JsonResponse(body, status=404, content_type=PROBLEM_MEDIA_TYPE)
    response["Content-Language"] = language
    return response
