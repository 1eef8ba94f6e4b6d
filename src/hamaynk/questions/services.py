"""Every write on a resident's question: ask, answer, reroute, close, publish in the FAQ.

Each function checks who may act (a resident account asks; staff act through the
permission policy), validates its input with specific messages, writes inside one
transaction (the question's row locked) and appends an audit event. The question's text
and answer never go into the audit log: they may hold personal data.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission_for_instance
from hamaynk.audit.context import current_context
from hamaynk.audit.services import audit_record
from hamaynk.core.throttle import Throttle
from hamaynk.notifications.models import Event
from hamaynk.notifications.services import notify

from . import audit_actions as actions
from .anonymise import anonymise
from .models import Question, QuestionStatus, Topic
from .numbering import next_question_number
from .selectors import answer_due_date, asker_names

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community

QUESTION_MIN_LENGTH = 10
QUESTION_MAX_LENGTH = 4000
ANSWER_MAX_LENGTH = 8000
REASON_MAX_LENGTH = 1000
EXCERPT_LENGTH = 300

RESIDENT_LIMIT = 5
"""At most this many questions from one resident account within ``LIMIT_WINDOW``."""
LIMIT_WINDOW = timedelta(hours=24)
ADDRESS_LIMIT = Throttle(
    "questions-ask",
    limit=20,
    slow_after=20,
    window_seconds=int(LIMIT_WINDOW.total_seconds()),
)
"""At most this many questions from one client address (a shared computer in a village
library asks for several people, so this is higher than the per-account limit)."""


class StaleQuestionError(ValidationError):
    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this question after you opened it. "
                "Reload the page to see the changes, then try again."
            ),
            code="stale",
        )


class QuestionRateLimited(ValidationError):
    """Too many questions from one account or one address; ``seconds`` until the next."""

    def __init__(self, message: str, *, seconds: int) -> None:
        self.seconds = seconds
        super().__init__(message, code="rate_limited")


def _require_for(by: User, perm: Perm, question: Question) -> None:
    if not user_has_permission_for_instance(by, perm, question):
        raise PermissionDenied(_("Your role does not allow this action on this question."))


def _lock(question: Question, expected_version: int | None) -> Question:
    """The question's row, locked until the transaction ends; a stale edit is refused."""
    locked = (
        Question.objects.select_for_update()
        .select_related("community", "topic", "department", "resident")
        .get(pk=question.pk)
    )
    if expected_version is not None and locked.version != expected_version:
        raise StaleQuestionError()
    return locked


def _require_open(question: Question) -> None:
    if question.status == QuestionStatus.ANSWERED:
        raise ValidationError(_("This question is already answered."), code="answered")
    if question.status != QuestionStatus.OPEN:
        raise ValidationError(_("This question is closed."), code="closed")


def _text_problem(value: str, *, required: str, longest: int, shortest: int = 1) -> str | None:
    """What is wrong with a text the user wrote (already stripped), or ``None``."""
    if not value:
        return required
    if len(value) < shortest:
        return _(
            "Write at least %(min)d characters, so the specialist understands what you ask."
        ) % {"min": shortest}
    if len(value) > longest:
        return _("This can be at most %(max)d characters long; it has %(length)d.") % {
            "max": longest,
            "length": len(value),
        }
    return None


def _text(value: str, field: str, *, required: str, longest: int) -> str:
    value = (value or "").strip()
    problem = _text_problem(value, required=required, longest=longest)
    if problem:
        raise ValidationError({field: problem})
    return value


def _check_rate(resident: User, address: str | None) -> None:
    since = timezone.now() - LIMIT_WINDOW
    recent = list(
        Question.objects.filter(resident=resident, asked_at__gt=since)
        .order_by("asked_at")
        .values_list("asked_at", flat=True)
    )
    if len(recent) >= RESIDENT_LIMIT:
        free_at = recent[len(recent) - RESIDENT_LIMIT] + LIMIT_WINDOW
        raise QuestionRateLimited(
            ngettext(
                "You have asked %(count)d question in the last 24 hours, as many as one "
                "account may. You can ask again after %(time)s.",
                "You have asked %(count)d questions in the last 24 hours, as many as one "
                "account may. You can ask again after %(time)s.",
                len(recent),
            )
            % {
                "count": len(recent),
                "time": timezone.localtime(free_at).strftime("%d.%m.%Y %H:%M"),
            },
            seconds=max(1, int((free_at - timezone.now()).total_seconds())),
        )
    if address:
        wait = ADDRESS_LIMIT.wait(address)
        if wait:
            minutes = (wait + 59) // 60
            raise QuestionRateLimited(
                ngettext(
                    "Too many questions were sent from this device. Please try again in "
                    "%(minutes)d minute.",
                    "Too many questions were sent from this device. Please try again in "
                    "%(minutes)d minutes.",
                    minutes,
                )
                % {"minutes": minutes},
                seconds=wait,
            )


