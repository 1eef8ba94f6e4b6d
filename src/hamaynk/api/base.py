"""The base of every API view: language, the audit context, errors as problems, and the
helpers that find what a request names through the permission policy (404 otherwise)."""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import ExitStack
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from hamaynk.accounts.models import User
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import communities_for, instances_user_has_permission_for
from hamaynk.audit.context import audit_context, current_context
from hamaynk.cases.models import Case
from hamaynk.integrations.services import api_call_record
from hamaynk.tenancy.models import Community

from .language import api_language
from .principal import token_of
from .problems import PROBLEM_MEDIA_TYPE, InvalidParameters, ProblemRenderer


class ApiView(APIView):
    """Answers in the caller's language (``Content-Language``); while a client acts, the
    audit log names its token next to its user; every error is a problem."""

    _audit_stack: ExitStack

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = api_language(request)
        with ExitStack() as stack, translation.override(language):
            self._audit_stack = stack
            response = super().dispatch(request, *args, **kwargs)
            render = getattr(response, "render", None)
            if callable(render):
                render()  # while the language is active: labels are translated as they render
        response["Content-Language"] = language
        patch_vary_headers(response, ("Accept-Language", "Cookie", "Authorization"))
        return response

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        token = token_of(request)
        if token is not None:
            self._audit_stack.enter_context(
                audit_context(
                    client_ip=current_context().client_ip,
                    client_label=f"API token {token.prefix}",
                )
            )

    def finalize_response(
        self, request: Request, response: Response, *args: Any, **kwargs: Any
    ) -> Response:
        response = super().finalize_response(request, response, *args, **kwargs)
        if isinstance(response, Response) and response.status_code >= 400:
            response.accepted_renderer = ProblemRenderer()
            response.accepted_media_type = PROBLEM_MEDIA_TYPE
        response.setdefault("Cache-Control", "private, no-store")
        token = token_of(request)
        if token is not None:  # every call of an integration is in the audit log
            api_call_record(
                client=token.client,
                token_prefix=token.prefix,
                method=request.method or "",
                path=request.get_full_path(),
                status=response.status_code,
            )
        return response

    @property
    def principal(self) -> User:
        """Who acts: an integration client's own user (holding its grants) or a staff member."""
        user = self.request.user
        assert isinstance(user, User)  # every endpoint requires authentication
        return user

    # Finding what the URL names, through the policy ----------------------------------

    def community(self, code: str) -> Community:
        """A community the caller works in (or may look at); any other is a 404."""
        community = communities_for(self.request.user).filter(code=code).first()
        if community is None:
            raise exceptions.NotFound()
        return community

    def visible_cases(self) -> QuerySet[Case]:
        return instances_user_has_permission_for(
            self.request.user,
            Perm.VIEW_CASE,
            Case.objects.select_related(
                "community",
                "service",
                "service_version",
                "applicant_person__settlement",
                "applicant_organisation__settlement",
                "representative",
                "settlement",
                "assignee",
                "department",
            ),
        )

    def case(self, pk: int) -> Case:
        case = self.visible_cases().filter(pk=pk).first()
        if case is None:
            raise exceptions.NotFound()
        return case


def query(request: Request, serializer_class: type[serializers.Serializer]) -> Mapping[str, Any]:
    """The query string, read by ``serializer_class``; a bad or unknown parameter is a 400.

    A parameter given twice counts with its last value.
    """
    data = {key: request.query_params[key] for key in request.query_params}
    serializer = serializer_class(data=data)
    if not serializer.is_valid():
        raise InvalidParameters(serializer.errors)
    return serializer.validated_data
