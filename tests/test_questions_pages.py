"""The pages of "Ask a specialist": the resident asks and reads the answer, staff answer,
reroute, close and publish, and everyone reads the FAQ without names."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from hamaynk.audit.models import AuditEvent
from hamaynk.core.throttle import Throttle
from hamaynk.notifications.models import Event, Notification
from hamaynk.questions import services
from hamaynk.questions.models import Question, QuestionStatus, Topic
from hamaynk.questions.selectors import answer_due_date
from hamaynk.questions.services import question_answer, question_publish_faq
from hamaynk.questions.tests.factories import ask, resident, topic
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def as_resident(client, user=None):
    user = user or resident(first_name="Նարինե", last_name="Հովհաննիսյան")
    client.force_login(user)
    english(client)
    return user


def page(response) -> str:
    return response.content.decode()


# The resident's pages


def test_the_ask_page_says_who_answers_and_by_when(client, tatev):
    land = topic(tatev, "land", name_en="Fences and sheds", answer_term_length=3)
    as_resident(client)
    response = client.get(reverse("portal:ask", args=["tatev"]))
    assert response.status_code == 200
    text = page(response)
    assert "Fences and sheds" in text
    assert "Land management" in text
    assert answer_due_date(land).strftime("%d.%m.%Y") in text


def test_asking_with_nothing_filled_in_explains_each_field(client, tatev):
    as_resident(client)
    response = client.post(reverse("portal:ask", args=["tatev"]), {"topic": "", "text": ""})
    assert response.status_code == 400
    text = page(response)
    assert "error-summary" in text
    assert "Choose what your question is about from the list." in text
    assert "Write your question." in text


def test_a_short_question_keeps_what_was_typed_and_the_chosen_topic(client, tatev):
    land = topic(tatev)
    as_resident(client)
    response = client.post(
        reverse("portal:ask", args=["tatev"]), {"topic": land.pk, "text": "Ինչու՞"}
    )
    assert response.status_code == 400
    text = page(response)
    assert "Write at least 10 characters" in text
    assert "Ինչու՞</textarea>" in text
    assert re.search(rf'value="{land.pk}"[^>]*checked', text)


def test_a_topic_of_another_community_is_refused_on_the_page(client, tatev):
    aragatsavan = Community.objects.get(code="aragatsavan")
    elsewhere = topic(aragatsavan)
    as_resident(client)
    response = client.post(
        reverse("portal:ask", args=["tatev"]), {"topic": elsewhere.pk, "text": "Ա" * 30}
    )
    assert response.status_code == 400
    assert "Choose what your question is about from the list." in page(response)
    assert not Question.objects.filter(topic=elsewhere).exists()


def test_a_resident_asks_and_follows_the_question_to_its_answer(client, staff, tatev):
    land = topic(tatev, "land")
    user = as_resident(client)
    response = client.post(
        reverse("portal:ask", args=["tatev"]),
        {"topic": land.pk, "text": "Կարո՞ղ եմ ցանկապատը բարձրացնել մինչև 2 մետր։"},
    )
    question = Question.objects.get(resident=user)
    assert response.status_code == 302
    assert response.url == reverse("portal:my_question", args=[question.pk])
    text = page(client.get(response.url))
    assert question.number in text
    assert "Waiting for an answer" in text
    assert question.due_date.strftime("%d.%m.%Y") in text

    mine = page(client.get(reverse("portal:my_questions")))
    assert question.number in mine

    question_answer(by=staff("tatev.specialist"), question=question, text="Այո, կարող եք։")
    text = page(client.get(reverse("portal:my_question", args=[question.pk])))
    assert "Answered" in text and "Այո, կարող եք։" in text


def test_another_residents_question_is_not_found(client, tatev):
    someone_elses = ask(tatev)
    as_resident(client)
    assert client.get(reverse("portal:my_question", args=[someone_elses.pk])).status_code == 404
    assert someone_elses.number not in page(client.get(reverse("portal:my_questions")))


def test_staff_are_not_residents_on_the_residents_pages(client, staff, tatev):
    client.force_login(staff("tatev.head"))
    response = client.get(reverse("portal:my_questions"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:sign_in"))
    response = client.get(reverse("portal:ask", args=["tatev"]))
    assert response.status_code == 302


def test_too_many_questions_from_one_device_are_refused_on_the_page(client, tatev, monkeypatch):
    monkeypatch.setattr(
        services, "ADDRESS_LIMIT", Throttle("questions-page-test", limit=1, slow_after=1)
    )
    land = topic(tatev)
    as_resident(client)
    url = reverse("portal:ask", args=["tatev"])
    data = {"topic": land.pk, "text": "Երբ է բացվում մանկապարտեզը։"}
    assert client.post(url, data).status_code == 302
    response = client.post(url, data)
    assert response.status_code == 429
    assert "Too many questions were sent from this device" in page(response)


def test_the_faq_shows_published_texts_only_and_never_a_name(client, staff, tatev):
    head = staff("tatev.head")
    roads = topic(tatev, "construction", name_en="Roads in winter")
    asker = resident(first_name="Գայանե", last_name="Մխիթարյան")
    published = question_answer(
        by=head,
        question=ask(tatev, by=asker, on=roads, text="Գայանե Մխիթարյան եմ, ե՞րբ կմաքրեն ձյունը։"),
        text="Հարգելի Գայանե, առավոտյան։",
    )
    question_publish_faq(
        by=head,
        question=published,
        question_text="Ե՞րբ են մաքրում ձյունը։",
        answer_text="Առավոտյան, ժամը 7-ից։",
    )
    unpublished = question_answer(
        by=head, question=ask(tatev, on=roads, text="Չհրապարակված հարց է սա։"), text="Պատասխան"
    )
    response = english(client).get(reverse("portal:faq", args=["tatev"]))
    assert response.status_code == 200
    text = page(response)
    assert "Roads in winter" in text
    assert "Ե՞րբ են մաքրում ձյունը։" in text and "Առավոտյան, ժամը 7-ից։" in text
    for hidden in ("Գայանե", "Մխիթարյան", "Չհրապարակված", asker.email, unpublished.answer):
        assert hidden not in text
    other = page(client.get(reverse("portal:faq", args=["aragatsavan"])))
    assert "Ե՞րբ են մաքրում ձյունը։" not in other


# The staff pages


def overdue_question(community, on: Topic | None = None) -> Question:
    question = ask(community, on=on)
    Question.objects.filter(pk=question.pk).update(
        due_date=timezone.localdate() - timedelta(days=3)
    )
    return question


def test_the_worklist_puts_open_questions_first_and_marks_the_overdue(login, tatev):
    land = topic(tatev, "land", name_en="Land worklist")
    late = overdue_question(tatev, on=land)
    waiting = ask(tatev, on=land)
    client = english(login("tatev.head"))
    text = page(client.get(reverse("backoffice:question_list")))
    assert late.number in text and waiting.number in text
    assert text.index(late.number) < text.index(waiting.number)
    assert "sla-overdue" in text
    overdue = page(client.get(reverse("backoffice:question_list"), {"list": "overdue"}))
    assert late.number in overdue and waiting.number not in overdue
    other = topic(tatev, "social")
    filtered = page(client.get(reverse("backoffice:question_list"), {"topic": other.pk}))
    assert late.number not in filtered
    by_number = page(client.get(reverse("backoffice:question_list"), {"q": waiting.number}))
    assert waiting.number in by_number and late.number not in by_number


def test_the_worklist_refuses_a_topic_it_does_not_know(login, tatev):
    client = english(login("tatev.head"))
    response = client.get(reverse("backoffice:question_list"), {"topic": "999999"})
    assert response.status_code == 200
    assert "error-summary" in page(response)


def test_the_asker_is_shown_to_who_may_answer_and_the_opening_is_logged(login, tatev):
    asker = resident(first_name="Տաթևիկ", last_name="Գրիգորյան", phone="+37491000111")
    question = ask(tatev, by=asker, on=topic(tatev, "land"))
    client = english(login("tatev.specialist"))
    text = page(client.get(reverse("backoffice:question_detail", args=[question.pk])))
    assert "Տաթևիկ Գրիգորյան" in text and "+37491000111" in text and asker.email in text
    assert AuditEvent.objects.filter(
        action="questions.asker_viewed", object_id=str(question.pk), actor_label="tatev.specialist"
    ).exists()

    client = english(login("tatev.operator"))
    response = client.get(reverse("backoffice:question_detail", args=[question.pk]))
    assert response.status_code == 200
    text = page(response)
    assert question.text in text
    assert "Գրիգորյան" not in text and "+37491000111" not in text and asker.email not in text
    assert reverse("backoffice:question_answer", args=[question.pk]) not in text


def test_a_specialist_of_another_department_finds_nothing(login, tatev):
    social = ask(tatev, on=topic(tatev, "social"))
    client = login("tatev.specialist")
    assert client.get(reverse("backoffice:question_detail", args=[social.pk])).status_code == 404
    response = client.post(
        reverse("backoffice:question_answer", args=[social.pk]),
        {"text": "Պատասխան", "version": social.version},
    )
    assert response.status_code == 404
    assert social.number not in page(client.get(reverse("backoffice:question_list")))


def test_another_communitys_question_is_not_found(login, tatev):
    question = ask(tatev)
    client = login("aragatsavan.head")
    assert client.get(reverse("backoffice:question_detail", args=[question.pk])).status_code == 404
    response = client.post(
        reverse("backoffice:question_reject", args=[question.pk]),
        {"reason": "Ոչ մեր", "version": question.version},
    )
    assert response.status_code == 404
    question.refresh_from_db()
    assert question.status == QuestionStatus.OPEN


def test_answering_on_the_page(login, tatev):
    question = ask(tatev, on=topic(tatev, "land"))
    client = english(login("tatev.specialist"))
    url = reverse("backoffice:question_answer", args=[question.pk])
    response = client.post(url, {"text": "  ", "version": question.version})
    assert response.status_code == 400
    assert "Write the answer." in page(response)
    response = client.post(url, {"text": "Դիմեք ՔՍԳ։", "version": question.version})
    assert response.status_code == 302
    assert (
        Notification.objects.filter(
            recipient=question.resident, event=Event.QUESTION_ANSWERED
        ).count()
        == 1
    )
    response = client.post(url, {"text": "Կրկին", "version": question.version + 1})
    assert response.status_code == 400
    assert "already answered" in page(response)


def test_a_stale_form_is_refused(login, staff, tatev):
    question = ask(tatev)
    old_version = question.version
    question_answer(by=staff("tatev.head"), question=question, text="Այո")
    client = english(login("tatev.secretary"))
    response = client.post(
        reverse("backoffice:question_reject", args=[question.pk]),
        {"reason": "Կրկնօրինակ", "version": old_version},
    )
    assert response.status_code == 400
    assert "Someone else changed this question" in page(response)


def test_rerouting_and_closing_on_the_page(login, tatev):
    question = ask(tatev, on=topic(tatev, "land"))
    social = topic(tatev, "social", name_en="Benefits")
    client = english(login("tatev.specialist"))
    response = client.post(
        reverse("backoffice:question_reroute", args=[question.pk]),
        {"topic": "", "version": question.version},
    )
    assert response.status_code == 400
    assert "Choose a topic of this community that is in use." in page(response)
    response = client.post(
        reverse("backoffice:question_reroute", args=[question.pk]),
        {"topic": social.pk, "version": question.version},
    )
    # Sent out of the specialist's department: back to the list, not to a page now hidden.
    assert response.status_code == 302 and response.url == reverse("backoffice:question_list")
    question.refresh_from_db()
    assert question.department.code == "social"

    client = english(login("tatev.head"))
    url = reverse("backoffice:question_reject", args=[question.pk])
    response = client.post(url, {"reason": "", "version": question.version})
    assert response.status_code == 400
    assert "Write why the question is closed without an answer" in page(response)
    response = client.post(url, {"reason": "Գովազդ", "version": question.version})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.status == QuestionStatus.REJECTED


def test_the_publish_form_is_prefilled_with_the_anonymised_suggestion(login, staff, tatev):
    asker = resident(first_name="Մարինե", last_name="Ավետիսյան")
    question = ask(
        tatev,
        by=asker,
        text="Մարինե Ավետիսյան եմ, հեռ. 093 123456։ Ինչպե՞ս գրանցել ամուսնությունը։",
    )
    question = question_answer(
        by=staff("tatev.head"), question=question, text="Հարգելի Մարինե, դիմեք ՔԿԱԳ։"
    )
    client = english(login("tatev.secretary"))
    text = page(client.get(reverse("backoffice:question_detail", args=[question.pk])))
    start = text.index('id="publish_question_text"')
    form = text[start : text.index("</form>", start)]
    assert "Ինչպե՞ս գրանցել ամուսնությունը։" in form and "դիմեք ՔԿԱԳ։" in form
    assert "093 123456" not in form and "Ավետիսյան" not in form and "Մարինե" not in form

    url = reverse("backoffice:question_publish", args=[question.pk])
    response = client.post(url, {"question_text": "Մարինեն հարցնում է", "answer_text": ""})
    assert response.status_code == 400
    text = page(response)
    assert "still holds" in text and "Write the answer as it will be published." in text
    assert "Մարինեն հարցնում է" in text  # what was typed stays
    response = client.post(
        url,
        {"question_text": "Ինչպե՞ս գրանցել ամուսնությունը։", "answer_text": "Դիմեք ՔԿԱԳ։"},
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.faq_published
    response = client.post(reverse("backoffice:question_unpublish", args=[question.pk]))
    assert response.status_code == 302
    question.refresh_from_db()
    assert not question.faq_published


def test_a_specialist_cannot_publish_and_an_operator_cannot_answer(login, staff, tatev):
    question = question_answer(
        by=staff("tatev.head"), question=ask(tatev, on=topic(tatev, "land")), text="Այո"
    )
    client = login("tatev.specialist")
    response = client.post(
        reverse("backoffice:question_publish", args=[question.pk]),
        {"question_text": "Հարց", "answer_text": "Այո"},
    )
    assert response.status_code == 403
    open_one = ask(tatev)
    client = login("tatev.operator")
    response = client.post(
        reverse("backoffice:question_answer", args=[open_one.pk]),
        {"text": "Այո", "version": open_one.version},
    )
    assert response.status_code == 403


@pytest.mark.parametrize("username", ["tatev.council", "tatev.khot", "syunik.supervisor"])
def test_who_has_no_questions_pages(login, username):
    client = login(username)
    assert client.get(reverse("backoffice:question_list")).status_code == 403


def test_the_head_keeps_the_topics(login, tatev):
    client = english(login("tatev.head"))
    assert client.get(reverse("backoffice:topic_list")).status_code == 200
    url = reverse("backoffice:topic_new")
    response = client.post(
        url,
        {"name_hy": " ", "department": "", "answer_term_length": "0", "answer_term_unit": "x"},
    )
    assert response.status_code == 400
    text = page(response)
    assert "Enter the topic&#x27;s name in Armenian." in text
    assert "Choose the department that answers." in text
    assert "Ensure this value is greater than or equal to 1." in text
    land = tatev.departments.get(code="land")
    data = {
        "name_hy": "Ջրամատակարարում",
        "name_en": "Water supply",
        "department": land.pk,
        "answer_term_length": "5",
        "answer_term_unit": "working",
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    created = Topic.objects.get(community=tatev, name_hy="Ջրամատակարարում")
    assert created.term.length == 5 and created.department == land
    response = client.post(url, data)
    assert response.status_code == 400
    assert "already has a topic with this name" in page(response)

    social = tatev.departments.get(code="social")
    edit = reverse("backoffice:topic_edit", args=[created.pk])
    response = client.post(edit, {**data, "department": social.pk, "is_active": ""})
    assert response.status_code == 302
    created.refresh_from_db()
    assert created.department == social and not created.is_active
    aragatsavan_topic = Topic.objects.filter(community__code="aragatsavan").first()
    assert aragatsavan_topic is not None
    assert (
        client.get(reverse("backoffice:topic_edit", args=[aragatsavan_topic.pk])).status_code == 404
    )


@pytest.mark.parametrize("username", ["tatev.specialist", "tatev.operator", "tatev.council"])
def test_others_do_not_keep_the_topics(login, username):
    client = login(username)
    assert client.get(reverse("backoffice:topic_list")).status_code == 403
    assert client.get(reverse("backoffice:topic_new")).status_code == 403


def test_the_staff_menu_links_to_the_questions(login):
    client = login("tatev.head")
    assert reverse("backoffice:question_list") in page(client.get(reverse("backoffice:home")))
