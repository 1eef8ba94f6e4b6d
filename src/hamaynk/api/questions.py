"""Residents' questions: the list across the caller's communities, one question with its
ETag, and answering it (the same service as the staff page; the resident is told).

Personal data, ``null`` without the personal-data scope: the question's and the answer's
texts (a resident writes about themselves) and the asker's name and contact. The asker is
shown, as on the staff page, only to those who may answer the question; every showing is in
the audit log, where the resident's own page of who opened their data finds it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers
from rest_framework.request import Request
from rest_framework.response import Response

from hamaynk.accounts.policy import communities_for
from hamaynk.core.pagination import Ordering
from hamaynk.core.replicas import replica_reads
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import SlaState
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.integrations.services import personal_data_read
from hamaynk.questions.models import Question, QuestionStatus
from hamaynk.questions.selectors import may_see_asker, questions_visible_to
from hamaynk.questions.services import (
    ANSWER_MAX_LENGTH,
    StaleQuestionError,
    question_answer,
    question_asker_shown,
)
from hamaynk.questions.sla import question_sla, with_sla
from hamaynk.tenancy.models import Community

from .base import ApiView, query
from .pagination import PageQuery, page_of, paginated
from .principal import client_of, communities_asked, shows_personal_data
from .problems import Conflict, PreconditionFailed, PreconditionRequired
from .schema import problems
from .strict import StrictSerializer

QUESTION_PARAMETER = OpenApiParameter(
    "question",
    OpenApiTypes.INT,
    OpenApiParameter.PATH,
    description=gettext_lazy("The question's id (not its number)."),
)
QUESTION_IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=True,
    description=gettext_lazy(
        "The ETag of the question as last read. Missing: 428; no longer current: 412."
    ),
)
QUESTION_ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200],
    description=gettext_lazy("The question's version, for If-Match."),
)

ORDERINGS = {
    "recent": Ordering(("-asked_at", "-id")),
    "due": Ordering(("due_date", "id")),
}

_ETAG = re.compile(r'^(?:W/)?"([0-9]{1,9})"$')


def question_etag(question: Question) -> str:
    """The question's ``version``, which every change to it raises."""
    return f'"{question.version}"'


# Reading -------------------------------------------------------------------------------


class NamedRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(help_text=gettext_lazy("In the language of the answer."))


class DepartmentRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField(help_text=gettext_lazy("In the language of the answer."))


class AskerSerializer(serializers.Serializer):
    name = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()


class QuestionSerializer(serializers.Serializer):
    """A resident's question. Its texts and the asker are null without the personal-data
    scope; the asker also for those who may not answer it."""

    # Context: ``personal`` (community id → the scope), ``askers`` (ids of the questions
    # whose asker is shown), ``calendars`` (community id → working calendar), ``today``.

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    number = serializers.CharField(help_text=gettext_lazy("E.g. Հ-2026/000012."))
    community = serializers.CharField(source="community.code")
    topic = serializers.SerializerMethodField()
    department = serializers.SerializerMethodField(
        help_text=gettext_lazy("The department that answers.")
    )
    status = serializers.ChoiceField(choices=QuestionStatus.choices)
    status_label = serializers.SerializerMethodField()
    asked_at = serializers.DateTimeField()
    due_date = serializers.DateField(help_text=gettext_lazy("The answer is due by this day."))
    answered_at = serializers.DateTimeField(allow_null=True)
    sla = serializers.SerializerMethodField(
        help_text=gettext_lazy("How close an open question is to its due date; null once closed.")
    )
    version = serializers.IntegerField(help_text=gettext_lazy("Changes with every step; the ETag."))
    text = serializers.SerializerMethodField(
        help_text=gettext_lazy("The question. Null without the personal-data scope.")
    )
    answer = serializers.SerializerMethodField(
        help_text=gettext_lazy("The answer, once given. Null without the personal-data scope.")
    )
    asker = serializers.SerializerMethodField(
        help_text=gettext_lazy(
            "Who asked and how to reach them: with the personal-data scope, to those who may "
            "answer the question."
        )
    )

    def _personal(self, question: Question) -> bool:
        return bool(self.context["personal"].get(question.community_id))

    def get_url(self, question: Question) -> str:
        return reverse("api:question", kwargs={"question": question.pk})

    @extend_schema_field(NamedRefSerializer)
    def get_topic(self, question: Question) -> dict[str, Any]:
        return {"id": question.topic_id, "name": question.topic.name}

    @extend_schema_field(DepartmentRefSerializer)
    def get_department(self, question: Question) -> dict[str, Any]:
        return {"code": question.department.code, "name": question.department.name}

    def get_status_label(self, question: Question) -> str:
        return str(QuestionStatus(question.status).label)

    @extend_schema_field(serializers.ChoiceField(choices=SlaState.choices, allow_null=True))
    def get_sla(self, question: Question) -> str | None:
        calendars: dict[int, WorkingCalendar] = self.context["calendars"]
        state = question_sla(
            question, today=self.context["today"], calendar=calendars[question.community_id]
        )
        return str(state) if state else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_text(self, question: Question) -> str | None:
        return question.text if self._personal(question) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_answer(self, question: Question) -> str | None:
        if not self._personal(question) or question.status != QuestionStatus.ANSWERED:
            return None
        return question.answer

    @extend_schema_field(AskerSerializer(allow_null=True))
    def get_asker(self, question: Question) -> dict[str, str] | None:
        if question.pk not in self.context["askers"]:
            return None
        resident = question.resident
        return {
            "name": resident.get_full_name() or resident.get_username(),
            "email": resident.email,
            "phone": resident.phone,
        }


