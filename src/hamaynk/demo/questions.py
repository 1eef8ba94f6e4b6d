"""Demo question topics and residents' questions, made through the questions services
(idempotent): one answered and published in the FAQ, one waiting, one overdue."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hamaynk.accounts.models import Department, User
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.questions.models import Question, Topic
from hamaynk.questions.selectors import answer_due_date
from hamaynk.questions.services import question_answer, question_ask, question_publish_faq
from hamaynk.questions.topics import topic_create
from hamaynk.tenancy.models import Community

# (department code, hy, en, ru, answer term in working days)
TOPICS = [
    (
        "land",
        "Հող և շինարարություն",
        "Land and construction",
        "Земля и строительство",
        10,
    ),
    (
        "construction",
        "Կոմունալ ծառայություններ և ճանապարհներ",
        "Utilities and roads",
        "Коммунальные услуги и дороги",
        10,
    ),
    ("social", "Սոցիալական աջակցություն", "Social support", "Социальная поддержка", 5),
    (
        "registry",
        "Քաղաքացիական կացության ակտեր",
        "Civil registry",
        "Акты гражданского состояния",
        10,
    ),
]
TOPIC_COMMUNITIES = ("tatev", "aragatsavan", "gladzor")

RESIDENT = "demo.resident.questions"

# (community, topic (English name), question, answer or "", publish in the FAQ, asked days ago)
QUESTIONS: list[tuple[str, str, str, str, bool, int]] = [
    (
        "tatev",
        "Land and construction",
        "Բարև Ձեզ, ես Լիլիթ Դեմոյանն եմ (հեռ. +374 93 111111)։ Ինչ փաստաթղթեր են պետք "
        "Շինուհայրում տնամերձ հողամասում ավտոտնակ կառուցելու թույլտվության համար։",
        "Հարգելի Լիլիթ, անհրաժեշտ են սեփականության վկայականը, հողամասի հատակագիծը և "
        "ավտոտնակի էսքիզը։ Դիմումը կարող եք ներկայացնել ՔՍԳ-ում կամ առցանց։",
        True,
        0,
    ),
    (
        "tatev",
        "Utilities and roads",
        "Խոտ գյուղի 2-րդ փողոցի լուսավորությունը չի աշխատում արդեն երկու շաբաթ։ Ե՞րբ կվերանորոգվի։",
        "",
        False,
        0,
    ),
    (
        "tatev",
        "Social support",
        "Ինչպե՞ս դիմել միանվագ դրամական օգնության համար բազմազավակ ընտանիքին։",
        "",
        False,
        21,
    ),
    (
        "aragatsavan",
        "Utilities and roads",
        "Արտենիում ոռոգման ջուրը ո՞ր օրերին է տրվում այս ամառ։",
        "",
        False,
        0,
    ),
]


def _resident() -> User:
    user = User.objects.filter(username=RESIDENT).first()
    if user is None:
        user = User.objects.create_user(
            username=RESIDENT,
            email=f"{RESIDENT}@demo.hamaynk.invalid",
            first_name="Լիլիթ",
            last_name="Դեմոյան",
            is_resident=True,
            is_demo=True,
        )
    return user


def _topics() -> None:
    for community in Community.objects.filter(code__in=TOPIC_COMMUNITIES):
        for department_code, hy, en, ru, days in TOPICS:
            if Topic.objects.filter(community=community, name_hy=hy).exists():
                continue
            department = Department.objects.filter(
                community=community, code=department_code
            ).first()
            if department is None:
                continue
            topic_create(
                by=None,
                community=community,
                department=department,
                name_hy=hy,
                name_en=en,
                name_ru=ru,
                answer_term_length=days,
            )


def load_questions() -> None:
    _topics()
    resident = _resident()
    for community_code, topic_en, text, answer, publish, days_ago in QUESTIONS:
        community = Community.objects.get(code=community_code)
        if Question.objects.filter(community=community, text=text).exists():
            continue
        topic = Topic.objects.get(community=community, name_en=topic_en)
        question = question_ask(
            resident=resident, community=community, topic=topic, text=text, client_address=""
        )
        if days_ago:
            # Backdated so that the worklist shows an overdue question from the first run.
            asked_on = timezone.localdate() - timedelta(days=days_ago)
            Question.objects.filter(pk=question.pk).update(
                asked_at=question.asked_at - timedelta(days=days_ago),
                due_date=answer_due_date(
                    topic,
                    asked_on=asked_on,
                    calendar=working_calendar(community=community, start=asked_on),
                ),
            )
        if answer:
            head = User.objects.get(username=f"{community_code}.head")
            question = question_answer(by=head, question=question, text=answer)
            if publish:
                question_publish_faq(
                    by=head,
                    question=question,
                    question_text="Ինչ փաստաթղթեր են պետք տնամերձ հողամասում ավտոտնակ "
                    "կառուցելու թույլտվության համար։",
                    answer_text="Անհրաժեշտ են սեփականության վկայականը, հողամասի հատակագիծը "
                    "և ավտոտնակի էսքիզը։ Դիմումը կարող եք ներկայացնել ՔՍԳ-ում կամ առցանց։",
                )
