"""Adding an application or a letter to a resident's account with its tracking code.

The tracking code is the proof: it is printed on the receipt only the applicant gets. Wrong
codes are slowed down and then stopped like on the public tracking page.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.models import User
from hamaynk.audit.services import audit_record
from hamaynk.cases.models import Case
from hamaynk.cases.numbering import TRACKING_CODE_LENGTH, normalize_tracking_code
from hamaynk.core.throttle import Throttle
from hamaynk.correspondence.models import JournalKind, Letter, LetterStatus

from . import audit_actions as actions
from .codes import wait_text

CLAIMS = Throttle("resident-claims")


def _keys(user: User, client_ip: str | None) -> list[str]:
    keys = [f"user-{user.pk}"]
    if client_ip:
        keys.append(client_ip)
    return keys


def resident_claim(user: User, tracking_code: str, client_ip: str | None = None) -> Case | Letter:
    """Add the application or incoming letter with ``tracking_code`` (as typed) to ``user``.

    Refuses a code that matches nothing (counted as a wrong try for the account and the
    client), one already on this account, and one already on another account.
    """
    if not user.is_resident:
        raise ValidationError(_("Only a resident account has these pages."), code="not_resident")
    keys = _keys(user, client_ip)
    wait = max(CLAIMS.wait(key) for key in keys)
    if wait:
        raise ValidationError(
            _("Too many wrong codes. Please wait %(wait)s and try again.")
            % {"wait": wait_text(wait)},
            code="throttled",
        )
    code = normalize_tracking_code(tracking_code or "")
    if len(code) == TRACKING_CODE_LENGTH:
        found: Case | Letter | None = Case.objects.filter(tracking_code=code).first()
        if found is None:
            found = (
                Letter.objects.filter(tracking_code=code, kind=JournalKind.INCOMING)
                .exclude(status=LetterStatus.DRAFT)
                .first()
            )
        if found is not None:
            return resident_attach(user, found)
    for key in keys:
        CLAIMS.fail(key)
    raise ValidationError(
        _(
            "No application or letter has this tracking code. Check it against your receipt: "
            "16 letters and digits."
        ),
        code="not_found",
    )


def resident_attach(user: User, obj: Case | Letter) -> Case | Letter:
    """Put ``obj`` on ``user``'s account, unless it is on an account already (audited).

    Without the tracking-code check: for ``resident_claim`` and for the demo data.
    """
    if not user.is_resident:
        raise ValidationError(_("Only a resident account has these pages."), code="not_resident")
    is_case = isinstance(obj, Case)
    with transaction.atomic():
        model = Case if is_case else Letter
        locked = model.objects.select_for_update().get(pk=obj.pk)
        if locked.resident_id == user.pk:
            raise ValidationError(
                _("This application is already on your page.")
                if is_case
                else _("This letter is already on your page."),
                code="already_yours",
            )
        if locked.resident_id is not None:
            raise ValidationError(
                _(
                    "This application has already been added to another account. If it is "
                    "yours, please contact your community's service office."
                )
                if is_case
                else _(
                    "This letter has already been added to another account. If it is yours, "
                    "please contact your community's service office."
                ),
                code="claimed",
            )
        locked.resident = user
        locked.save(update_fields=["resident"])
        audit_record(
            action=actions.CLAIMED,
            actor=user,
            community=locked.community,
            obj=locked,
            changes={"resident": user.get_username()},
        )
    return locked
