"""A resident's letter that starts an application: which letters may, and linking the two.

The application itself is filed by ``cases.intake``; the interface links it here once it is
registered, so the letter's page and the application's page show each other.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission, user_has_permission_for_instance
from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .common import lock
from .models import Correspondent, CorrespondentKind, JournalKind, Letter, LetterStatus

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.cases.models import Case

APPLICANT_KINDS = frozenset({CorrespondentKind.PERSON, CorrespondentKind.ORGANISATION})


def why_no_application(letter: Letter, *, case: Case | None = None) -> str:
    """Why ``letter`` cannot start an application (with ``case``: be linked to it), or ""."""
    if letter.kind != JournalKind.INCOMING or letter.status == LetterStatus.DRAFT:
        return _("Only a registered incoming letter can start an application.")
    correspondent = letter.correspondent
    if correspondent is None or correspondent.kind not in APPLICANT_KINDS:
        return _("Only a letter from a resident or an organisation can start an application.")
    if letter.case_id is not None and (case is None or letter.case_id != case.pk):
        return _("Letter %(number)s has already started application %(case)s.") % {
            "number": letter.number,
            "case": letter.case.number if letter.case else "",
        }
    return ""


def may_start_application(user: User, letter: Letter) -> bool:
    """Whether the letter's page offers this user to start an application from it."""
    return not why_no_application(letter) and user_has_permission(
        user, Perm.ADD_CASE, letter.community
    )


def letter_link_case(*, by: User, letter: Letter, case: Case) -> Letter:
    """Link the application started from ``letter`` to it (again: nothing changes).

    A correspondent who is a person and had no resident record yet is recorded as the
    application's applicant, so the next letter from them starts with them chosen.
    """
    if not (
        user_has_permission_for_instance(by, Perm.VIEW_LETTER, letter)
        and user_has_permission_for_instance(by, Perm.VIEW_CASE, case)
        and user_has_permission(by, Perm.ADD_CASE, letter.community)
    ):
        raise PermissionDenied(_("Your role does not allow linking this letter."))
    if case.community_id != letter.community_id:
        raise ValidationError(_("The application belongs to another community."))
    with transaction.atomic():
        locked = lock(letter, None)
        if locked.case_id == case.pk:
            return locked
        reason = why_no_application(locked, case=case)
        if reason:
            raise ValidationError(reason, code="not_linkable")
        locked.case = case
        locked.version += 1
        locked.save(update_fields=["case", "version"])
        changes: dict[str, object] = {"case": case.number}
        assert locked.correspondent_id is not None  # checked by why_no_application
        correspondent = Correspondent.objects.select_for_update().get(pk=locked.correspondent_id)
        if (
            correspondent.kind == CorrespondentKind.PERSON
            and correspondent.person_id is None
            and case.applicant_person_id is not None
        ):
            correspondent.person_id = case.applicant_person_id
            correspondent.save(update_fields=["person"])
            changes["correspondent_person"] = case.applicant_person_id
        audit_record(
            action=actions.CASE_LINKED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes=changes,
        )
    return locked
