"""Applying online: the form, "check your answers", and the receipt.

The form carries a ``submission_key`` made when it is first shown. What the resident typed
is kept in their session under that key, and the scans they attached are kept as staged
uploads (``cases.staging``) under the same key: nothing is lost on a form error or on the
way back from the review page. Sending the review page files the application once
(``case_submit`` with the key), however many times it is sent.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from hamaynk.accounts.models import User
from hamaynk.accounts.services import person_for_online_application
from hamaynk.cases.files import ALLOWED_TYPES
from hamaynk.cases.intake import case_submit
from hamaynk.cases.models import Case, Channel, StagedUpload
from hamaynk.cases.numbering import format_tracking_code
from hamaynk.cases.staging import staged_uploads_discard, staged_uploads_for, uploads_stage
from hamaynk.catalogue.models import DocumentRequirement, Service, ServiceVersion
from hamaynk.catalogue.selectors import services_offered
from hamaynk.tenancy.models import Community, Settlement

from .access import resident_page
from .apply_forms import (
    APPLICANT_FIELDS,
    ApplicantForm,
    answers_as_data,
    answers_typed,
    service_form,
)
from .services_display import fee_lines, term_in_words

ACCEPT = ",".join([*ALLOWED_TYPES, ".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"])
SESSION_KEY = "hamaynk_applications"
KEPT_DRAFTS = 5
"""Forms kept in a session at once (a resident filling in several in turn)."""


@dataclass(frozen=True)
class Offer:
    """The service applied for, in its community, as it stands now."""

    community: Community
    service: Service
    version: ServiceVersion


@dataclass
class Draft:
    """What the resident has typed and attached so far, kept in their session."""

    service: int
    applicant: dict[str, str] = field(default_factory=dict)
    answers: dict[str, str] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    """Staged upload id → the required document it was attached for."""


@dataclass(frozen=True)
class DocumentRow:
    requirement: DocumentRequirement
    name: str
    files: list[StagedUpload]
    errors: list[str]


@dataclass(frozen=True)
class ErrorLink:
    href: str
    text: str


def _offer(code: str, service: str) -> Offer | None:
    """The service if the community offers it (else 404); ``None`` if not online."""
    community = get_object_or_404(Community, code=code, is_active=True)
    found = services_offered(community).filter(code=service).first()
    if found is None or found.current_version is None:
        raise Http404(_("This community does not offer this service."))
    if not found.current_version.online:
        return None
    return Offer(community, found, found.current_version)


def _not_online(request: HttpRequest, code: str, service: str) -> HttpResponse:
    community = get_object_or_404(Community, code=code, is_active=True)
    found = services_offered(community).filter(code=service).first()
    return render(
        request,
        "portal/apply/not_online.html",
        {"community": community, "service": found, "version": found and found.current_version},
        status=404,
    )


def _key(raw: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return None


def _drafts(request: HttpRequest) -> dict[str, Any]:
    drafts: dict[str, Any] = request.session.get(SESSION_KEY, {})
    return drafts


def _draft(request: HttpRequest, key: uuid.UUID, offer: Offer) -> Draft | None:
    stored = _drafts(request).get(str(key))
    if not stored or stored.get("service") != offer.service.pk:
        return None
    return Draft(
        service=stored["service"],
        applicant=dict(stored.get("applicant", {})),
        answers=dict(stored.get("answers", {})),
        files={str(k): int(v) for k, v in stored.get("files", {}).items()},
    )


def _keep(request: HttpRequest, key: uuid.UUID, draft: Draft) -> None:
    drafts = {k: v for k, v in _drafts(request).items() if k != str(key)}
    drafts[str(key)] = {
        "service": draft.service,
        "applicant": draft.applicant,
        "answers": draft.answers,
        "files": draft.files,
    }
    request.session[SESSION_KEY] = dict(list(drafts.items())[-KEPT_DRAFTS:])


def _forget(request: HttpRequest, key: uuid.UUID) -> None:
    drafts = _drafts(request)
    if str(key) in drafts:
        request.session[SESSION_KEY] = {k: v for k, v in drafts.items() if k != str(key)}


def _resident(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _filed(request: HttpRequest, key: uuid.UUID) -> Case | None:
    """The case this form already made (sent twice, or the back button after sending)."""
    return Case.objects.filter(submission_key=key, resident=_resident(request)).first()


def _receipt(case: Case) -> HttpResponse:
    return redirect("portal:apply_receipt", case.community.code, case.service.code, case.pk)


def _documents(
    request: HttpRequest, offer: Offer, key: uuid.UUID, draft: Draft, errors: dict[int, list[str]]
) -> list[DocumentRow]:
    staged = list(
        staged_uploads_for(by=_resident(request), community=offer.community, submission_key=key)
    )
    return [
        DocumentRow(
            requirement=requirement,
            name=f"document_{requirement.pk}",
            files=[s for s in staged if draft.files.get(str(s.pk)) == requirement.pk],
            errors=errors.get(requirement.pk, []),
        )
        for requirement in offer.version.documents.all()
    ]


def _missing(rows: list[DocumentRow]) -> dict[int, list[str]]:
    return {
        row.requirement.pk: [
            _("Attach a scan or a photo of: %(name)s.") % {"name": row.requirement.name}
        ]
        for row in rows
        if row.requirement.mandatory and not row.files and not row.errors
    }


def _error_links(
    applicant: ApplicantForm, answers: forms.Form, documents: list[DocumentRow]
) -> list[ErrorLink]:
    """The error summary: one line per message, linked to its field."""
    links = [ErrorLink("", str(text)) for text in applicant.non_field_errors()]
    links += [ErrorLink("", str(text)) for text in answers.non_field_errors()]
    for form in (applicant, answers):
        for bound in form:
            links += [
                ErrorLink(f"#{bound.auto_id}", f"{bound.label}: {text}") for text in bound.errors
            ]
    for row in documents:
        links += [
            ErrorLink(f"#id_{row.name}", f"{row.requirement.name}: {text}") for text in row.errors
        ]
    return links


def _form_page(
    request: HttpRequest,
    offer: Offer,
    *,
    key: uuid.UUID,
    applicant: ApplicantForm,
    answers: forms.Form,
    documents: list[DocumentRow],
    status: int = 200,
) -> HttpResponse:
    version = offer.version
    context = {
        "community": offer.community,
        "service": offer.service,
        "version": version,
        "term": term_in_words(version.term),
        "key": key,
        "applicant": applicant,
        "answers": answers,
        "documents": documents,
        "error_links": _error_links(applicant, answers, documents),
        "accept": ACCEPT,
        "max_upload_mb": settings.HAMAYNK_MAX_UPLOAD_BYTES // (1024 * 1024),
    }
    return render(request, "portal/apply/form.html", context, status=status)


def _initial_applicant(user: User) -> dict[str, str]:
    """Start from what the account knows: the name, the e-mail and the phone."""
    return {
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "phone": user.phone,
    }


def _show(request: HttpRequest, offer: Offer) -> HttpResponse:
    """The form: empty (from the account), or as it was left ("Change" on the review)."""
    key = _key(request.GET.get("key"))
    draft = _draft(request, key, offer) if key is not None else None
    if key is None or draft is None:
        key = uuid.uuid4()
        draft = Draft(service=offer.service.pk, applicant=_initial_applicant(_resident(request)))
    applicant = ApplicantForm(
        initial={**draft.applicant, "submission_key": key}, community=offer.community
    )
    answers = service_form(offer.version, offer.community, initial=draft.answers)
    documents = _documents(request, offer, key, draft, {})
    return _form_page(
        request, offer, key=key, applicant=applicant, answers=answers, documents=documents
    )


def _take(request: HttpRequest, offer: Offer) -> HttpResponse:
    """Check the form; keep its values and scans whatever happens; go to the review."""
    key = _key(request.POST.get("submission_key")) or uuid.uuid4()
    filed = _filed(request, key)
    if filed is not None:
        return _receipt(filed)
    if Case.objects.filter(submission_key=key).exists():  # someone else's form: start afresh
        key = uuid.uuid4()
    user, community = _resident(request), offer.community
    draft = _draft(request, key, offer) or Draft(service=offer.service.pk)
    data = request.POST.copy()
    data["submission_key"] = str(key)
    applicant = ApplicantForm(data, community=community)
    answers = service_form(offer.version, community, data=data)

    removed = [int(v) for v in request.POST.getlist("remove_staged") if v.isdigit()]
    if removed:
        staged_uploads_discard(by=user, community=community, submission_key=key, ids=removed)
    refused: dict[int, list[str]] = {}
    for requirement in offer.version.documents.all():
        uploads = request.FILES.getlist(f"document_{requirement.pk}")
        kept = uploads_stage(by=user, community=community, submission_key=key, files=uploads)
        for staged in kept.staged:
            draft.files[str(staged.pk)] = requirement.pk
        if kept.refused:
            refused[requirement.pk] = kept.refused
    documents = _documents(request, offer, key, draft, refused)
    missing = _missing(documents)
    if missing:
        documents = _documents(request, offer, key, draft, {**refused, **missing})

    valid = applicant.is_valid() & answers.is_valid()  # both, so every error shows at once
    draft.applicant = applicant.raw()
    draft.answers = answers_typed(answers)
    present = {str(row_file.pk) for row in documents for row_file in row.files}
    draft.files = {pk: req for pk, req in draft.files.items() if pk in present}
    _keep(request, key, draft)
    if valid and not refused and not missing:
        return redirect("portal:apply_review", community.code, offer.service.code, key)
    return _form_page(
        request,
        offer,
        key=key,
        applicant=applicant,
        answers=answers,
        documents=documents,
        status=400,
    )


@resident_page
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, code: str, service: str) -> HttpResponse:
    offer = _offer(code, service)
    if offer is None:
        return _not_online(request, code, service)
    if request.method == "POST":
        return _take(request, offer)
    return _show(request, offer)


def _shown_answer(bound: forms.BoundField, value: Any) -> str:
    """An answer as the resident chose it: the choice's words, the settlement's name."""
    if value in (None, ""):
        return ""
    if isinstance(value, Settlement):
        return value.name
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    choices = getattr(bound.field, "choices", None)
    if choices is not None:
        return str(dict(choices).get(value, value))
    return str(value)


@dataclass(frozen=True)
class Checked:
    """The draft checked again before it is shown or sent: the service may have changed
    since the form was sent, and a staged scan may have been purged."""

    applicant: ApplicantForm
    answers: forms.Form
    documents: list[DocumentRow]

    @property
    def valid(self) -> bool:
        missing = any(row.errors for row in self.documents)
        return not (self.applicant.errors or self.answers.errors or missing)


def _recheck(request: HttpRequest, offer: Offer, key: uuid.UUID, draft: Draft) -> Checked:
    applicant = ApplicantForm(
        {**draft.applicant, "submission_key": str(key)}, community=offer.community
    )
    answers = service_form(offer.version, offer.community, data=answers_as_data(draft.answers))
    applicant.is_valid()
    answers.is_valid()
    documents = _documents(request, offer, key, draft, {})
    missing = _missing(documents)
    if missing:
        documents = _documents(request, offer, key, draft, missing)
    return Checked(applicant, answers, documents)


def _checked_form_page(
    request: HttpRequest, offer: Offer, key: uuid.UUID, checked: Checked
) -> HttpResponse:
    return _form_page(
        request,
        offer,
        key=key,
        applicant=checked.applicant,
        answers=checked.answers,
        documents=checked.documents,
        status=400,
    )


def _review_page(
    request: HttpRequest, offer: Offer, key: uuid.UUID, checked: Checked
) -> HttpResponse:
    applicant, answers = checked.applicant, checked.answers
    applicant_rows = [
        (applicant[name].label, _shown_answer(applicant[name], applicant.cleaned_data.get(name)))
        for name in APPLICANT_FIELDS
    ]
    answer_rows = [
        (answers[name].label, _shown_answer(answers[name], answers.cleaned_data.get(name)))
        for name in answers.fields
    ]
    form_url = reverse("portal:apply", args=[offer.community.code, offer.service.code])
    context = {
        "community": offer.community,
        "service": offer.service,
        "version": offer.version,
        "term": term_in_words(offer.version.term),
        "fees": fee_lines(offer.version.fees.all()),
        "key": key,
        "applicant_rows": applicant_rows,
        "answer_rows": [(label, value) for label, value in answer_rows if value],
        "documents": checked.documents,
        "change_url": f"{form_url}?key={key}",
    }
    return render(request, "portal/apply/review.html", context)


def _apply_errors(error: ValidationError, applicant: ApplicantForm, answers: forms.Form) -> None:
    """Put each of the filing's messages on the field it is about."""
    prefix = "form_data."
    for name, texts in error.message_dict.items():
        target: forms.Form = applicant
        target_field: str | None = None
        if name.startswith(prefix) and name.removeprefix(prefix) in answers.fields:
            target, target_field = answers, name.removeprefix(prefix)
        elif name in applicant.fields:
            target_field = name
        elif name == "settlement" and "settlement" in answers.fields:
            target, target_field = answers, "settlement"
        for text in texts:
            target.add_error(target_field, text)


