"""Issuing a case's outcome document: rendered from the service version's template, stored
as a new version with its own verification code; earlier versions stay as they were."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from hamaynk.accounts.models import User
from hamaynk.accounts.roles import Role
from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .models import IssuedDocument
from .pdf import qr_svg, render_pdf

if TYPE_CHECKING:
    from hamaynk.cases.models import Case

# Outcome templates are written by staff: give them variables and filters, nothing else.
_ENGINE = Engine(builtins=["django.template.defaultfilters"], autoescape=True)


def new_verification_code() -> str:
    from hamaynk.cases.numbering import new_tracking_code

    return new_tracking_code()[:12]


def _signatory(case: Case) -> str:
    head = (
        User.objects.filter(
            memberships__community=case.community_id,
            memberships__role=Role.HEAD,
            memberships__is_active=True,
            is_active=True,
        )
        .order_by("pk")
        .first()
    )
    name = head.get_full_name() if head else ""
    return (
        _("%(name)s, head of the community") % {"name": name}
        if name
        else _("Head of the community")
    )


def outcome_text(case: Case) -> str:
    """The service's outcome template filled in with the case's data."""
    source = case.service_version.outcome_template
    data: dict[str, Any] = {
        **case.form_data,
        "applicant": case.applicant_name,
        "number": case.number,
    }
    if case.settlement is not None:
        data["settlement"] = case.settlement.name_hy
    try:
        return _ENGINE.from_string(source).render(Context(data))
    except TemplateSyntaxError:
        return source


def document_issue_outcome(*, by: User | None, case: Case, verify_url: str) -> IssuedDocument:
    """Render and store the next version of ``case``'s outcome document.

    ``verify_url`` is the public address of the verification page, with ``{code}`` where
    the code goes; it is printed, and encoded in the QR code.
    """
    from hamaynk.cases.models import Decision

    with transaction.atomic():
        last = case.documents.order_by("-version").values_list("version", flat=True).first()
        code = new_verification_code()
        now = timezone.now()
        granted = case.decision == Decision.GRANTED
        url = verify_url.format(code=code)
        with override("hy"):  # the official document is in Armenian
            context = {
                "case": case,
                "community": case.community,
                "title": case.service_version.name_hy,
                "granted": granted,
                "text": outcome_text(case) if granted else "",
                "reasons": case.decision_reasons,
                "signatory": _signatory(case),
                "issued_at": timezone.localtime(now),
                "code": code,
                "verify_url": url,
                "qr": qr_svg(url),
            }
            pdf = render_pdf("documents/outcome.html", context)
        document = IssuedDocument(
            case=case,
            community=case.community,
            version=(last or 0) + 1,
            verification_code=code,
            title=case.service_version.name_hy,
            outcome=case.decision,
            signatory=str(context["signatory"]),
            sha256=hashlib.sha256(pdf).hexdigest(),
            size=len(pdf),
            issued_at=now,
            issued_by=by,
        )
        document.file.save(f"{code}.pdf", ContentFile(pdf), save=False)
        try:
            document.save()
            audit_record(
                action=actions.DOCUMENT_ISSUED,
                actor=by,
                community=case.community,
                obj=case,
                changes={"version": document.version, "code": code, "sha256": document.sha256},
            )
        except BaseException:
            document.file.delete(save=False)
            raise
    return document


def document_opened(*, by: User, document: IssuedDocument) -> None:
    with transaction.atomic():
        audit_record(
            action=actions.DOCUMENT_DOWNLOADED,
            actor=by,
            community=document.community,
            obj=document.case,
            changes={"version": document.version},
        )


REISSUERS = {Role.OPERATOR, Role.SPECIALIST, Role.HEAD, Role.DEPUTY_HEAD, Role.CHIEF_OF_STAFF}


def document_reissue(*, by: User, case: Case) -> IssuedDocument:
    """Generate the outcome document again (a correction, a lost copy): a new version with a
    new code. The versions issued before stay verifiable and are marked as superseded."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from hamaynk.accounts.policy import roles_for_instance
    from hamaynk.cases.services import verify_url_pattern
    from hamaynk.cases.workflow import Status

    if not roles_for_instance(by, case) & REISSUERS:
        raise PermissionDenied(_("Your role does not allow you to issue documents."))
    if case.status not in (Status.RESULT_ISSUED, Status.CLOSED) or not case.documents.exists():
        raise ValidationError(
            {"status": _("A document can be issued again only after the result was issued.")}
        )
    return document_issue_outcome(by=by, case=case, verify_url=verify_url_pattern())
