"""Who may open a resident's own pages: a signed-in resident account, nobody else."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def resident_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Send anyone who is not signed in with a resident account to the sign-in page."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not user.is_authenticated or not getattr(user, "is_resident", False):
            return redirect_to_login(request.get_full_path(), reverse("portal:sign_in"))
        return view(request, *args, **kwargs)

    return wrapper
