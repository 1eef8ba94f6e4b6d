"""Staff pages on residents' questions: the worklist, the question page and its actions,
and the topics that route questions to departments."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Case as SqlCase
from django.db.models import IntegerField, Q, Value, When
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import (
    instances_user_has_permission_for,
    user_has_permission,
    user_has_permission_for_instance,
)
from hamaynk.core.pagination import Ordering, keyset_page
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.questions.models import Question, QuestionStatus, Topic
from hamaynk.questions.selectors import may_see_asker, questions_visible_to, topics_of
from hamaynk.questions.services import (
    faq_suggestion,
    question_answer,
    question_asker_shown,
    question_publish_faq,
    question_reject,
    question_reroute,
    question_unpublish,
)
from hamaynk.questions.sla import question_sla, with_sla
from hamaynk.questions.topics import topic_create, topic_update

from .access import StaffRequest, staff_page
from .questions_forms import (
    ALL,
    LIST_TABS,
    OVERDUE,
    AnswerForm,
    PublishForm,
    QuestionFilterForm,
    RejectForm,
    RerouteForm,
    TopicForm,
)

PAGE_SIZE = 50
URGENT_FIRST = Ordering(("due_date", "id"))
NEWEST_FIRST = Ordering(("-asked_at", "-id"))
OPEN_FIRST = Ordering(("rank", "due_date", "id"))


def errors_onto(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for key, errors in error.error_dict.items():
            form.add_error(key if key in form.fields else None, errors)
    else:
        form.add_error(None, error)


def visible_question(request: StaffRequest, pk: int) -> Question:
    return get_object_or_404(questions_visible_to(request.user, request.community), pk=pk)


@staff_page(Perm.VIEW_QUESTION)
def question_list(request: StaffRequest) -> HttpResponse:
    community = request.community
    today = timezone.localdate()
    calendar = working_calendar(community=community, start=today)
    questions = with_sla(questions_visible_to(request.user, community), calendar, today=today)
    current = request.GET.get("list", "")
    if current not in {value for value, _label in LIST_TABS}:
        current = QuestionStatus.OPEN.value
    ordering = URGENT_FIRST
    if current == OVERDUE:
        questions = questions.filter(status=QuestionStatus.OPEN, due_date__lt=today)
    elif current == ALL:
        questions = questions.annotate(
            rank=SqlCase(
                When(status=QuestionStatus.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        ordering = OPEN_FIRST
    else:
        questions = questions.filter(status=current)
        if current != QuestionStatus.OPEN:
            ordering = NEWEST_FIRST
    filters = QuestionFilterForm(request.GET or None, community=community)
    if filters.is_bound and filters.is_valid():
        data = filters.cleaned_data
        if data["topic"] is not None:
            questions = questions.filter(topic=data["topic"])
        number = data["q"].strip()
        if number:
            by_number = Q(number__iexact=number)
            if number.isdigit():
                by_number |= Q(sequence=int(number))
            questions = questions.filter(by_number)
    page = keyset_page(questions, ordering, cursor=request.GET.get("after"), size=PAGE_SIZE)
    return render(
        request,
        "backoffice/questions/list.html",
        {
            "page": page,
            "tabs": LIST_TABS,
            "current": current,
            "filters": filters,
            "may_manage_topics": user_has_permission(
                request.user, Perm.MANAGE_QUESTION_TOPICS, community
            ),
        },
    )


@staff_page(Perm.VIEW_QUESTION)
def question_detail(request: StaffRequest, pk: int) -> HttpResponse:
    return question_page(request, visible_question(request, pk))


def question_page(
    request: StaffRequest,
    question: Question,
    *,
    answer_form: AnswerForm | None = None,
    reroute_form: RerouteForm | None = None,
    reject_form: RejectForm | None = None,
    publish_form: PublishForm | None = None,
    action_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The question, its answer, and the actions this user may take on it."""
    user, community = request.user, request.community
    may_answer = question.is_open and user_has_permission_for_instance(
        user, Perm.ANSWER_QUESTION, question
    )
    may_publish = question.status == QuestionStatus.ANSWERED and user_has_permission_for_instance(
        user, Perm.PUBLISH_QUESTION, question
    )
    # A form posted for an action the question no longer offers (answered meanwhile, say)
    # is not shown again: its errors go to the top of the page.
    action_errors = list(action_errors or [])
    hidden: list[forms.Form | None] = []
    if not may_answer:
        hidden += [answer_form, reroute_form, reject_form]
    if not may_publish:
        hidden.append(publish_form)
    for form in hidden:
        if form is not None and form.errors:
            action_errors += [str(message) for errors in form.errors.values() for message in errors]
    show_asker = may_see_asker(user, question)
    if show_asker:
        question_asker_shown(by=user, question=question)
    version = {"version": question.version}
    if may_publish and publish_form is None:
        if question.faq_question:
            initial = {"question_text": question.faq_question, "answer_text": question.faq_answer}
        else:
            suggested_question, suggested_answer = faq_suggestion(question)
            initial = {"question_text": suggested_question, "answer_text": suggested_answer}
        publish_form = PublishForm(auto_id="publish_%s", initial=initial)
    context: dict[str, Any] = {
        "question": question,
        "sla": question_sla(question),
        "show_asker": show_asker,
        "asker": question.resident if show_asker else None,
        "may_answer": may_answer,
        "may_publish": may_publish,
        "answer_form": answer_form or AnswerForm(auto_id="answer_%s", initial=version),
        "reroute_form": reroute_form
        or RerouteForm(
            auto_id="reroute_%s", community=community, current=question.topic, initial=version
        ),
        "reject_form": reject_form or RejectForm(auto_id="reject_%s", initial=version),
        "publish_form": publish_form,
        "action_errors": action_errors,
    }
    return render(request, "backoffice/questions/detail.html", context, status=status)


