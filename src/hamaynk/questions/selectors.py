"""Reading questions: staff through the permission policy, residents their own, everyone
the published FAQ (anonymised texts only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.utils import timezone

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import (
    instances_user_has_permission_for,
    user_has_permission_for_instance,
)
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import due_date
from hamaynk.deadlines.selectors import working_calendar

from .models import Question, QuestionStatus, Topic

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def answer_due_date(
    topic: Topic, *, asked_on: date | None = None, calendar: WorkingCalendar | None = None
) -> date:
    """The day a question on ``topic`` asked on ``asked_on`` (today) must be answered by."""
    asked_on = asked_on or timezone.localdate()
    calendar = calendar or working_calendar(community=topic.community, start=asked_on)
    return due_date(asked_on, topic.term, calendar)


def topics_for_asking(community: Community) -> QuerySet[Topic]:
    """The topics residents may ask about, with the department that answers each."""
    return (
        Topic.objects.filter(community=community, is_active=True)
        .select_related("department", "community")
        .order_by("name_hy", "id")
    )


def topics_of(community: Community) -> QuerySet[Topic]:
    """Every topic of the community, in use or not (for staff)."""
    return (
        Topic.objects.filter(community=community)
        .select_related("department")
        .order_by("-is_active", "name_hy", "id")
    )


def questions_visible_to(user: User | AnonymousUser, community: Community) -> QuerySet[Question]:
    """The community's questions the user may see: a specialist only their department's."""
    return instances_user_has_permission_for(
        user, Perm.VIEW_QUESTION, Question.objects.all(), community=community
    ).select_related("topic", "department", "community")


def may_see_asker(user: User | AnonymousUser, question: Question) -> bool:
    """Whether the user may see who asked and how to reach them: those who may answer."""
    return user_has_permission_for_instance(user, Perm.ANSWER_QUESTION, question)


def asker_names(question: Question) -> list[str]:
    """The asker's names as their account holds them, for the FAQ's anonymisation."""
    resident = question.resident
    return [name for name in (resident.first_name, resident.last_name) if name]


def resident_questions(resident: User) -> QuerySet[Question]:
    """A resident's own questions, newest first, in every community."""
    return (
        Question.objects.filter(resident=resident)
        .select_related("topic", "department", "community")
        .order_by("-asked_at", "-id")
    )


@dataclass(frozen=True)
class FaqTopic:
    topic: Topic
    items: list[Question]


def faq(community: Community) -> list[FaqTopic]:
    """The community's published questions, grouped by topic (topics by name, newest first).

    Callers show ``faq_question`` and ``faq_answer`` only: the texts staff anonymised.
    """
    published = (
        Question.objects.filter(
            community=community, faq_published=True, status=QuestionStatus.ANSWERED
        )
        .select_related("topic")
        .only(
            "id",
            "topic",
            "topic__name_hy",
            "topic__name_en",
            "topic__name_ru",
            "faq_question",
            "faq_answer",
            "published_at",
        )
        .order_by("topic__name_hy", "topic_id", "-published_at", "-id")
    )
    groups: list[FaqTopic] = []
    for question in published:
        if not groups or groups[-1].topic.pk != question.topic_id:
            groups.append(FaqTopic(topic=question.topic, items=[]))
        groups[-1].items.append(question)
    return groups
