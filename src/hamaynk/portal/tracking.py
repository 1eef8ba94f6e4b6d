"""Following an application or a letter without an account, by its tracking code.

An application shows its status in plain words, its due date, its public history, the
office's request while it waits for the applicant, and a link to its outcome document
once issued. A letter shows its number, subject, status in plain words and when it was
(or is to be) answered. Nothing internal and nothing personal; wrong codes are slowed
down and then stopped, for the look-up and the download alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django import forms
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from hamaynk.audit.middleware import client_ip
from hamaynk.cases.numbering import normalize_tracking_code
from hamaynk.cases.tracking import (
    case_by_tracking_code,
    current_document,
    outcome_document_downloaded,
    public_view,
)
from hamaynk.core.throttle import Throttle
from hamaynk.correspondence.control import ControlState
from hamaynk.correspondence.models import JournalKind, Letter, LetterStatus
from hamaynk.correspondence.selectors import letter_control_state

from .my_case import outcome_file


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=24,
        help_text=_(
            "16 letters and digits, printed on the receipt of your application or letter, "
            "e.g. 7K3M-9QXT-2B4R-8HDN."
        ),
    )


LOOKUPS = Throttle("tracking")


@dataclass(frozen=True)
class PublicLetter:
    number: str
    subject: str
    community: str
    status: str
    registered_on: date | None
    answer_due: date | None
    answered_on: date | None
    sent_on: date | None
    late: bool
    outgoing: bool


_LETTER_STATUS = {
    LetterStatus.REGISTERED: _("Registered; waiting for the head of the community to assign it"),
    LetterStatus.IN_EXECUTION: _("Being dealt with"),
    LetterStatus.EXECUTED: _("Answered"),
    LetterStatus.DISPATCHED: _("Sent"),
}


def _day(moment: datetime | None) -> date | None:
    return timezone.localdate(moment) if moment is not None else None


def public_letter(code: str) -> PublicLetter | None:
    """A registered incoming or outgoing letter with this code; internal letters and
    drafts are the office's own and are not found."""
    normalized = normalize_tracking_code(code)
    if len(normalized) != 16:
        return None
    letter = (
        Letter.objects.select_related("community")
        .filter(tracking_code=normalized, kind__in=[JournalKind.INCOMING, JournalKind.OUTGOING])
        .exclude(status=LetterStatus.DRAFT)
        .exclude(number="")
        .first()
    )
    if letter is None:
        return None
    outgoing = letter.kind == JournalKind.OUTGOING
    state = None if outgoing else letter_control_state(letter)
    open_ = letter.status == LetterStatus.IN_EXECUTION
    dispatch = letter.dispatches.order_by("-dispatched_at").first() if outgoing else None
    return PublicLetter(
        number=letter.number,
        subject=letter.subject,
        community=letter.community.name,
        status=str(_LETTER_STATUS[LetterStatus(letter.status)]),
        registered_on=_day(letter.registered_at),
        answer_due=letter.control_date if open_ else None,
        answered_on=letter.executed_on if letter.status == LetterStatus.EXECUTED else None,
        sent_on=_day(dispatch.dispatched_at) if dispatch is not None else None,
        late=state in (ControlState.OVERDUE, ControlState.EXECUTED_LATE),
        outgoing=outgoing,
    )


def _wait_message(seconds: int) -> str:
    return str(
        _("Too many wrong codes from this device. Please wait %(seconds)d seconds and try again.")
        % {"seconds": seconds}
    )


def track(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.GET or None)
    case = letter = None
    code = ""
    status = 200
    if form.is_bound and form.is_valid():
        client = client_ip(request) or "unknown"
        wait = LOOKUPS.wait(client)
        if wait:
            status = 429
            form.add_error("code", _wait_message(wait))
        else:
            code = form.cleaned_data["code"]
            found = case_by_tracking_code(code)
            if found is not None:
                case = public_view(found)
            else:
                letter = public_letter(code)
            if case is None and letter is None:
                LOOKUPS.fail(client)
                form.add_error(
                    "code",
                    _(
                        "No application has this tracking code, and no letter either. "
                        "Check it against your receipt."
                    ),
                )
    context = {
        "form": form,
        "case": case,
        "letter": letter,
        "code": normalize_tracking_code(code),
    }
    return render(request, "portal/track.html", context, status=status)


@require_GET
def track_document(request: HttpRequest, code: str) -> HttpResponse:
    """The outcome document of the application with this tracking code (its current
    version), throttled like the look-up."""
    client = client_ip(request) or "unknown"
    wait = LOOKUPS.wait(client)
    if wait:
        return HttpResponse(_wait_message(wait), status=429, content_type="text/plain")
    case = case_by_tracking_code(code)
    document = current_document(case) if case is not None else None
    if case is None or document is None:
        LOOKUPS.fail(client)
        raise Http404
    outcome_document_downloaded(by=None, document=document, via="tracking_code")
    name = (case.number or case.tracking_code).replace("/", "-")
    return outcome_file(document, f"{name}-v{document.version}.pdf")
