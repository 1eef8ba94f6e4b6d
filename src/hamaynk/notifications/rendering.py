"""The words of each message: Django templates per event, rendered in the reader's language.

``templates/notifications/<event>/`` holds ``subject.txt`` and ``body.txt`` (e-mail) and
``sms.txt`` (a short text message). They are plain text (no HTML escaping), written in
English through ``{% translate %}`` / ``{% blocktranslate %}`` and rendered under
``translation.override(language)``.

What a template sees: the caller's ``context``, where a value given as
``{"hy": ..., "en": ..., "ru": ...}`` (names of services, communities) is replaced by the
reader's language (Armenian when that one is missing); ``public_url``; and ``link``, the
absolute address of ``context["path"]`` (or, for staff messages without one, of the staff
page of the object). Dates are kept as ISO text and shown with the ``dmy`` filter.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.template import Context, Engine
from django.utils import translation

from hamaynk.accounts.models import Channel

from .models import APPLICANT_EVENTS

LANGUAGE_CODES = frozenset(code for code, _name in settings.LANGUAGES)
SUBJECT_LENGTH = 300

# Staff pages of the objects staff are told about, when the caller gives no path.
STAFF_PATHS = {
    "cases.case": "/staff/cases/{id}/",
    "correspondence.letter": "/staff/letters/{id}/",
}


def localise(value: Any, language: str) -> Any:
    """Pick the reader's language out of ``{"hy": ..., "en": ..., "ru": ...}``, recursively."""
    if isinstance(value, dict):
        if value and set(value) <= LANGUAGE_CODES and "hy" in value:
            return value.get(language) or value["hy"]
        return {key: localise(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [localise(item, language) for item in value]
    return value


def _link(event: str, context: dict[str, Any], object_type: str, object_id: str) -> str:
    path = context.get("path")
    if not path and event not in APPLICANT_EVENTS and object_type in STAFF_PATHS:
        path = STAFF_PATHS[object_type].format(id=object_id)
    return f"{settings.HAMAYNK_PUBLIC_URL}{path}" if path else settings.HAMAYNK_PUBLIC_URL + "/"


def _render(event: str, part: str, values: dict[str, Any]) -> str:
    template = Engine.get_default().get_template(f"notifications/{event}/{part}.txt")
    return template.render(Context(values, autoescape=False))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _paragraphs(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def render_message(
    *,
    event: str,
    channel: str,
    language: str,
    context: dict[str, Any],
    object_type: str = "",
    object_id: str = "",
) -> tuple[str, str]:
    """``(subject, body)`` of one message; an SMS has no subject and a one-line body."""
    language = language if language in LANGUAGE_CODES else settings.LANGUAGE_CODE
    values = localise(context, language)
    values["public_url"] = settings.HAMAYNK_PUBLIC_URL
    values["link"] = _link(event, context, object_type, object_id)
    if context.get("tracking_path"):
        values["tracking_link"] = settings.HAMAYNK_PUBLIC_URL + context["tracking_path"]
    with translation.override(language):
        if channel == Channel.SMS:
            return "", _one_line(_render(event, "sms", values))
        subject = _one_line(_render(event, "subject", values))[:SUBJECT_LENGTH]
        return subject, _paragraphs(_render(event, "body", values))
