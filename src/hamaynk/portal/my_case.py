"""The resident's own application: where it stands, its history, the office's request and
the reply to it, and the outcome document to download.

Only the resident account the case belongs to opens it; for anyone else it does not exist
(404), so its existence is not given away.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from hamaynk.accounts.models import User
from hamaynk.accounts.policy import roles_for_instance
from hamaynk.cases.models import Case, Channel
from hamaynk.cases.replies import case_applicant_reply
from hamaynk.cases.tracking import current_document, outcome_document_downloaded, public_view
from hamaynk.cases.workflow import Action, Status, available_actions
from hamaynk.documents.models import IssuedDocument

from .access import resident_page
from .apply import ACCEPT
from .apply_forms import ReplyForm
from .services_display import url_if_present


def _resident(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _own_case(request: HttpRequest, pk: int) -> Case:
    case = (
        Case.objects.select_related("community", "service", "service_version")
        .filter(pk=pk, resident=_resident(request))
        .first()
    )
    if case is None:
        raise Http404
    return case


def _may_reply(user: User, case: Case) -> bool:
    """The workflow table decides: the applicant may reply while the case waits for them."""
    return Action.APPLICANT_REPLY in available_actions(
        Status(case.status), roles_for_instance(user, case)
    )


def _receipt_url(case: Case) -> str:
    if case.channel != Channel.ONLINE:
        return ""
    return url_if_present(
        "portal:apply_receipt", case.community.code, case.service.code, str(case.pk)
    )


def _page(
    request: HttpRequest,
    case: Case,
    *,
    form: ReplyForm | None = None,
    file_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = _resident(request)
    may_reply = _may_reply(user, case)
    if may_reply and form is None:
        form = ReplyForm(initial={"version": case.version})
    file_errors = file_errors or []
    error_links = []
    if form is not None and form.is_bound:
        error_links += [{"href": "", "text": text} for text in form.non_field_errors()]
        error_links += [
            {"href": "#id_text", "text": f"{form['text'].label}: {text}"}
            for text in form["text"].errors
        ]
    error_links += [{"href": "#id_files", "text": text} for text in file_errors]
    context = {
        "case": case,
        "view": public_view(case, own=True),
        "form": form if may_reply else None,
        "file_errors": file_errors,
        "error_links": error_links,
        "accept": ACCEPT,
        "receipt_url": _receipt_url(case),
        "applications_url": url_if_present("portal:my_applications"),
    }
    return render(request, "portal/my/application.html", context, status=status)


def _reply(request: HttpRequest, case: Case) -> HttpResponse:
    user = _resident(request)
    if not _may_reply(user, case):
        messages.error(request, _("The office is not waiting for an answer on this application."))
        return redirect("portal:my_application", case.pk)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            case_applicant_reply(
                by=user,
                case=case,
                text=form.cleaned_data["text"],
                files=request.FILES.getlist("files"),
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            file_errors: list[str] = []
            if hasattr(error, "error_dict"):
                for name, errors in error.message_dict.items():
                    if name == "files":
                        file_errors += errors
                    else:
                        for text in errors:
                            form.add_error("text" if name == "text" else None, text)
            else:
                for text in error.messages:
                    form.add_error(None, text)
            return _page(request, case, form=form, file_errors=file_errors, status=400)
        messages.success(
            request,
            _("Your answer is sent. The office goes on with your application."),
        )
        return redirect("portal:my_application", case.pk)
    return _page(request, case, form=form, status=400)


@resident_page
@require_http_methods(["GET", "POST"])
def my_application(request: HttpRequest, pk: int) -> HttpResponse:
    case = _own_case(request, pk)
    if request.method == "POST":
        return _reply(request, case)
    return _page(request, case)


def outcome_file(document: IssuedDocument, filename: str) -> HttpResponse:
    """The PDF as a download (a few hundred kilobytes at most: read whole)."""
    with document.file.open("rb") as content:
        response = HttpResponse(content.read(), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename) or ""
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@resident_page
@require_GET
def my_application_document(request: HttpRequest, pk: int, version: int) -> HttpResponse:
    """The outcome document (its current version only): a PDF with its verification code."""
    case = _own_case(request, pk)
    document = current_document(case)
    if document is None or document.version != version:
        raise Http404
    outcome_document_downloaded(by=_resident(request), document=document, via="account")
    name = (case.number or case.tracking_code).replace("/", "-")
    return outcome_file(document, f"{name}-v{document.version}.pdf")
