"""The current community of a staff request: chosen in the switcher, kept in the session."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import HttpRequest

from .policy import communities_for

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community

SESSION_KEY = "hamaynk_community"
_REQUEST_ATTR = "_hamaynk_community"


def current_community(request: HttpRequest) -> Community | None:
    """The community the user works in now; ``None`` for one who has none."""
    if hasattr(request, _REQUEST_ATTR):
        return getattr(request, _REQUEST_ATTR)
    community = None
    if request.user.is_authenticated:
        allowed = communities_for(request.user).select_related("region")
        chosen = request.session.get(SESSION_KEY)
        if chosen is not None:
            community = allowed.filter(pk=chosen).first()
        if community is None:
            community = allowed.order_by("code").first()
    setattr(request, _REQUEST_ATTR, community)
    return community


def switch_community(request: HttpRequest, community_id: int) -> Community | None:
    """Make ``community_id`` current if the user may work there; return it, or ``None``."""
    community = communities_for(request.user).filter(pk=community_id).first()
    if community is not None:
        request.session[SESSION_KEY] = community.pk
        setattr(request, _REQUEST_ATTR, community)
    return community
