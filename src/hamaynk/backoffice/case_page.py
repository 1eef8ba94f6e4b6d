"""The case page: everything about one application, and the actions the user may take."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import roles_for_instance
from hamaynk.cases.models import Case
from hamaynk.cases.numbering import format_tracking_code
from hamaynk.cases.records import case_comment, case_file_opened
from hamaynk.cases.search import cases_visible_to
from hamaynk.cases.services import StaleCaseError
from hamaynk.cases.sla import case_sla
from hamaynk.cases.workflow import ACTION_LABELS, Action, Status, available_actions
from hamaynk.catalogue.forms import choice_label
from hamaynk.catalogue.models import FormField
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.documents.services import REISSUERS, document_opened, document_reissue
from hamaynk.notifications.selectors import messages_about
from hamaynk.tenancy.models import Settlement

from .access import StaffRequest, staff_page
from .case_actions import ACTIONS, ActionForm, run_action
from .letters_case import case_letters_context


class CommentForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )
    internal = forms.BooleanField(
        label=gettext_lazy("Internal (staff only)"), required=False, initial=True
    )


def _visible_case(request: StaffRequest, pk: int) -> Case:
    case = (
        cases_visible_to(request.user, request.community)
        .filter(pk=pk)
        .select_related(None)  # a nine-way join costs PostgreSQL more to plan than to run
        .select_related("service", "service_version", "community")
        .prefetch_related(
            "settlement",
            "applicant_person",
            "applicant_organisation",
            "representative",
            "department",
            "assignee",
        )
        .first()
    )
    if case is None:
        raise Http404
    return case


def _form_rows(case: Case) -> list[tuple[str, str]]:
    """The applicant's answers, labelled, with choices and settlements shown by name."""
    fields = list(case.service_version.form_fields.all())
    settlement_codes = [
        str(case.form_data[f.key])
        for f in fields
        if f.kind == FormField.Kind.SETTLEMENT and f.key in case.form_data
    ]
    settlements = (
        {s.code: s.name for s in Settlement.objects.filter(code__in=settlement_codes)}
        if settlement_codes
        else {}
    )
    rows = []
    for field in fields:
        value = case.form_data.get(field.key)
        if value in (None, ""):
            continue
        shown = str(value)
        if field.kind == FormField.Kind.CHOICE:
            labels = {c["value"]: c for c in field.choices}
            choice = labels.get(value)
            if choice:
                shown = choice_label(choice)
        elif field.kind == FormField.Kind.SETTLEMENT:
            shown = settlements.get(shown, shown)
        elif field.kind == FormField.Kind.DATE:
            shown = "{2}.{1}.{0}".format(*shown.split("-")) if shown.count("-") == 2 else shown
        rows.append((field.label, shown))
    return rows