def _send(request: HttpRequest, offer: Offer, key: uuid.UUID, draft: Draft) -> HttpResponse:
    """File the application: the applicant's record and the case, in one transaction."""
    checked = _recheck(request, offer, key, draft)
    if not checked.valid:
        return _checked_form_page(request, offer, key, checked)
    try:
        with transaction.atomic():
            person = person_for_online_application(
                community=offer.community, **checked.applicant.details()
            )
            case = case_submit(
                by=None,
                community=offer.community,
                service=offer.service,
                channel=Channel.ONLINE,
                form_data=draft.answers,
                applicant_person=person,
                documents_received=[row.requirement.pk for row in checked.documents if row.files],
                submission_key=key,
                staged=True,
                resident=_resident(request),
            )
    except ValidationError as error:
        _apply_errors(error, checked.applicant, checked.answers)
        return _checked_form_page(request, offer, key, checked)
    _forget(request, key)
    return _receipt(case)


@resident_page
@require_http_methods(["GET", "POST"])
def apply_review(request: HttpRequest, code: str, service: str, key: uuid.UUID) -> HttpResponse:
    """Check your answers: everything on one page, "Change" or "Send"."""
    filed = _filed(request, key)
    if filed is not None:  # sent already: a second click, a reload, the back button
        return _receipt(filed)
    if Case.objects.filter(submission_key=key).exists():
        raise Http404
    offer = _offer(code, service)
    if offer is None:
        return _not_online(request, code, service)
    draft = _draft(request, key, offer)
    if draft is None:
        return redirect("portal:apply", offer.community.code, offer.service.code)
    if request.method == "POST":
        return _send(request, offer, key, draft)
    checked = _recheck(request, offer, key, draft)
    if not checked.valid:
        return _checked_form_page(request, offer, key, checked)
    return _review_page(request, offer, key, checked)


@resident_page
def apply_receipt(request: HttpRequest, code: str, service: str, pk: int) -> HttpResponse:
    case = (
        Case.objects.select_related("community", "service", "service_version")
        .filter(pk=pk, resident=_resident(request), community__code=code, service__code=service)
        .first()
    )
    if case is None:
        raise Http404
    context = {
        "case": case,
        "tracking_code": format_tracking_code(case.tracking_code),
        "term": term_in_words(case.service_version.term),
        "attachments": list(case.attachments.all()),
    }
    return render(request, "portal/apply/receipt.html", context)
