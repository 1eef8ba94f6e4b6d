"""Intake, second page: the application itself, registered in one step with a receipt.

The page carries a ``submission_key`` made when it is first shown: sending it twice
registers one application. When something is wrong, every value stays on the page and
the scans sent with it are kept (``cases.staging``), listed as already attached.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet, prefetch_related_objects
from django.http import Http404
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import settlement_ids_limited_to
from hamaynk.accounts.services import person_record_view
from hamaynk.cases.files import ALLOWED_TYPES
from hamaynk.cases.intake import case_intake
from hamaynk.cases.models import Channel
from hamaynk.cases.staging import staged_uploads_discard, staged_uploads_for, uploads_stage
from hamaynk.catalogue.models import Service, ServiceVersion
from hamaynk.catalogue.selectors import services_offered
from hamaynk.correspondence.applications import letter_link_case, why_no_application
from hamaynk.tenancy.models import Settlement

from .access import StaffRequest, staff_page
from .intake_applicant import Applicant, applicant_from_query
from .intake_forms import IntakeForm, form_answers, is_settlement_question, service_form
from .intake_present import error_links, fee_rows

ACCEPT = ",".join([*ALLOWED_TYPES, ".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".webp"])


@dataclass(frozen=True)
class Desk:
    """Where the application is taken: the office, or one of the user's settlements."""

    channel: Channel
    settlements: QuerySet[Settlement] | None


@dataclass(frozen=True)
class Intake:
    """What the query string chose: who applies for what, and where it is taken."""

    applicant: Applicant
    service: Service
    version: ServiceVersion
    desk: Desk


def _desk(request: StaffRequest) -> Desk:
    limited = settlement_ids_limited_to(request.user, request.community)
    if not limited:
        return Desk(Channel.DESK, None)
    settlements = Settlement.objects.filter(community=request.community, pk__in=limited)
    return Desk(Channel.SETTLEMENT_POINT, settlements.order_by("name_hy"))


def _service(request: StaffRequest, desk: Desk) -> Service:
    raw = request.GET.get("service", "")
    if not raw.isdigit():
        raise Http404
    services = services_offered(request.community).filter(pk=int(raw))
    if desk.channel == Channel.SETTLEMENT_POINT:
        services = services.filter(current_version__at_settlement_points=True)
    service = services.first()
    if service is None or service.current_version is None:
        raise Http404
    # The page, its checks and the filing all read the documents: once.
    prefetch_related_objects([service.current_version], "documents")
    return service


def _submission_key(raw: Any) -> uuid.UUID:
    try:
        return uuid.UUID(str(raw))
    except ValueError:
        return uuid.uuid4()


def _apply_errors(error: ValidationError, form: IntakeForm, answers: forms.Form) -> None:
    """Put each of the filing's messages on the field it is about.

    Messages about files are left out: the files are checked again as they are staged,
    and those messages come from there.
    """
    settlement_question = next(
        (name for name, field in answers.fields.items() if is_settlement_question(field)), None
    )
    for key, texts in error.message_dict.items():
        target: forms.Form = form
        field: str | None = None
        if key == "files":
            continue
        if key.startswith("form_data.") and key.removeprefix("form_data.") in answers.fields:
            target, field = answers, key.removeprefix("form_data.")
        elif key == "documents":
            field = "documents"
        elif key == "settlement" and "settlement" in form.fields:
            field = "settlement"
        elif key == "settlement" and settlement_question is not None:
            target, field = answers, settlement_question
        shown = target.errors.get(field) if field else target.non_field_errors()
        for text in texts:
            if text not in (shown or []):
                target.add_error(field, text)