def _page(
    request: StaffRequest,
    case: Case,
    *,
    bound: tuple[Action, ActionForm] | None = None,
    comment_form: CommentForm | None = None,
    file_form: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    roles = roles_for_instance(request.user, case)
    calendar = working_calendar(community=case.community)
    action_forms = []
    for action in available_actions(Status(case.status), roles):
        if bound is not None and bound[0] == action:
            form = bound[1]
        else:
            form = ACTIONS[action].form(case=case)
        action_forms.append(
            {
                "action": action.value,
                "label": ACTION_LABELS[action],
                "form": form,
                "open": bound is not None and bound[0] == action,
                "danger": ACTIONS[action].danger,
            }
        )
    received = set(case.received_documents.values_list("requirement_id", flat=True))
    documents = [(d, d.pk in received) for d in case.service_version.documents.all()]
    context: dict[str, Any] = {
        "case": case,
        "tracking_code": format_tracking_code(case.tracking_code),
        "sla": case_sla(case, today=timezone.localdate(), calendar=calendar),
        "form_rows": _form_rows(case),
        "documents": documents,
        "attachments": list(case.attachments.exclude(file="")),
        "fees": list(case.service_version.fees.all()),
        "events": list(case.events.select_related("actor").order_by("at", "id")),
        "extensions": list(case.extensions.all()),
        "documents_issued": list(case.documents.order_by("-version")),
        "can_reissue": bool(roles & REISSUERS)
        and case.status in (Status.RESULT_ISSUED, Status.CLOSED),
        "action_forms": action_forms,
        "bound_form": bound[1] if bound else None,
        "comment_form": comment_form or CommentForm(),
        "applicant_messages": list(messages_about(case)),
        **case_letters_context(request, case, file_form=file_form),
    }
    if bound is not None:
        context["form"] = bound[1]
    elif comment_form is not None:
        context["form"] = comment_form
    return render(request, "backoffice/case_detail.html", context, status=status)


@staff_page(Perm.VIEW_CASE)
def case_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return _page(request, _visible_case(request, pk))


def _errors_onto(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_POST
@staff_page(Perm.VIEW_CASE)
def case_act(request: StaffRequest, pk: int, action: str) -> HttpResponse:
    case = _visible_case(request, pk)
    try:
        chosen = Action(action)
    except ValueError:
        raise Http404 from None
    if chosen not in ACTIONS:  # the applicant's own steps have no staff form
        raise Http404
    form = ACTIONS[chosen].form(request.POST, case=case)
    if form.is_valid():
        try:
            run_action(chosen, form, by=request.user)
        except StaleCaseError as error:
            messages.error(request, error.messages[0])
            return redirect("backoffice:case_detail", pk=case.pk)
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(
                request,
                _("%(number)s: %(action)s — done.")
                % {"number": case.number or "—", "action": ACTION_LABELS[chosen]},
            )
            target = request.POST.get("next", "")
            if target and url_has_allowed_host_and_scheme(
                target, {request.get_host()}, request.is_secure()
            ):
                return redirect(target)
            return redirect("backoffice:case_detail", pk=case.pk)
    return _page(request, case, bound=(chosen, form), status=400)


@require_POST
@staff_page(Perm.VIEW_CASE)
def case_comment_view(request: StaffRequest, pk: int) -> HttpResponse:
    case = _visible_case(request, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        case_comment(
            by=request.user,
            case=case,
            text=form.cleaned_data["text"],
            internal=form.cleaned_data["internal"],
        )
        messages.success(request, _("The comment is added."))
        return redirect("backoffice:case_detail", pk=case.pk)
    return _page(request, case, comment_form=form, status=400)


@staff_page(Perm.VIEW_CASE)
def case_file(request: StaffRequest, pk: int, file_id: int) -> HttpResponseBase:
    """A scan, served only through the permission policy, never from a public folder."""
    case = _visible_case(request, pk)
    attachment = case.attachments.exclude(file="").filter(pk=file_id).first()
    if attachment is None:
        raise Http404
    case_file_opened(by=request.user, case=case, attachment=attachment)
    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=request.GET.get("download") == "1",
        filename=attachment.original_name,
    )
    if attachment.content_type != "application/pdf":
        # Images are shown as they are; a sandbox keeps anything else in them inert. (A PDF
        # is left to the browser's own viewer, which a sandbox would block.)
        response["Content-Security-Policy"] = "sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@staff_page(Perm.VIEW_CASE)
def case_document(request: StaffRequest, pk: int, version: int) -> HttpResponseBase:
    """An issued PDF, through the policy; opening it is logged."""
    case = _visible_case(request, pk)
    document = case.documents.filter(version=version).first()
    if document is None:
        raise Http404
    document_opened(by=request.user, document=document)
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        filename=f"{case.number.replace('/', '-')}-v{document.version}.pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_page(Perm.VIEW_CASE)
def case_document_reissue(request: StaffRequest, pk: int) -> HttpResponse:
    case = _visible_case(request, pk)
    try:
        document = document_reissue(by=request.user, case=case)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(version)d of the document is issued.") % {"version": document.version},
        )
    return redirect("backoffice:case_detail", pk=case.pk)