def question_ask(
    *,
    resident: User,
    community: Community,
    topic: Topic | None,
    text: str,
    client_address: str | None = None,
) -> Question:
    """A resident asks the community a question on ``topic``.

    The department answering is the topic's at this moment; the due date is counted from
    today with the topic's term and the community's working calendar. Limited to
    ``RESIDENT_LIMIT`` questions a day per account and ``ADDRESS_LIMIT`` per client
    address (the request's, from the audit context, unless given).
    """
    if not (resident.is_authenticated and resident.is_active and resident.is_resident):
        raise PermissionDenied(_("Sign in with a resident account to ask a question."))
    errors: dict[str, str] = {}
    if topic is None or topic.community_id != community.pk or not topic.is_active:
        errors["topic"] = _("Choose what your question is about from the list.")
    text = (text or "").strip()
    problem = _text_problem(
        text,
        required=_("Write your question."),
        shortest=QUESTION_MIN_LENGTH,
        longest=QUESTION_MAX_LENGTH,
    )
    if problem:
        errors["text"] = problem
    if not community.is_active:
        errors["topic"] = _("This community does not take questions online.")
    if errors:
        raise ValidationError(errors)
    assert topic is not None
    address = client_address if client_address is not None else current_context().client_ip
    _check_rate(resident, address)
    now = timezone.now()
    today = timezone.localdate(now)
    due = answer_due_date(topic, asked_on=today)
    with transaction.atomic():
        sequence, number = next_question_number(community, today.year)
        question = Question(
            community=community,
            topic=topic,
            department=topic.department,
            number=number,
            year=today.year,
            sequence=sequence,
            resident=resident,
            text=text,
            asked_at=now,
            due_date=due,
        )
        question.full_clean()
        question.save()
        audit_record(
            action=actions.QUESTION_ASKED,
            actor=resident,
            community=community,
            obj=question,
            changes={
                "number": number,
                "topic": topic.pk,
                "department": topic.department.code,
                "due_date": due.isoformat(),
            },
        )
    if address:
        ADDRESS_LIMIT.fail(address)  # counts every question sent, not only refusals
    return question


def _notice_context(question: Question) -> dict[str, object]:
    """What the resident's notice says (JSON: names in three languages, dates ISO)."""
    names = {}
    for key, obj in (("topic", question.topic), ("community", question.community)):
        names[key] = {
            language: getattr(obj, f"name_{language}", "") or getattr(obj, "name_hy", "")
            for language in ("hy", "en", "ru")
        }
    answer = question.answer
    excerpt = answer if len(answer) <= EXCERPT_LENGTH else answer[: EXCERPT_LENGTH - 1] + "…"
    assert question.answered_at is not None
    return {
        "number": question.number,
        **names,
        "answer_excerpt": excerpt,
        "answered_on": timezone.localdate(question.answered_at).isoformat(),
        "due_date": question.due_date.isoformat(),
        # The resident's page of the question, for the link in the notice (by its URL name:
        # nothing of the portal is imported).
        "path": reverse("portal:my_question", kwargs={"pk": question.pk}),
    }


def question_answer(
    *, by: User, question: Question, text: str, expected_version: int | None = None
) -> Question:
    """Answer an open question, once; the resident is told in the same transaction."""
    _require_for(by, Perm.ANSWER_QUESTION, question)
    text = _text(text, "text", required=_("Write the answer."), longest=ANSWER_MAX_LENGTH)
    with transaction.atomic():
        locked = _lock(question, expected_version)
        _require_open(locked)
        locked.answer = text
        locked.answered_by = by
        locked.answered_at = timezone.now()
        locked.status = QuestionStatus.ANSWERED
        locked.version += 1
        locked.save(update_fields=["answer", "answered_by", "answered_at", "status", "version"])
        audit_record(
            action=actions.QUESTION_ANSWERED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={
                "status": [QuestionStatus.OPEN.value, QuestionStatus.ANSWERED.value],
                "on_time": timezone.localdate(locked.answered_at) <= locked.due_date,
            },
        )
        notify(
            recipients=[locked.resident],
            community=locked.community,
            event=Event.QUESTION_ANSWERED,
            obj=locked,
            context=_notice_context(locked),
        )
    return locked


