from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .policy import communities_for
from .scope import current_community as _current_community


def current_community(request: HttpRequest) -> dict[str, Any]:
    """The current community and the ones the user can switch to, evaluated only when used."""
    return {
        "current_community": SimpleLazyObject(lambda: _current_community(request)),
        "switchable_communities": SimpleLazyObject(
            lambda: (
                list(communities_for(request.user).order_by("code"))
                if request.user.is_authenticated
                else []
            )
        ),
    }
