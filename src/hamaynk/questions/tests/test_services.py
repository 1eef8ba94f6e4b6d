from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from hamaynk.audit.models import AuditEvent
from hamaynk.core.throttle import Throttle
from hamaynk.deadlines.models import CalendarOverride
from hamaynk.notifications.models import Event, Notification
from hamaynk.questions import services
from hamaynk.questions.models import Question, QuestionStatus
from hamaynk.questions.services import (
    RESIDENT_LIMIT,
    QuestionRateLimited,
    StaleQuestionError,
    faq_suggestion,
    question_answer,
    question_ask,
    question_publish_faq,
    question_reject,
    question_reroute,
    question_unpublish,
)
from hamaynk.tenancy.models import Community

from .factories import ask, resident, topic

pytestmark = pytest.mark.django_db
YEREVAN = ZoneInfo("Asia/Yerevan")


def at(day: date, hour: int = 10):
    return time_machine.travel(
        datetime(day.year, day.month, day.day, hour, tzinfo=YEREVAN), tick=False
    )


def _messages(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_asking_numbers_the_question_copies_the_department_and_logs_without_the_text(tatev):
    land = topic(tatev, "land")
    with at(date(2026, 3, 2)):
        first = ask(tatev, on=land)
        second = ask(tatev, on=land)
    assert first.number == f"Հ-2026/{first.sequence:06d}"
    assert second.sequence == first.sequence + 1
    assert first.department == land.department
    assert first.status == QuestionStatus.OPEN
    event = AuditEvent.objects.get(action="questions.asked", object_id=str(first.pk))
    assert event.actor_id == first.resident_id
    assert first.text not in str(event.changes)


def test_numbers_start_again_each_year_and_each_community_has_its_own(tatev):
    aragatsavan = Community.objects.get(code="aragatsavan")
    with at(date(2030, 12, 30)):
        december = ask(tatev)
        elsewhere = ask(aragatsavan, on=topic(aragatsavan, "social"))
    with at(date(2031, 1, 5)):
        january = ask(tatev)
    assert december.number.startswith("Հ-2030/")
    assert january.number == "Հ-2031/000001"
    assert elsewhere.number == "Հ-2030/000001"
    assert december.number == "Հ-2030/000001"


def test_a_rolled_back_question_gives_its_number_back(tatev):
    land = topic(tatev)
    with at(date(2032, 3, 2)):
        with pytest.raises(RuntimeError), transaction.atomic():
            ask(tatev, on=land)
            raise RuntimeError
        kept = ask(tatev, on=land)
    assert kept.number == "Հ-2032/000001"


def test_the_due_date_counts_the_topics_working_days_over_a_holiday(tatev):
    short = topic(tatev, answer_term_length=3)
    with at(date(2026, 4, 22)):  # a Wednesday; 24 April is a public holiday
        question = ask(tatev, on=short)
    assert question.due_date == date(2026, 4, 28)


def test_the_due_date_follows_the_communitys_own_days_off(tatev, staff):
    CalendarOverride.objects.create(
        date=date(2026, 3, 5), kind="day_off", community=tatev, note="Համայնքի տոն"
    )
    term = topic(tatev, answer_term_length=3)
    with at(date(2026, 3, 2)):  # Monday: 3, 4 and (not 5) 6 March
        here = ask(tatev, on=term)
        aragatsavan = Community.objects.get(code="aragatsavan")
        there = ask(aragatsavan, on=topic(aragatsavan, answer_term_length=3))
    assert here.due_date == date(2026, 3, 6)
    assert there.due_date == date(2026, 3, 5)


def test_the_default_term_is_ten_working_days_and_a_topic_may_count_calendar_days(tatev):
    default = topic(tatev)
    calendar_days = topic(tatev, answer_term_length=7, answer_term_unit="calendar")
    assert default.answer_term_length == 10 and default.answer_term_unit == "working"
    with at(date(2026, 3, 2)):
        by_default = ask(tatev, on=default)
        by_calendar = ask(tatev, on=calendar_days)
    assert by_default.due_date == date(2026, 3, 16)
    assert by_calendar.due_date == date(2026, 3, 9)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Write your question."),
        ("   \n ", "Write your question."),
        ("Ինչու՞", "Write at least 10 characters"),
        ("ա" * 4001, "at most 4000 characters long; it has 4001"),
    ],
)
def test_bad_question_texts_are_refused_with_a_specific_message(tatev, text, message):
    with pytest.raises(ValidationError) as error:
        ask(tatev, text=text)
    assert message in _messages(error.value)
    assert "text" in error.value.error_dict


def test_a_topic_of_another_community_or_switched_off_is_refused(tatev):
    aragatsavan = Community.objects.get(code="aragatsavan")
    for wrong in (topic(aragatsavan), topic(tatev, is_active=False), None):
        with pytest.raises(ValidationError) as error:
            question_ask(resident=resident(), community=tatev, topic=wrong, text="Ա" * 20)
        assert error.value.error_dict["topic"][0].message == (
            "Choose what your question is about from the list."
        )


