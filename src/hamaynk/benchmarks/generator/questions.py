"""Writes topics, the residents who ask, questions and their counters."""

from __future__ import annotations

from datetime import timedelta
from itertools import accumulate
from typing import Any

from django.contrib.auth.hashers import make_password
from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.benchmarks import names
from hamaynk.benchmarks.loading import Progress, Writer
from hamaynk.questions.models import DEFAULT_PREFIX, Question, QuestionCounter, Topic

from .clock import Clock
from .draw import _pick
from .people import person_name
from .places import Place, _users
from .plan import CHUNK, Plan, seeded

TOPICS = {
    "registry": "Տեղեկանքներ և փաստաթղթեր",
    "construction": "Շինարարություն և ճանապարհներ",
    "social": "Սոցիալական աջակցություն",
}


QUESTION_COLUMNS = (
    "community_id", "topic_id", "department_id", "number", "year", "sequence", "resident_id",
    "text", "asked_at", "due_date", "status", "answer", "answered_by_id", "answered_at",
    "rejection_reason", "rejected_by_id", "rejected_at", "faq_published", "faq_question",
    "faq_answer", "published_at", "published_by_id", "version",
)  # fmt: skip


def write_questions(plan: Plan, clock_: Clock, places: list[Place], writer: Writer) -> None:
    rng = seeded(plan.seed * 53 + 11)
    topics = Topic.objects.bulk_create(
        Topic(
            community=place.community,
            department_id=place.departments[code],
            name_hy=name,
            name_en=code.capitalize(),
        )
        for place in places
        for code, name in TOPICS.items()
    )
    for topic in topics:
        next(p for p in places if p.community.pk == topic.community_id).topics.append(topic)
    weights = list(accumulate(p.weight for p in places))
    residents = _users(
        [
            User(
                username=f"{place.community.code}-resident-{n + 1}",
                is_resident=True,
                password=make_password(None),
                first_name=person_name(n + 1)[1],
                last_name=person_name(n + 1)[0],
            )
            for place in places
            for n in range(max(3, min(200, round(place.weight * plan.question_count / 5))))
        ]
    )
    for user in residents:
        code = user.username.rsplit("-resident-", 1)[0]
        next(p for p in places if p.community.code == code).residents.append(user.pk)
    counters: dict[tuple[int, int], int] = {}
    progress = Progress("questions", plan.question_count)
    now = clock_.now
    for start in range(0, plan.question_count, CHUNK):
        rows: list[tuple[Any, ...]] = []
        for index in range(start, min(start + CHUNK, plan.question_count)):
            place = places[_pick(rng, weights)]
            topic = rng.choice(place.topics)
            asked = clock_.moment(index, plan.question_count, rng)
            year = timezone.localdate(asked).year
            key = (place.community.pk, year)
            counters[key] = sequence = counters.get(key, 0) + 1
            due = clock_.due(
                timezone.localdate(asked), topic.answer_term_length, topic.answer_term_unit
            )
            answered = clock_.office_time(
                timezone.localdate(asked) + timedelta(days=rng.randint(1, 16)), rng
            )
            specialist = rng.choice(place.specialists[topic.department_id])
            status, answer, answered_at, answered_by = "open", "", None, None
            rejected_at, rejected_by, reason = None, None, ""
            if answered <= now and rng.random() < 0.96:
                status, answer, answered_at, answered_by = (
                    "answered", "Պատասխանը՝ համայնքի կայքում և աշխատակազմում։", answered,
                    specialist,
                )  # fmt: skip
            elif answered <= now:
                status, rejected_at, rejected_by = "rejected", answered, specialist
                reason = "Հարցը համայնքի իրավասությունից դուրս է։"
            rows.append(
                (place.community.pk, topic.pk, topic.department_id,
                 f"{DEFAULT_PREFIX}-{year}/{sequence:06d}", year, sequence,
                 rng.choice(place.residents), rng.choice(names.QUESTION_TEXTS), asked, due,
                 status, answer, answered_by, answered_at, reason, rejected_by, rejected_at,
                 False, "", "", None, None, 1)
            )  # fmt: skip
        writer.rows(Question, QUESTION_COLUMNS, rows)
        progress.update(min(start + CHUNK, plan.question_count))
    QuestionCounter.objects.bulk_create(
        QuestionCounter(community_id=community_id, year=year, last_number=last)
        for (community_id, year), last in counters.items()
    )
