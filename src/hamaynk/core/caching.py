"""Whole-page caching of public pages that every visitor sees alike."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.views.decorators.cache import cache_page


def public_page_cache(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Serve the page from the shared cache for ``HAMAYNK_PUBLIC_CACHE_SECONDS`` (0: never).

    Only visitors without a session are served from it (a signed-in person sees their own
    header and menu); the key is the full URL and the active language.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        seconds = settings.HAMAYNK_PUBLIC_CACHE_SECONDS
        if not seconds or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        cached: HttpResponseBase = cache_page(seconds)(view)(request, *args, **kwargs)
        return cached

    return wrapper
