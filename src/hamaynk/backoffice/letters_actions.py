"""The actions on a letter's page: each one form posted to one service function."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamaynk.accounts.permissions import Perm
from hamaynk.correspondence.journals import journals_open
from hamaynk.correspondence.models import ExecutionPart, Journal, JournalKind, Resolution
from hamaynk.correspondence.outgoing import outgoing_dispatch, outgoing_draft, outgoing_register
from hamaynk.correspondence.services import (
    execution_complete,
    execution_report,
    letter_close,
    resolution_write,
)

from .access import StaffRequest, staff_page
from .letters_forms import CompleteForm, DispatchForm, PartForm, ReplyForm, ResolutionForm
from .letters_views import errors_onto, letter_page, register_draft_form, visible_letter


def _done(request: StaffRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("backoffice:letter_detail", pk=pk)


@require_POST
@staff_page(Perm.VIEW_LETTER)
def letter_resolve(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    parent_key = request.POST.get("parent", "")
    form = ResolutionForm(
        request.POST,
        community=request.community,
        auto_id=f"down{_part_of(request, parent_key)}_%s" if parent_key else "resolve_%s",
    )
    parent = None
    parent_id = request.POST.get("parent", "")
    if parent_id.isdigit():
        parent = Resolution.objects.filter(letter=letter, pk=int(parent_id)).first()
    if form.is_valid():
        data = form.cleaned_data
        try:
            resolution_write(
                by=request.user,
                letter=letter,
                instruction=data["instruction"],
                control_date=data["control_date"],
                main_executor=data["main_executor"],
                co_executors=list(data["co_executors"]),
                parent=parent,
                expected_version=data["version"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "executors" in error.error_dict:
                error.error_dict["co_executors"] = error.error_dict.pop("executors")
            errors_onto(form, error)
        else:
            return _done(request, pk, _("The resolution is written."))
    return letter_page(request, letter, resolution_form=form, status=400)


def _part_of(request: StaffRequest, resolution_id: str) -> int:
    """The user's part in the resolution they pass down (for the ids of the form's fields)."""
    part = ExecutionPart.objects.filter(
        resolution_id=int(resolution_id) if resolution_id.isdigit() else 0,
        executor_id=request.user.pk,
    ).first()
    return part.pk if part else 0


def _own_part(request: StaffRequest, letter_pk: int) -> ExecutionPart:
    part_id = request.POST.get("part", "")
    part = ExecutionPart.objects.filter(
        resolution__letter_id=letter_pk, pk=int(part_id) if part_id.isdigit() else 0
    ).first()
    if part is None or part.executor_id != request.user.pk:
        raise PermissionDenied
    return part


@require_POST
@staff_page(Perm.EXECUTE_LETTER)
def letter_report(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    part = _own_part(request, letter.pk)
    form = PartForm(request.POST, auto_id=f"report{part.pk}_%s")
    if form.is_valid():
        try:
            execution_report(by=request.user, part=part, text=form.cleaned_data["text"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return _done(request, pk, _("Your report is added."))
    return letter_page(request, letter, part_form=form, status=400)


@require_POST
@staff_page(Perm.EXECUTE_LETTER)
def letter_complete(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    part = _own_part(request, letter.pk)
    form = CompleteForm(request.POST, auto_id=f"complete{part.pk}_%s")
    if form.is_valid():
        try:
            execution_complete(by=request.user, part=part, note=form.cleaned_data["note"])
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return _done(request, pk, _("Your part is done."))
    return letter_page(request, letter, complete_form=form, status=400)


@require_POST
@staff_page(Perm.VIEW_LETTER)
def letter_close_view(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    try:
        letter_close(by=request.user, letter=letter)
    except ValidationError as error:
        return letter_page(request, letter, action_errors=error.messages, status=400)
    return _done(request, pk, _("The letter is closed as executed."))


@require_POST
@staff_page(Perm.EXECUTE_LETTER)
def letter_reply(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    form = ReplyForm(request.POST, auto_id="reply_%s")
    journal = Journal.objects.filter(
        community=request.community, kind=JournalKind.OUTGOING, is_active=True
    ).first()
    if form.is_valid():
        if journal is None:
            form.add_error(None, _("The community has no journal of outgoing letters yet."))
        else:
            try:
                draft = outgoing_draft(
                    by=request.user,
                    journal=journal,
                    subject=form.cleaned_data["subject"],
                    correspondent=letter.correspondent,
                    summary=form.cleaned_data["summary"],
                    pages=form.cleaned_data["pages"],
                    reply_to=letter,
                )
            except ValidationError as error:
                errors_onto(form, error)
            else:
                messages.success(request, _("The reply is drafted; the registry will register it."))
                return redirect("backoffice:letter_detail", pk=draft.pk)
    return letter_page(request, letter, reply_form=form, status=400)


@require_POST
@staff_page(Perm.REGISTER_LETTER)
def letter_register_draft(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    form = register_draft_form(letter, request.POST)
    if not form.is_valid():
        return letter_page(request, letter, register_form=form, status=400)
    try:
        registered = outgoing_register(
            by=request.user, letter=letter, file_index=form.cleaned_data["file_index"]
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and set(error.error_dict) <= set(form.fields):
            errors_onto(form, error)
            return letter_page(request, letter, register_form=form, status=400)
        return letter_page(request, letter, action_errors=error.messages, status=400)
    return _done(
        request, pk, _("The letter is registered as %(number)s.") % {"number": registered.number}
    )


@require_POST
@staff_page(Perm.REGISTER_LETTER)
def letter_dispatch(request: StaffRequest, pk: int) -> HttpResponse:
    letter = visible_letter(request, pk)
    form = DispatchForm(request.POST, auto_id="dispatch_%s")
    if form.is_valid():
        try:
            outgoing_dispatch(
                by=request.user,
                letter=letter,
                channel=form.cleaned_data["channel"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return _done(request, pk, _("The letter is dispatched."))
    return letter_page(request, letter, dispatch_form=form, status=400)


@require_POST
@staff_page(Perm.REGISTER_LETTER)
def letters_journals_open(request: StaffRequest) -> HttpResponse:
    journals_open(by=request.user, community=request.community)
    messages.success(request, _("The journals are open."))
    return redirect("backoffice:letter_list")
