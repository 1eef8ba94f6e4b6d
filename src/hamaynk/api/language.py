"""The language of an API answer: the language cookie (as on the pages), else the first
supported language in Accept-Language, else Armenian.

The pages do not follow Accept-Language (ADR 0010), but other systems have no cookie: the
header is how they ask.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation.trans_real import parse_accept_lang_header

SUPPORTED = {code for code, _name in settings.LANGUAGES}


def api_language(request: HttpRequest) -> str:
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if chosen in SUPPORTED:
        return chosen
    header = request.META.get("HTTP_ACCEPT_LANGUAGE", "")
    for tag, _quality in parse_accept_lang_header(header[:500]):
        language = tag.split("-")[0].lower()
        if language in SUPPORTED:
            return language
    return str(settings.LANGUAGE_CODE)
