"""ETags of applications, from their ``version``; and the If-Match every change must carry.

A missing If-Match is a 428; one that is not the current ETag (another version, ``*``,
anything else) a 412, before anything is checked or written.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from rest_framework.request import Request

from hamaynk.cases.models import Case

from .problems import PreconditionFailed, PreconditionRequired

_ETAG = re.compile(r'^(?:W/)?"([0-9]{1,9})"$')


def etag(case: Case) -> str:
    return f'"{case.version}"'


def expected_version(request: Request, case: Case) -> int:
    """The version If-Match names, if it is the case's current one."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired()
    if header == "*":
        raise PreconditionRequired(
            _("Send the application's own ETag in If-Match, not “*”: changes need a version.")
        )
    match = _ETAG.match(header)
    if match is None or int(match.group(1)) != case.version:
        raise PreconditionFailed()
    return case.version