def _done(request: StaffRequest, pk: int, message: str) -> HttpResponse:
    messages.success(request, message)
    return redirect("backoffice:question_detail", pk=pk)


@require_POST
@staff_page(Perm.ANSWER_QUESTION)
def question_answer_view(request: StaffRequest, pk: int) -> HttpResponse:
    question = visible_question(request, pk)
    form = AnswerForm(request.POST, auto_id="answer_%s")
    if form.is_valid():
        try:
            question_answer(
                by=request.user,
                question=question,
                text=form.cleaned_data["text"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return _done(request, pk, _("The answer is sent to the resident."))
    return question_page(request, question, answer_form=form, status=400)


@require_POST
@staff_page(Perm.ANSWER_QUESTION)
def question_reroute_view(request: StaffRequest, pk: int) -> HttpResponse:
    question = visible_question(request, pk)
    form = RerouteForm(
        request.POST, auto_id="reroute_%s", community=request.community, current=question.topic
    )
    if form.is_valid():
        try:
            moved = question_reroute(
                by=request.user,
                question=question,
                topic=form.cleaned_data["topic"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            message = _("The question is sent to %(department)s.") % {
                "department": moved.department.name
            }
            if questions_visible_to(request.user, request.community).filter(pk=pk).exists():
                return _done(request, pk, message)
            messages.success(request, message)
            return redirect("backoffice:question_list")
    return question_page(request, question, reroute_form=form, status=400)


@require_POST
@staff_page(Perm.ANSWER_QUESTION)
def question_reject_view(request: StaffRequest, pk: int) -> HttpResponse:
    question = visible_question(request, pk)
    form = RejectForm(request.POST, auto_id="reject_%s")
    if form.is_valid():
        try:
            question_reject(
                by=request.user,
                question=question,
                reason=form.cleaned_data["reason"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return _done(request, pk, _("The question is closed without an answer."))
    return question_page(request, question, reject_form=form, status=400)


@require_POST
@staff_page(Perm.PUBLISH_QUESTION)
def question_publish_view(request: StaffRequest, pk: int) -> HttpResponse:
    question = visible_question(request, pk)
    form = PublishForm(request.POST, auto_id="publish_%s")
    if form.is_valid():
        try:
            question_publish_faq(
                by=request.user,
                question=question,
                question_text=form.cleaned_data["question_text"],
                answer_text=form.cleaned_data["answer_text"],
            )
        except ValidationError as error:
            errors_onto(form, error)
        else:
            return _done(request, pk, _("The question and its answer are in the FAQ."))
    return question_page(request, question, publish_form=form, status=400)


@require_POST
@staff_page(Perm.PUBLISH_QUESTION)
def question_unpublish_view(request: StaffRequest, pk: int) -> HttpResponse:
    question = visible_question(request, pk)
    try:
        question_unpublish(by=request.user, question=question)
    except ValidationError as error:
        return question_page(request, question, action_errors=error.messages, status=400)
    return _done(request, pk, _("The question is taken out of the FAQ."))


@staff_page(Perm.MANAGE_QUESTION_TOPICS)
def topic_list(request: StaffRequest) -> HttpResponse:
    return render(
        request,
        "backoffice/questions/topics.html",
        {"topics": topics_of(request.community)},
    )


@staff_page(Perm.MANAGE_QUESTION_TOPICS)
def topic_new(request: StaffRequest) -> HttpResponse:
    form = TopicForm(request.POST or None, community=request.community)
    if request.method == "POST" and form.is_valid():
        try:
            topic_create(by=request.user, community=request.community, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("The topic is added."))
            return redirect("backoffice:topic_list")
    return render(
        request,
        "backoffice/questions/topic_form.html",
        {"form": form, "topic": None},
        status=400 if form.errors else 200,
    )


@staff_page(Perm.MANAGE_QUESTION_TOPICS)
def topic_edit(request: StaffRequest, pk: int) -> HttpResponse:
    topics = instances_user_has_permission_for(
        request.user, Perm.MANAGE_QUESTION_TOPICS, Topic.objects.all(), community=request.community
    )
    topic = get_object_or_404(topics, pk=pk)
    initial = {
        "name_hy": topic.name_hy,
        "name_en": topic.name_en,
        "name_ru": topic.name_ru,
        "department": topic.department_id,
        "answer_term_length": topic.answer_term_length,
        "answer_term_unit": topic.answer_term_unit,
        "is_active": topic.is_active,
    }
    form = TopicForm(request.POST or None, community=request.community, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            topic_update(by=request.user, topic=topic, **form.cleaned_data)
        except ValidationError as error:
            errors_onto(form, error)
        else:
            messages.success(request, _("The topic is saved."))
            return redirect("backoffice:topic_list")
    return render(
        request,
        "backoffice/questions/topic_form.html",
        {"form": form, "topic": topic},
        status=400 if form.errors else 200,
    )
