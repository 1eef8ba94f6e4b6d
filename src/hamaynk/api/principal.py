"""What the caller of a request may see beyond the policy's answer: personal data and
internal notes, and which integration client (if any) is calling."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _
from rest_framework.request import Request

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import communities_for, user_has_permission
from hamaynk.integrations.models import IntegrationClient, IntegrationToken

from .problems import InvalidParameters

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def client_of(request: Request) -> IntegrationClient | None:
    """The integration client calling, or ``None`` for a staff member's session."""
    token = request.auth
    return token.client if isinstance(token, IntegrationToken) else None


def token_of(request: Request) -> IntegrationToken | None:
    return request.auth if isinstance(request.auth, IntegrationToken) else None


def shows_personal_data(request: Request, community: Community) -> bool:
    """A client with the personal-data scope; a staff member who may see residents' records
    in ``community`` (supervisors may not)."""
    client = client_of(request)
    if client is not None:
        return client.personal_data
    return user_has_permission(request.user, Perm.VIEW_PERSON, community)


def shows_internal_events(request: Request) -> bool:
    """A client allowed internal notes; staff see them as on the case page."""
    client = client_of(request)
    return client.internal_events if client is not None else True


def communities_asked(user: User, code: str | None) -> list[Community]:
    """The communities the caller works in, by code, or only the one ``code`` names; a code
    of none of them is a bad parameter."""
    communities = list(communities_for(user).order_by("code"))
    if not code:
        return communities
    chosen = [c for c in communities if c.code == code]
    if not chosen:
        raise InvalidParameters(
            {"community": [_("The caller works in no community with this code.")]}
        )
    return chosen
