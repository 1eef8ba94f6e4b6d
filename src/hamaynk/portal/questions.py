"""Residents' pages on questions: ask a specialist, follow one's own questions, and the
community's published questions and answers (FAQ)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.audit.middleware import client_ip
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.questions.selectors import (
    answer_due_date,
    faq,
    resident_questions,
    topics_for_asking,
)
from hamaynk.questions.services import QuestionRateLimited, question_ask
from hamaynk.tenancy.models import Community

from .access import resident_page
from .questions_forms import AskForm

if TYPE_CHECKING:
    from hamaynk.accounts.models import User


def _community(code: str) -> Community:
    return get_object_or_404(Community.objects.select_related("region"), code=code, is_active=True)


def _errors_onto(form: AskForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error)


def faq_page(request: HttpRequest, code: str) -> HttpResponse:
    community = _community(code)
    return render(
        request,
        "portal/questions/faq.html",
        {"community": community, "groups": faq(community)},
    )


@resident_page
def ask(request: HttpRequest, code: str) -> HttpResponse:
    community = _community(code)
    resident: User = request.user  # type: ignore[assignment]
    topics = topics_for_asking(community)
    form = AskForm(request.POST or None, topics=topics)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            question = question_ask(
                resident=resident,
                community=community,
                topic=form.cleaned_data["topic"],
                text=form.cleaned_data["text"],
                client_address=client_ip(request),
            )
        except QuestionRateLimited as error:
            form.add_error(None, error)
            status = 429
        except ValidationError as error:
            _errors_onto(form, error)
        else:
            messages.success(
                request,
                _("Your question is sent. Its number is %(number)s.") % {"number": question.number},
            )
            return redirect("portal:my_question", pk=question.pk)
    if form.errors and status == 200:
        status = 400
    today = timezone.localdate()
    calendar = working_calendar(community=community, start=today)
    choices = [
        (topic, answer_due_date(topic, asked_on=today, calendar=calendar)) for topic in topics
    ]
    chosen = str(form["topic"].value() or "")
    return render(
        request,
        "portal/questions/ask.html",
        {"community": community, "form": form, "choices": choices, "chosen": chosen},
        status=status,
    )


@resident_page
def my_questions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/questions/my_list.html",
        {"questions": resident_questions(request.user)},  # type: ignore[arg-type]
    )


@resident_page
def my_question(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_object_or_404(resident_questions(request.user), pk=pk)  # type: ignore[arg-type]
    return render(
        request,
        "portal/questions/my_detail.html",
        {"question": question, "community": question.community},
    )
