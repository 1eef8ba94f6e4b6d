"""Who calls: an integration client with a bearer token, or a staff member whose own pages
call the API with their session (CSRF-checked, second factor as on the pages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import (
    BaseAuthentication,
    SessionAuthentication,
    get_authorization_header,
)
from rest_framework.request import Request

from hamaynk.accounts.two_factor import second_factor_missing
from hamaynk.integrations.selectors import principal, token_for


class BearerTokenAuthentication(BaseAuthentication):
    """``Authorization: Bearer hk_…``: the client acts as its own user, with its grants."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != b"bearer":
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(
                _("Send the token as “Authorization: Bearer <token>”.")
            )
        try:
            raw = parts[1].decode("ascii")
        except UnicodeDecodeError:
            raw = ""
        token = token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("This token is not valid: it is unknown, expired or revoked.")
            )
        return principal(token.client), token

    def authenticate_header(self, request: Request) -> str:
        return 'Bearer realm="api"'


class StaffSessionAuthentication(SessionAuthentication):
    """A staff member logged in to the staff pages (never a resident account), with the
    second factor the pages ask for; unsafe methods need the CSRF token."""

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        user = getattr(request._request, "user", None)
        if user is None or not user.is_authenticated or not user.is_active:
            return None
        if getattr(user, "is_resident", False):
            return None
        if second_factor_missing(request._request) is not None:
            return None
        self.enforce_csrf(request)
        return user, None
