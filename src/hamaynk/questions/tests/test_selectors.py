from __future__ import annotations

import pytest

from hamaynk.questions.selectors import faq, questions_visible_to, resident_questions
from hamaynk.questions.services import question_answer, question_publish_faq
from hamaynk.tenancy.models import Community

from .factories import ask, resident, topic

pytestmark = pytest.mark.django_db


def test_who_sees_which_questions(tatev, staff):
    land = ask(tatev, on=topic(tatev, "land"))
    social = ask(tatev, on=topic(tatev, "social"))
    mine = {land.pk, social.pk}

    def seen(username: str) -> set[int]:
        return set(questions_visible_to(staff(username), tatev).values_list("pk", flat=True))

    assert mine <= seen("tatev.head")
    assert mine <= seen("tatev.secretary")
    assert mine <= seen("tatev.operator")
    specialist = seen("tatev.specialist")
    assert land.pk in specialist and social.pk not in specialist
    for nobody in ("tatev.council", "tatev.khot", "syunik.supervisor", "aragatsavan.head"):
        assert not seen(nobody) & mine, nobody


def test_a_resident_sees_only_their_own_questions(tatev):
    asker = resident()
    own = ask(tatev, by=asker)
    other = ask(tatev)
    assert list(resident_questions(asker)) == [own]
    assert other not in resident_questions(asker)


def test_the_faq_holds_published_questions_only_grouped_by_topic(tatev, staff):
    head = staff("tatev.head")
    roads = topic(tatev, "construction", name="Ա ճանապարհներ")
    land = topic(tatev, "land", name="Բ հող")
    published = []
    for on, text in ((roads, "Ճանապարհ"), (land, "Հող"), (land, "Ցանկապատ")):
        question = question_answer(by=head, question=ask(tatev, on=on), text="Պատասխան")
        published.append(
            question_publish_faq(
                by=head, question=question, question_text=f"{text}?", answer_text="Այո։"
            )
        )
    question_answer(by=head, question=ask(tatev, on=land), text="Չհրապարակված")
    ask(tatev, on=land)
    aragatsavan = Community.objects.get(code="aragatsavan")
    groups = [g for g in faq(tatev) if g.topic in (roads, land)]
    assert [g.topic for g in groups] == [roads, land]
    assert [q.faq_question for q in groups[0].items] == ["Ճանապարհ?"]
    assert sorted(q.faq_question for q in groups[1].items) == ["Հող?", "Ցանկապատ?"]
    assert all(g.topic.community_id != aragatsavan.pk for g in faq(tatev))
