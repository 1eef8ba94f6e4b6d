"""The one decorator every staff page wears: log-in, a current community, a permission."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.accounts.scope import current_community
from hamaynk.accounts.two_factor import second_factor_missing

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

View = Callable[..., HttpResponseBase]


class StaffRequest(HttpRequest):
    """A request that passed ``staff_page``: a logged-in user working in ``community``."""

    user: User
    community: Community


def staff_page(perm: Perm) -> Callable[[View], View]:
    """Require a logged-in user with ``perm`` in their current community.

    The view receives the community as ``request.community``; every query it makes is
    scoped to it through the permission policy.
    """

    def decorator(view: View) -> View:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            missing = second_factor_missing(request)
            if missing is not None:
                return redirect_to_login(
                    request.get_full_path(), reverse(f"backoffice:two_factor_{missing}")
                )
            community = current_community(request)
            if community is None:
                return render(request, "backoffice/no_community.html", status=403)
            if not user_has_permission(request.user, perm, community):
                raise PermissionDenied
            request.community = community  # type: ignore[attr-defined]
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