def question_reroute(
    *, by: User, question: Question, topic: Topic | None, expected_version: int | None = None
) -> Question:
    """Move an open question to another topic, and so to that topic's department.

    The due date stays: the resident's clock started when they asked.
    """
    _require_for(by, Perm.ANSWER_QUESTION, question)
    if topic is None or topic.community_id != question.community_id or not topic.is_active:
        raise ValidationError({"topic": _("Choose a topic of this community that is in use.")})
    if topic.pk == question.topic_id:
        raise ValidationError({"topic": _("The question is already on this topic.")})
    with transaction.atomic():
        locked = _lock(question, expected_version)
        _require_open(locked)
        before = (locked.topic_id, locked.department.code)
        locked.topic = topic
        locked.department = topic.department
        locked.version += 1
        locked.save(update_fields=["topic", "department", "version"])
        audit_record(
            action=actions.QUESTION_REROUTED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={
                "topic": [before[0], topic.pk],
                "department": [before[1], topic.department.code],
            },
        )
    return locked


def question_reject(
    *, by: User, question: Question, reason: str, expected_version: int | None = None
) -> Question:
    """Close an open question without an answer (spam, abuse, not the community's matter)."""
    _require_for(by, Perm.ANSWER_QUESTION, question)
    reason = _text(
        reason,
        "reason",
        required=_("Write why the question is closed without an answer; the resident sees it."),
        longest=REASON_MAX_LENGTH,
    )
    with transaction.atomic():
        locked = _lock(question, expected_version)
        _require_open(locked)
        locked.status = QuestionStatus.REJECTED
        locked.rejection_reason = reason
        locked.rejected_by = by
        locked.rejected_at = timezone.now()
        locked.version += 1
        locked.save(
            update_fields=["status", "rejection_reason", "rejected_by", "rejected_at", "version"]
        )
        audit_record(
            action=actions.QUESTION_REJECTED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"status": [QuestionStatus.OPEN.value, QuestionStatus.REJECTED.value]},
        )
    return locked


def faq_suggestion(question: Question) -> tuple[str, str]:
    """The question and its answer with the asker taken out: a draft for staff to edit."""
    names = asker_names(question)
    return anonymise(question.text, names=names), anonymise(question.answer, names=names)


def _still_personal(text: str, names: list[str]) -> bool:
    return anonymise(text, names=names) != text.strip()


def question_publish_faq(
    *, by: User, question: Question, question_text: str, answer_text: str
) -> Question:
    """Publish (or re-publish with edited texts) an answered question in the FAQ.

    Refused while either text still holds an e-mail address, a telephone number, a
    personal number or the asker's name.
    """
    _require_for(by, Perm.PUBLISH_QUESTION, question)
    errors: dict[str, str] = {}
    texts: dict[str, str] = {}
    names = asker_names(question)
    for field, value, required in (
        ("question_text", question_text, _("Write the question as it will be published.")),
        ("answer_text", answer_text, _("Write the answer as it will be published.")),
    ):
        texts[field] = (value or "").strip()
        problem = _text_problem(texts[field], required=required, longest=ANSWER_MAX_LENGTH)
        if problem:
            errors[field] = problem
        elif _still_personal(texts[field], names):
            errors[field] = _(
                "This text still holds an e-mail address, a phone number, a personal "
                "number or the asker's name. Take it out before publishing."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _lock(question, None)
        if locked.status != QuestionStatus.ANSWERED:
            raise ValidationError(_("Only an answered question can be published."))
        republished = locked.faq_published
        locked.faq_published = True
        locked.faq_question = texts["question_text"]
        locked.faq_answer = texts["answer_text"]
        locked.published_at = timezone.now()
        locked.published_by = by
        locked.version += 1
        locked.save(
            update_fields=[
                "faq_published",
                "faq_question",
                "faq_answer",
                "published_at",
                "published_by",
                "version",
            ]
        )
        audit_record(
            action=actions.QUESTION_PUBLISHED,
            actor=by,
            community=locked.community,
            obj=locked,
            changes={"republished": republished},
        )
    return locked


def question_unpublish(*, by: User, question: Question) -> Question:
    """Take a question out of the FAQ; its published texts are kept for a later return."""
    _require_for(by, Perm.PUBLISH_QUESTION, question)
    with transaction.atomic():
        locked = _lock(question, None)
        if not locked.faq_published:
            raise ValidationError(_("This question is not in the FAQ."))
        locked.faq_published = False
        locked.version += 1
        locked.save(update_fields=["faq_published", "version"])
        audit_record(
            action=actions.QUESTION_UNPUBLISHED,
            actor=by,
            community=locked.community,
            obj=locked,
        )
    return locked


def question_asker_shown(*, by: User, question: Question) -> None:
    """Log that a question's page showed ``by`` who asked and how to reach them."""
    audit_record(
        action=actions.ASKER_VIEWED,
        actor=by,
        community=question.community,
        obj=question,
    )
