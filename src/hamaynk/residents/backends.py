"""Authentication backends: residents with a one-time code, staff with a password.

Both run behind ``axes.backends.AxesStandaloneBackend``, so django-axes counts failed
sign-ins (``username`` is the resident's address) and locks out repeated wrong codes like
wrong passwords. A failed code leaves its reason on the request for the page to show::

    user = authenticate(request, username=address, code=code)
    if user is None:
        error = sign_in_error(request)
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend, ModelBackend
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from hamaynk.accounts.models import User

from .services import resident_sign_in

_ERROR_ATTRIBUTE = "resident_sign_in_error"


def sign_in_error(request: HttpRequest) -> ValidationError | None:
    """Why the last ``authenticate(..., code=...)`` on this request failed, if it did."""
    error = getattr(request, _ERROR_ATTRIBUTE, None)
    return error if isinstance(error, ValidationError) else None


class ResidentCodeBackend(BaseBackend):
    """Signs a resident in with the one-time code sent to their address."""

    def authenticate(  # type: ignore[override]
        self,
        request: HttpRequest | None,
        username: str | None = None,
        code: str | None = None,
    ) -> User | None:
        if username is None or code is None:
            return None
        try:
            return resident_sign_in(username, code)
        except ValidationError as error:
            if request is not None:
                setattr(request, _ERROR_ATTRIBUTE, error)
            return None

    def get_user(self, user_id: Any) -> User | None:
        user = User._default_manager.filter(pk=user_id).first()
        if user is None or not user.is_resident or not user.is_active:
            return None
        return user


class StaffPasswordBackend(ModelBackend):
    """Django's user-name-and-password backend, closed to resident accounts."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if user is not None and getattr(user, "is_resident", False):
            return None
        return user
