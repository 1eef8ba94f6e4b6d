"""Receiving an application: checked whole before anything is written, then written whole.

``case_submit`` files it (status submitted); ``case_intake`` files and registers it in
one transaction, as the front desk and the settlement points do.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import settlement_ids_limited_to, user_has_permission
from hamaynk.audit.services import audit_record
from hamaynk.catalogue.forms import clean_form_data, missing_documents
from hamaynk.catalogue.models import Service
from hamaynk.integrations import webhooks
from hamaynk.notifications.models import Event
from hamaynk.reporting.services import record_case_event
from hamaynk.tenancy.models import Settlement

from . import audit_actions as actions
from .files import CheckedFile, check_upload
from .models import Attachment, Case, CaseEvent, Channel, ReceivedDocument
from .notices import tell_applicant
from .numbering import new_tracking_code
from .search import search_document
from .staging import staged_uploads_take
from .workflow import Status

if TYPE_CHECKING:
    from hamaynk.accounts.models import Organisation, Person, User
    from hamaynk.tenancy.models import Community

IN_PERSON = {Channel.DESK, Channel.SETTLEMENT_POINT}


def _field_errors(error: ValidationError, prefix: str) -> dict[str, list[str]]:
    return {f"{prefix}.{key}": messages for key, messages in error.message_dict.items()}


def _validate(
    *,
    by: User | None,
    community: Community,
    service: Service,
    channel: Channel,
    applicant_person: Person | None,
    applicant_organisation: Organisation | None,
    representative: Person | None,
    settlement: Settlement | None,
    form_data: dict[str, Any],
    documents_received: Iterable[int],
    files: Iterable[UploadedFile],
) -> tuple[dict[str, Any], Settlement | None, list[CheckedFile]]:
    """Every rule, all errors at once; nothing is written here."""
    errors: dict[str, list[str]] = {}
    version = service.current_version
    if service.community_id != community.pk or not service.is_active or version is None:
        raise ValidationError({"service": _("This service is not offered by the community.")})
    if (applicant_person is None) == (applicant_organisation is None):
        errors["applicant"] = [_("Choose the applicant: one person or one organisation.")]
    for party in (applicant_person, applicant_organisation):
        if party is not None and party.community_id != community.pk:
            errors["applicant"] = [_("The applicant is not on this community's records.")]
    if representative is not None and representative.community_id != community.pk:
        errors["representative"] = [_("The representative is not on this community's records.")]
    if channel == Channel.ONLINE and not version.online:
        errors["channel"] = [_("This service cannot be applied for online.")]
    if channel == Channel.SETTLEMENT_POINT and not version.at_settlement_points:
        errors["channel"] = [_("This service is not taken at settlement points.")]

    cleaned: dict[str, Any] = {}
    try:
        cleaned = clean_form_data(version, community, form_data)
    except ValidationError as error:
        for key, messages in _field_errors(error, "form_data").items():
            errors[key] = messages
    if settlement is None and "settlement" in cleaned:
        settlement = Settlement.objects.filter(
            community=community, code=cleaned["settlement"]
        ).first()
    if settlement is not None and settlement.community_id != community.pk:
        errors["settlement"] = [_("This settlement is not part of the community.")]
    if channel == Channel.SETTLEMENT_POINT and settlement is None:
        errors["settlement"] = [_("Choose the settlement where the application is taken.")]
    if by is not None:
        limited = settlement_ids_limited_to(by, community)
        if limited and (settlement is None or settlement.pk not in limited):
            errors["settlement"] = [_("Choose one of the settlements you represent.")]

    if channel in IN_PERSON:
        received = set(documents_received)
        missing = missing_documents(version, received)
        if missing:
            errors["documents"] = [
                _("Mandatory document not received: %(name)s.") % {"name": d.name} for d in missing
            ]
    checked: list[CheckedFile] = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.messages)
    if errors:
        raise ValidationError(errors)
    return cleaned, settlement, checked


def _store_files(case: Case, files: list[CheckedFile], by: User | None) -> list[Attachment]:
    attachments = []
    for checked in files:
        attachment = Attachment(
            case=case,
            original_name=checked.name,
            content_type=checked.content_type,
            extension=checked.extension,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=by,
            uploaded_at=timezone.now(),
        )
        attachment.file.save(checked.name, checked.upload, save=False)
        attachment.save()
        attachments.append(attachment)
    return attachments


def _adopt_staged(
    case: Case, community: Community, submission_key: uuid.UUID, by: User | None
) -> list[Attachment]:
    """Move the files staged for this form to the case (inside the filing transaction)."""
    attachments = []
    for staged in staged_uploads_take(by=by, community=community, submission_key=submission_key):
        attachment = Attachment(
            case=case,
            original_name=staged.original_name,
            content_type=staged.content_type,
            extension=staged.extension,
            size=staged.size,
            sha256=staged.sha256,
            uploaded_by=staged.uploaded_by,
            uploaded_at=staged.uploaded_at,
        )
        with staged.file.open("rb") as content:
            attachment.file.save(staged.original_name, content, save=False)
        attachment.save()
        attachments.append(attachment)
    return attachments


def _discard_files(attachments: list[Attachment]) -> None:
    """The transaction failed after files reached the disk: remove them again."""
    for attachment in attachments:
        attachment.file.delete(save=False)


def case_submit(
    *,
    by: User | None,
    community: Community,
    service: Service,
    channel: Channel,
    form_data: dict[str, Any],
    applicant_person: Person | None = None,
    applicant_organisation: Organisation | None = None,
    representative: Person | None = None,
    settlement: Settlement | None = None,
    documents_received: Iterable[int] = (),
    files: Iterable[UploadedFile] = (),
    submission_key: uuid.UUID | None = None,
    staged: bool = False,
    resident: User | None = None,
) -> Case:
    """File an application. ``by`` is the staff member taking it, or ``None`` online.

    With a ``submission_key`` a repeated submission (a double click, a retry after a lost
    connection) returns the case the first one made. With ``staged`` the files kept for
    that form after an earlier error (``cases.staging``) are attached too. ``resident`` is
    the resident account applying online: the case is theirs, and so are its files.
    """
    if by is not None and not user_has_permission(by, Perm.ADD_CASE, community):
        raise PermissionDenied(_("You do not have permission to take applications here."))
    if submission_key is not None:
        existing = Case.objects.filter(submission_key=submission_key, community=community).first()
        if existing is not None:
            return existing
    documents_received = list(documents_received)
    if service.current_version is not None:  # read once for the checks and the filing
        prefetch_related_objects([service.current_version], "documents")
    cleaned, settlement, checked = _validate(
        by=by,
        community=community,
        service=service,
        channel=channel,
        applicant_person=applicant_person,
        applicant_organisation=applicant_organisation,
        representative=representative,
        settlement=settlement,
        form_data=form_data,
        documents_received=documents_received,
        files=list(files),
    )
    version = service.current_version
    assert version is not None
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            case = Case(
                community=community,
                tracking_code=new_tracking_code(),
                submission_key=submission_key,
                service=service,
                service_version=version,
                channel=channel,
                settlement=settlement,
                applicant_person=applicant_person,
                applicant_organisation=applicant_organisation,
                representative=representative,
                form_data=cleaned,
                status=Status.SUBMITTED,
                submitted_at=timezone.now(),
                created_by=by,
                resident=resident,
            )
            case.search_document = search_document(case)
            case.save()
            requirements = {d.pk for d in version.documents.all()}
            ReceivedDocument.objects.bulk_create(
                ReceivedDocument(case=case, requirement_id=pk)
                for pk in documents_received
                if pk in requirements
            )
            uploader = by if by is not None else resident
            stored = _store_files(case, checked, uploader)
            if staged and submission_key is not None:
                stored += _adopt_staged(case, community, submission_key, uploader)
            CaseEvent.objects.create(
                case=case,
                kind="submitted",
                to_status=Status.SUBMITTED,
                actor=by,
                at=case.submitted_at,
                data={"channel": channel, "files": [a.original_name for a in stored]},
            )
            record_case_event(case=case, action="submitted", at=case.submitted_at)
            webhooks.case_event(case, webhooks.WebhookEvent.CASE_SUBMITTED, action="submit")
            if by is None:  # filed by the applicant (at a desk, the registration notice follows)
                tell_applicant(case, Event.CASE_RECEIVED)
            audit_record(
                action=actions.CASE_SUBMITTED,
                actor=by,
                community=community,
                obj=case,
                changes={
                    "service": service.code,
                    "version": version.number,
                    "channel": channel,
                    "files": len(stored),
                },
            )
    except IntegrityError:
        _discard_files(stored)
        if submission_key is not None:  # the same form, sent twice at the same moment
            return Case.objects.get(submission_key=submission_key, community=community)
        raise
    except BaseException:
        _discard_files(stored)
        raise
    return case


def case_intake(*, by: User, **submission: Any) -> Case:
    """File and register an application at a desk in one step: a number, or nothing."""
    from .services import case_register

    key = submission.get("submission_key")
    community = submission["community"]
    if key is not None and Case.objects.filter(submission_key=key, community=community).exists():
        # A retry: hand back what the first attempt made (registering it if it was not).
        with transaction.atomic():
            case = case_submit(by=by, **submission)
            if case.status == Status.SUBMITTED:
                case = case_register(by=by, case=case)
        return case
    written: list[str] = []
    try:
        with transaction.atomic():
            case = case_submit(by=by, **submission)
            written = [a.file.name for a in case.attachments.all()]
            if case.status == Status.SUBMITTED:
                case = case_register(by=by, case=case)
    except BaseException:
        # The new case was rolled back: so must be the scans it had written to disk.
        storage = Attachment._meta.get_field("file").storage
        for name in written:
            storage.delete(name)
        raise
    return case


def case_add_files(
    *, by: User | None, case: Case, files: Iterable[UploadedFile]
) -> list[Attachment]:
    """Add scans to an application (the applicant brought a missing document)."""
    from .services import require_view

    if by is not None:
        require_view(by, case)
    checked = []
    errors: list[str] = []
    for upload in files:
        try:
            checked.append(check_upload(upload))
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError({"files": errors})
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            stored = _store_files(case, checked, by)
            CaseEvent.objects.create(
                case=case,
                kind="files_added",
                actor=by,
                at=timezone.now(),
                data={"files": [a.original_name for a in stored]},
            )
            audit_record(
                action=actions.CASE_FILE_ADDED,
                actor=by,
                community=case.community,
                obj=case,
                changes={"files": [a.sha256 for a in stored]},
            )
    except BaseException:
        _discard_files(stored)
        raise
    return stored