def _page(
    request: StaffRequest,
    intake: Intake,
    *,
    form: IntakeForm,
    answers: forms.Form,
    key: uuid.UUID,
    file_errors: list[str],
) -> HttpResponseBase:
    applicant, service, version = intake.applicant, intake.service, intake.version
    fees, total = fee_rows(version)
    staged = list(
        staged_uploads_for(by=request.user, community=request.community, submission_key=key)
    )
    context = {
        "applicant": applicant,
        "service": service,
        "version": version,
        "desk": intake.desk,
        "fees": fees,
        "fee_total": total,
        "demo_fees": any(fee.is_demo for fee in fees),
        "form": form,
        "answers": answers,
        "staged": staged,
        "file_errors": file_errors,
        "error_links": error_links(form, answers, file_errors),
        "accept": ACCEPT,
        "max_upload_mb": settings.HAMAYNK_MAX_UPLOAD_BYTES // (1024 * 1024),
        "action": f"{reverse('backoffice:intake_application')}?"
        f"{applicant.querystring}&service={service.pk}",
        "change_service": f"{reverse('backoffice:intake_start')}?{applicant.querystring}",
    }
    return render(request, "backoffice/intake/application.html", context)


def _show(request: StaffRequest, intake: Intake) -> HttpResponseBase:
    """The empty application, with a new submission key and the settlements preselected."""
    key = uuid.uuid4()
    home = intake.applicant.record.settlement
    settlements = intake.desk.settlements
    point = None
    if settlements is not None:
        point = next((s for s in settlements if s == home), settlements.first())
    form = IntakeForm(
        initial={"submission_key": key, "settlement": point},
        version=intake.version,
        settlements=settlements,
        staged=[],
    )
    answers = service_form(
        intake.version,
        request.community,
        settlements=settlements,
        settlement_code=home.code if home else "",
    )
    if intake.applicant.person is not None:
        person_record_view(by=request.user, person=intake.applicant.person)
    return _page(request, intake, form=form, answers=answers, key=key, file_errors=[])


def _register(request: StaffRequest, intake: Intake) -> HttpResponseBase:
    """Register the application; on any error, keep the values and the scans, and say why."""
    data = request.POST.copy()
    key = _submission_key(data.get("submission_key"))
    data["submission_key"] = str(key)
    by, community = request.user, request.community
    settlements = intake.desk.settlements
    form = IntakeForm(
        data,
        version=intake.version,
        settlements=settlements,
        staged=list(staged_uploads_for(by=by, community=community, submission_key=key)),
    )
    answers = service_form(intake.version, community, settlements=settlements, data=data)
    uploads = request.FILES.getlist("files")
    valid = form.is_valid() & answers.is_valid()  # both, so every error shows at once
    letter = intake.applicant.letter
    if letter is not None:
        # A retry of the form that started the linked application is no second application.
        retried = letter.case if letter.case and letter.case.submission_key == key else None
        reason = why_no_application(letter, case=retried)
        if reason:
            form.add_error(None, reason)
            valid = False
    removed = form.cleaned_data.get("remove_staged") or []
    if removed:
        staged_uploads_discard(by=by, community=community, submission_key=key, ids=removed)
    if valid:
        try:
            case = case_intake(
                by=by,
                community=community,
                submission_key=key,
                service=intake.service,
                channel=intake.desk.channel,
                applicant_person=intake.applicant.person,
                applicant_organisation=intake.applicant.organisation,
                settlement=form.cleaned_data.get("settlement"),
                form_data=form_answers(answers),
                documents_received=[d.pk for d in form.cleaned_data["documents"]],
                files=uploads,
                staged=True,
            )
        except ValidationError as error:
            _apply_errors(error, form, answers)
        else:
            messages.success(request, _("Application %(number)s is registered.") % {"number": case})
            if letter is not None:
                letter_link_case(by=by, letter=letter, case=case)
                messages.success(
                    request,
                    _("It is linked to letter %(number)s.") % {"number": letter.number},
                )
            return redirect("backoffice:intake_receipt", pk=case.pk)
    kept = uploads_stage(by=by, community=community, submission_key=key, files=uploads)
    return _page(request, intake, form=form, answers=answers, key=key, file_errors=kept.refused)


@staff_page(Perm.ADD_CASE)
def intake_application(request: StaffRequest) -> HttpResponseBase:
    applicant = applicant_from_query(request)
    if applicant is None:
        return render(request, "backoffice/intake/choose_first.html")
    desk = _desk(request)
    service = _service(request, desk)
    assert service.current_version is not None
    intake = Intake(applicant, service, service.current_version, desk)
    if request.method == "POST":
        return _register(request, intake)
    return _show(request, intake)
