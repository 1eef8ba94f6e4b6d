"""Residents, topics and questions for tests, made through the services."""

from __future__ import annotations

import itertools
from typing import Any

from hamaynk.accounts.models import Department, User
from hamaynk.questions.models import Question, Topic
from hamaynk.questions.services import question_ask
from hamaynk.questions.topics import topic_create
from hamaynk.tenancy.models import Community

_numbers = itertools.count(1)
TEXT = "Ինչպե՞ս ստանալ թույլտվություն ցանկապատ կառուցելու համար։"


def resident(name: str = "", **fields: Any) -> User:
    """A fresh resident account (no password, no memberships)."""
    name = name or f"resident{next(_numbers)}"
    return User.objects.create_user(
        username=name, email=f"{name}@example.invalid", is_resident=True, **fields
    )


def topic(community: Community, department: str = "land", name: str = "", **fields: Any) -> Topic:
    """A topic of ``community`` answered by its department with code ``department``."""
    return topic_create(
        by=None,
        community=community,
        department=Department.objects.get(community=community, code=department),
        name_hy=name or f"Թեմա {next(_numbers)}",
        **fields,
    )


def ask(
    community: Community,
    *,
    by: User | None = None,
    on: Topic | None = None,
    text: str = TEXT,
    **fields: Any,
) -> Question:
    return question_ask(
        resident=by or resident(),
        community=community,
        topic=on or topic(community),
        text=text,
        **fields,
    )