class QuestionListQuery(PageQuery):
    community = serializers.CharField(
        required=False, max_length=40, help_text=gettext_lazy("Only this community's questions.")
    )
    status = serializers.ChoiceField(choices=QuestionStatus.choices, required=False)
    department = serializers.SlugField(
        required=False, max_length=40, help_text=gettext_lazy("The answering department's code.")
    )
    topic = serializers.IntegerField(
        required=False, min_value=1, help_text=gettext_lazy("A topic's id.")
    )
    sla = serializers.ChoiceField(
        choices=SlaState.choices,
        required=False,
        help_text=gettext_lazy("Open questions in this state, today."),
    )
    ordering = serializers.ChoiceField(
        choices=[
            ("recent", gettext_lazy("Newest first")),
            ("due", gettext_lazy("Due date, soonest first")),
        ],
        required=False,
        default="recent",
    )


def _calendars(communities: list[Community], today: date) -> dict[int, WorkingCalendar]:
    return {c.pk: working_calendar(community=c, start=today) for c in communities}


class QuestionReader(ApiView):
    """What the question endpoints share: finding a question, showing it, logging the read."""

    def _question(self, pk: int) -> Question:
        """The question, if the caller may see it in one of their communities; else 404."""
        community_id = Question.objects.filter(pk=pk).values_list("community_id", flat=True).first()
        if community_id is None:
            raise exceptions.NotFound()
        community = communities_for(self.principal).filter(pk=community_id).first()
        if community is None:
            raise exceptions.NotFound()
        found = (
            questions_visible_to(self.principal, community)
            .select_related("resident")
            .filter(pk=pk)
            .first()
        )
        if found is None:
            raise exceptions.NotFound()
        return found

    def _shown(
        self, request: Request, rows: list[Question], personal: dict[int, bool], today: date
    ) -> tuple[Any, set[int]]:
        """The rows as the body shows them, and the ids of those whose asker is shown."""
        communities = {row.community_id: row.community for row in rows}
        askers = {
            row.pk
            for row in rows
            if personal.get(row.community_id) and may_see_asker(self.principal, row)
        }
        context = {
            "personal": personal,
            "askers": askers,
            "calendars": _calendars(list(communities.values()), today),
            "today": today,
        }
        return [QuestionSerializer(row, context=context).data for row in rows], askers

    def _log(
        self,
        request: Request,
        rows: list[Question],
        personal: dict[int, bool],
        askers: set[int],
        *,
        what: str,
    ) -> None:
        """Every read of personal data in the audit log; each asker shown for the resident."""
        read: dict[int, list[Question]] = defaultdict(list)
        for row in rows:
            if personal.get(row.community_id):
                read[row.community_id].append(row)
        for shown in read.values():
            personal_data_read(
                by=self.principal,
                client=client_of(request),
                community=shown[0].community,
                what=what,
                object_ids=[row.pk for row in shown],
                obj=shown[0] if len(shown) == 1 else None,
            )
        for row in rows:
            if row.pk in askers:
                question_asker_shown(by=self.principal, question=row)

    def _one(self, request: Request, question: Question, *, status: int = 200) -> Response:
        personal = {question.community_id: shows_personal_data(request, question.community)}
        [body], askers = self._shown(request, [question], personal, timezone.localdate())
        self._log(request, [question], personal, askers, what="question")
        return Response(body, status=status, headers={"ETag": question_etag(question)})