def test_only_a_resident_account_asks(tatev, staff):
    with pytest.raises(PermissionDenied):
        ask(tatev, by=staff("tatev.operator"))


def test_a_resident_may_ask_a_few_questions_a_day_then_waits(tatev):
    asker = resident()
    land = topic(tatev)
    with at(date(2026, 3, 2), hour=9):
        for _ in range(RESIDENT_LIMIT):
            ask(tatev, by=asker, on=land)
    with at(date(2026, 3, 2), hour=15):
        with pytest.raises(QuestionRateLimited) as error:
            ask(tatev, by=asker, on=land)
        ask(tatev, on=land)  # another resident is not held back
    assert f"You have asked {RESIDENT_LIMIT} questions in the last 24 hours" in _messages(
        error.value
    )
    assert "03.03.2026 09:00" in _messages(error.value)
    assert Question.objects.filter(resident=asker).count() == RESIDENT_LIMIT
    with at(date(2026, 3, 3), hour=9):
        ask(tatev, by=asker, on=land)


def test_one_device_may_send_only_so_many_questions(tatev, monkeypatch):
    monkeypatch.setattr(
        services, "ADDRESS_LIMIT", Throttle("questions-ask-test", limit=2, slow_after=2)
    )
    land = topic(tatev)
    ask(tatev, on=land, client_address="192.0.2.7")
    ask(tatev, on=land, client_address="192.0.2.7")
    with pytest.raises(QuestionRateLimited) as error:
        ask(tatev, on=land, client_address="192.0.2.7")
    assert "Too many questions were sent from this device" in _messages(error.value)
    assert error.value.seconds > 0
    ask(tatev, on=land, client_address="192.0.2.8")


def test_an_answer_is_given_once_and_tells_the_resident_once(tatev, staff):
    question = ask(tatev, on=topic(tatev, "land"))
    answered = question_answer(
        by=staff("tatev.specialist"),
        question=question,
        text="  Դիմեք ՔՍԳ՝ սեփականության վկայականով։ ",
        expected_version=question.version,
    )
    assert answered.status == QuestionStatus.ANSWERED
    assert answered.answer == "Դիմեք ՔՍԳ՝ սեփականության վկայականով։"
    assert answered.answered_by == staff("tatev.specialist")
    with pytest.raises(ValidationError) as error:
        question_answer(by=staff("tatev.head"), question=answered, text="Երկրորդ պատասխան")
    assert "already answered" in _messages(error.value)
    (notice,) = Notification.objects.filter(
        recipient=question.resident, event=Event.QUESTION_ANSWERED
    )
    assert notice.object_id == str(question.pk)
    assert notice.context["number"] == question.number
    assert notice.context["answer_excerpt"].startswith("Դիմեք ՔՍԳ")
    assert notice.context["path"] == f"/my/questions/{question.pk}/"


def test_the_notice_is_written_in_the_answers_transaction(tatev, staff):
    question = ask(tatev)
    with pytest.raises(RuntimeError), transaction.atomic():
        question_answer(by=staff("tatev.head"), question=question, text="Պատասխան")
        raise RuntimeError
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN
    assert not Notification.objects.filter(recipient=question.resident).exists()


def test_a_stale_answer_and_an_empty_one_are_refused(tatev, staff):
    question = ask(tatev)
    with pytest.raises(StaleQuestionError):
        question_answer(
            by=staff("tatev.head"),
            question=question,
            text="Պատասխան",
            expected_version=question.version - 1,
        )
    with pytest.raises(ValidationError) as error:
        question_answer(by=staff("tatev.head"), question=question, text="  ")
    assert error.value.error_dict["text"][0].message == "Write the answer."


@pytest.mark.parametrize("username", ["tatev.operator", "tatev.council", "aragatsavan.head"])
def test_who_may_not_answer(tatev, staff, username):
    question = ask(tatev)
    with pytest.raises(PermissionDenied):
        question_answer(by=staff(username), question=question, text="Պատասխան")


def test_a_specialist_answers_only_their_departments_questions(tatev, staff):
    social = ask(tatev, on=topic(tatev, "social"))
    with pytest.raises(PermissionDenied):
        question_answer(by=staff("tatev.specialist"), question=social, text="Պատասխան")


