"""Staff pages of the letters registry: the control list, registering, the letter page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.core.pagination import Ordering, keyset_page
from hamaynk.core.replicas import replica_reads
from hamaynk.correspondence.applications import may_start_application
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.filing import default_letter_file
from hamaynk.correspondence.models import (
    Journal,
    JournalKind,
    Letter,
    LetterStatus,
    PartStatus,
)
from hamaynk.correspondence.search import letter_search
from hamaynk.correspondence.selectors import (
    letter_control_state,
    letters_visible_to,
    resolution_tree,
)
from hamaynk.correspondence.services import letter_register
from hamaynk.deadlines.selectors import working_calendar

from .access import StaffRequest, staff_page
from .letters_forms import (
    CONTROL_TABS,
    CompleteForm,
    DispatchForm,
    LetterRegisterForm,
    LetterSearchForm,
    PartForm,
    RegisterDraftForm,
    ReplyForm,
    ResolutionForm,
)

PAGE_SIZE = 50
NEWEST_FIRST = Ordering(("-registered_at", "-id"))
CONTROL_ORDER = Ordering(("control_date", "id"))


def errors_onto(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error)


def visible_letter(request: StaffRequest, pk: int) -> Letter:
    return get_object_or_404(letters_visible_to(request.user, request.community), pk=pk)


@replica_reads
@staff_page(Perm.VIEW_LETTER)
def letter_list(request: StaffRequest) -> HttpResponse:
    """The registry: the control tabs, the search by words and by every journal field."""
    today = timezone.localdate()
    calendar = working_calendar(community=request.community, start=today)
    search = LetterSearchForm(request.GET or None, community=request.community)
    filters = search.filters()
    letters = letter_search(
        request.user, request.community, filters, today=today, calendar=calendar
    )
    if filters.status != LetterStatus.DRAFT:
        letters = letters.exclude(status=LetterStatus.DRAFT)
    current = filters.control.value if filters.control is not None else ""
    ordering = CONTROL_ORDER if current else NEWEST_FIRST
    page = keyset_page(letters, ordering, cursor=request.GET.get("after"), size=PAGE_SIZE)
    rows = [
        (letter, letter_control_state(letter, today=today, calendar=calendar))
        for letter in page.rows
    ]
    drafts = letters_visible_to(request.user, request.community).filter(status=LetterStatus.DRAFT)
    return render(
        request,
        "backoffice/letters/list.html",
        {
            "page": page,
            "rows": rows,
            "search": search,
            "form": search,
            "tabs": CONTROL_TABS,
            "current": current,
            "drafts": drafts[:50],
            "no_journals": not Journal.objects.filter(community=request.community).exists(),
            "may_register": user_has_permission(
                request.user, Perm.REGISTER_LETTER, request.community
            ),
        },
    )


@staff_page(Perm.REGISTER_LETTER)
def letter_new(request: StaffRequest) -> HttpResponse:
    form = LetterRegisterForm(
        request.POST or None,
        request.FILES or None,
        community=request.community,
        year=timezone.localdate().year,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            correspondent = data["correspondent"]
            if correspondent is None and data["new_correspondent"]:
                correspondent = correspondent_create(
                    by=request.user,
                    community=request.community,
                    kind=data["new_correspondent_kind"] or "person",
                    name=data["new_correspondent"],
                )
            letter = letter_register(
                by=request.user,
                journal=data["journal"],
                subject=data["subject"],
                channel=data["channel"],
                correspondent=correspondent,
                sender_number=data["sender_number"],
                sender_date=data["sender_date"],
                summary=data["summary"],
                pages=data["pages"],
                file_index=data["file_index"],
                files=[data["scan"]] if data["scan"] else [],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "files" in error.error_dict:
                error.error_dict["scan"] = error.error_dict.pop("files")
            errors_onto(form, error)
        else:
            messages.success(
                request, _("The letter is registered as %(number)s.") % {"number": letter.number}
            )
            return redirect("backoffice:letter_detail", pk=letter.pk)
    return render(request, "backoffice/letters/register.html", {"form": form})


@staff_page(Perm.VIEW_LETTER)
def letter_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return letter_page(request, visible_letter(request, pk))


def letter_page(
    request: StaffRequest,
    letter: Letter,
    *,
    resolution_form: ResolutionForm | None = None,
    part_form: PartForm | None = None,
    complete_form: CompleteForm | None = None,
    reply_form: ReplyForm | None = None,
    dispatch_form: DispatchForm | None = None,
    register_form: RegisterDraftForm | None = None,
    action_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The letter with its resolution tree, and the actions this user may take on it."""
    user, community = request.user, request.community
    tree = resolution_tree(letter)
    posted = request.POST.get("part") or request.POST.get("parent") or ""
    my_parts = []
    for resolution, _depth in tree:
        for part in resolution.parts.all():
            if part.executor_id != user.pk or part.status != PartStatus.OPEN:
                continue
            mine = str(part.pk) == posted or str(resolution.pk) == posted
            my_parts.append(
                {
                    "part": part,
                    "report_form": (part_form if mine and part_form else None)
                    or PartForm(auto_id=f"report{part.pk}_%s"),
                    "complete_form": (complete_form if mine and complete_form else None)
                    or CompleteForm(auto_id=f"complete{part.pk}_%s"),
                    "down_form": (
                        resolution_form
                        if mine and resolution_form and request.POST.get("parent")
                        else None
                    )
                    or ResolutionForm(
                        community=community,
                        auto_id=f"down{part.pk}_%s",
                        initial={"version": letter.version},
                    ),
                }
            )
    if resolution_form is not None and request.POST.get("parent"):
        resolution_form = None
    open_letter = letter.status in (LetterStatus.REGISTERED, LetterStatus.IN_EXECUTION)
    may_resolve = open_letter and user_has_permission(user, Perm.RESOLVE_LETTER, community)
    may_register = user_has_permission(user, Perm.REGISTER_LETTER, community)
    may_close = letter.status == LetterStatus.IN_EXECUTION and (
        may_register or user_has_permission(user, Perm.RESOLVE_LETTER, community)
    )
    may_reply = (
        letter.kind != JournalKind.OUTGOING
        and letter.status == LetterStatus.IN_EXECUTION
        and bool(my_parts)
    )
    context = {
        "letter": letter,
        "tree": tree,
        "my_parts": my_parts,
        "control": letter_control_state(letter),
        "files": letter.files.all(),
        "replies": letter.replies.all(),
        "dispatches": letter.dispatches.all(),
        "may_resolve": may_resolve,
        "may_close": may_close,
        "may_reply": may_reply,
        "may_register_draft": may_register and letter.status == LetterStatus.DRAFT,
        "may_dispatch": may_register
        and letter.kind == JournalKind.OUTGOING
        and letter.status == LetterStatus.REGISTERED,
        "resolution_form": resolution_form
        or ResolutionForm(
            community=community, auto_id="resolve_%s", initial={"version": letter.version}
        ),
        "reply_form": reply_form
        or ReplyForm(auto_id="reply_%s", initial={"subject": letter.subject}),
        "dispatch_form": dispatch_form or DispatchForm(auto_id="dispatch_%s"),
        "register_form": register_form
        or (
            register_draft_form(letter)
            if may_register and letter.status == LetterStatus.DRAFT
            else None
        ),
        "may_start_application": may_start_application(user, letter),
        "action_errors": action_errors or [],
    }
    return render(request, "backoffice/letters/detail.html", context, status=status)


@staff_page(Perm.VIEW_LETTER)
def letter_file(request: StaffRequest, pk: int, file_id: int) -> FileResponse:
    letter = visible_letter(request, pk)
    stored = letter.files.filter(pk=file_id, purged_at__isnull=True).first()
    if stored is None:
        raise Http404
    return FileResponse(
        stored.file.open("rb"),
        content_type=stored.content_type,
        as_attachment=False,
        filename=stored.original_name,
    )


def register_draft_form(letter: Letter, data: Any = None) -> RegisterDraftForm:
    """The file a draft will be kept in, chosen to start with as registration would."""
    year = timezone.localdate().year
    form = RegisterDraftForm(data, community=letter.community, year=year, auto_id="register_%s")
    if data is None:
        answered = letter.reply_to.file_index if letter.reply_to is not None else None
        for candidate in (letter.file_index, answered, default_letter_file(letter.journal, year)):
            if candidate is not None and candidate.year == year and candidate.is_active:
                form.initial["file_index"] = candidate.pk
                break
    return form