@replica_reads
class QuestionCollection(QuestionReader):
    @extend_schema(
        operation_id="questions_list",
        summary=gettext_lazy("Residents' questions"),
        description=gettext_lazy(
            "Those the caller may see in every community they work in (or in `community`); "
            "a department's specialist sees the department's. Newest first unless `ordering` "
            "says otherwise."
        ),
        parameters=[QuestionListQuery],
        responses={200: page_of(QuestionSerializer), **problems(400)},
        tags=["questions"],
    )
    def get(self, request: Request) -> Response:
        params = dict(query(request, QuestionListQuery))
        communities = communities_asked(self.principal, params.get("community"))
        today = timezone.localdate()
        calendars = _calendars(communities, today)
        found = Q(pk__in=[])
        for community in communities:
            questions = self._filtered(community, params, calendars[community.pk], today)
            found |= Q(pk__in=questions.values("pk"))
        rows_query = Question.objects.filter(found).select_related(
            "community", "topic", "department", "resident"
        )
        personal = {c.pk: shows_personal_data(request, c) for c in communities}
        shown: set[int] = set()

        def represent(rows: list[Any]) -> Any:
            body, askers = self._shown(request, rows, personal, today)
            shown.update(askers)
            return body

        sort = params.get("ordering") or "recent"
        response, rows = paginated(request, rows_query, ORDERINGS[sort], params, represent)
        self._log(request, rows, personal, shown, what="questions")  # type: ignore[arg-type]
        return response

    def _filtered(
        self,
        community: Community,
        params: dict[str, Any],
        calendar: WorkingCalendar,
        today: date,
    ) -> QuerySet[Question]:
        questions = questions_visible_to(self.principal, community)
        if params.get("status"):
            questions = questions.filter(status=params["status"])
        if params.get("department"):
            questions = questions.filter(department__code=params["department"])
        if params.get("topic"):
            questions = questions.filter(topic_id=params["topic"])
        if params.get("sla"):
            questions = with_sla(questions, calendar, today=today).filter(
                sla=params["sla"]  # type: ignore[misc]  # annotated by with_sla
            )
        return questions


class QuestionDetail(QuestionReader):
    @extend_schema(
        operation_id="questions_read",
        summary=gettext_lazy("One question, with its ETag"),
        parameters=[QUESTION_PARAMETER, QUESTION_ETAG],
        responses={200: QuestionSerializer, **problems(404)},
        tags=["questions"],
    )
    def get(self, request: Request, question: int) -> Response:
        return self._one(request, self._question(question))


# Answering -----------------------------------------------------------------------------


class AnswerBody(StrictSerializer):
    text = serializers.CharField(
        max_length=ANSWER_MAX_LENGTH,
        help_text=gettext_lazy("The answer, as the resident will read it."),
    )


def _expected_version(request: Request, question: Question) -> int:
    """The version If-Match names, if it is the question's current one (428, 412 else)."""
    header = request.headers.get("If-Match", "").strip()
    if not header:
        raise PreconditionRequired(
            _("Send the ETag of the question as you last read it in the If-Match header.")
        )
    if header == "*":
        raise PreconditionRequired(
            _("Send the question's own ETag in If-Match, not “*”: changes need a version.")
        )
    match = _ETAG.match(header)
    if match is None or int(match.group(1)) != question.version:
        raise PreconditionFailed(
            _(
                "The question changed since you read it: read it again, then send its new "
                "ETag in If-Match."
            )
        )
    return question.version


class QuestionAnswer(QuestionReader):
    @extend_schema(
        operation_id="questions_answer",
        summary=gettext_lazy("Answer a question"),
        description=gettext_lazy(
            "Calls the same service as the staff page: those who may answer the question's "
            "department may (403 otherwise); an answered or closed question is a 409. The "
            "resident is told. If-Match is required."
        ),
        parameters=[QUESTION_PARAMETER, QUESTION_IF_MATCH, QUESTION_ETAG],
        request=AnswerBody,
        responses={200: QuestionSerializer, **problems(400, 404, 409, 412, 415, 422, 428)},
        tags=["questions"],
    )
    def post(self, request: Request, question: int) -> Response:
        found = self._question(question)
        version = _expected_version(request, found)
        body = AnswerBody(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            answered = question_answer(
                by=self.principal,
                question=found,
                text=body.validated_data["text"],
                expected_version=version,
            )
        except StaleQuestionError as error:
            raise PreconditionFailed(error.messages[0]) from error
        except ValidationError as error:
            if not hasattr(error, "error_dict") and error.code in ("answered", "closed"):
                raise Conflict(" ".join(error.messages)) from error
            raise
        return self._one(request, self._question(answered.pk))