def test_rerouting_moves_the_question_to_the_topics_department_and_keeps_the_due_date(tatev, staff):
    question = ask(tatev, on=topic(tatev, "land"))
    social = topic(tatev, "social", answer_term_length=2)
    moved = question_reroute(by=staff("tatev.specialist"), question=question, topic=social)
    assert moved.topic == social
    assert moved.department.code == "social"
    assert moved.due_date == question.due_date
    assert AuditEvent.objects.filter(action="questions.rerouted", object_id=str(question.pk))
    # It has left the specialist's department: they can no longer act on it.
    with pytest.raises(PermissionDenied):
        question_answer(by=staff("tatev.specialist"), question=moved, text="Պատասխան")
    with pytest.raises(ValidationError) as error:
        question_reroute(by=staff("tatev.head"), question=moved, topic=social)
    assert "already on this topic" in _messages(error.value)
    aragatsavan = Community.objects.get(code="aragatsavan")
    with pytest.raises(ValidationError) as error:
        question_reroute(by=staff("tatev.head"), question=moved, topic=topic(aragatsavan))
    assert "Choose a topic of this community" in _messages(error.value)


def test_a_question_closed_as_spam_needs_a_reason_and_takes_no_answer(tatev, staff):
    question = ask(tatev, text="Գնեք էժան ժամացույցներ http://spam.example")
    with pytest.raises(ValidationError) as error:
        question_reject(by=staff("tatev.head"), question=question, reason="")
    assert "Write why the question is closed" in _messages(error.value)
    closed = question_reject(by=staff("tatev.head"), question=question, reason="Գովազդ է։")
    assert closed.status == QuestionStatus.REJECTED
    assert closed.rejection_reason == "Գովազդ է։"
    with pytest.raises(ValidationError) as error:
        question_answer(by=staff("tatev.head"), question=closed, text="Պատասխան")
    assert "This question is closed." in _messages(error.value)
    assert not Notification.objects.filter(recipient=question.resident).exists()


def test_the_faq_suggestion_takes_the_asker_out(tatev, staff):
    asker = resident(first_name="Արամ", last_name="Պետրոսյան")
    question = ask(
        tatev,
        by=asker,
        text="Ես Արամ Պետրոսյանն եմ, ՀԾՀ 1000000001, հեռ. +374 93 000001, "
        "aram@example.am։ Որքա՞ն է տուրքը։",
    )
    question = question_answer(
        by=staff("tatev.head"),
        question=question,
        text="Հարգելի Արամ, տուրքը 5 000 դրամ է, վճարեք մինչև 15.03.2026։",
    )
    suggested_question, suggested_answer = faq_suggestion(question)
    for personal in ("Արամ", "Պետրոսյան", "1000000001", "+374", "aram@example.am"):
        assert personal not in suggested_question + suggested_answer
    assert "Որքա՞ն է տուրքը" in suggested_question
    assert "5 000 դրամ" in suggested_answer and "15.03.2026" in suggested_answer


def test_publishing_needs_an_answer_and_texts_without_personal_data(tatev, staff):
    asker = resident(first_name="Անահիտ", last_name="Սարգսյան")
    question = ask(tatev, by=asker)
    head = staff("tatev.head")
    with pytest.raises(ValidationError) as error:
        question_publish_faq(by=head, question=question, question_text="Հարց", answer_text="Այո")
    assert "Only an answered question can be published." in _messages(error.value)
    question = question_answer(by=head, question=question, text="Այո, կարելի է։")
    with pytest.raises(ValidationError) as error:
        question_publish_faq(
            by=head,
            question=question,
            question_text="Անահիտը հարցնում է՝ կարելի՞ է։",
            answer_text="",
        )
    assert "still holds" in error.value.error_dict["question_text"][0].message
    assert error.value.error_dict["answer_text"][0].message == (
        "Write the answer as it will be published."
    )
    published = question_publish_faq(
        by=head, question=question, question_text="Կարելի՞ է։", answer_text="Այո։"
    )
    assert published.faq_published and published.published_by == head
    assert (published.faq_question, published.faq_answer) == ("Կարելի՞ է։", "Այո։")
    unpublished = question_unpublish(by=head, question=published)
    assert not unpublished.faq_published
    assert unpublished.faq_question == "Կարելի՞ է։"
    with pytest.raises(ValidationError):
        question_unpublish(by=head, question=unpublished)


@pytest.mark.parametrize("username", ["tatev.specialist", "tatev.operator"])
def test_specialists_and_operators_do_not_publish(tatev, staff, username):
    question = question_answer(
        by=staff("tatev.head"), question=ask(tatev, on=topic(tatev, "land")), text="Այո"
    )
    with pytest.raises(PermissionDenied):
        question_publish_faq(
            by=staff(username), question=question, question_text="Հարց", answer_text="Այո"
        )


def test_old_questions_fall_out_of_the_rate_window(tatev):
    asker = resident()
    land = topic(tatev)
    with at(date(2026, 3, 2)):
        for _ in range(RESIDENT_LIMIT):
            ask(tatev, by=asker, on=land)
    later = date(2026, 3, 2) + timedelta(days=2)
    with at(later):
        assert ask(tatev, by=asker, on=land).pk
