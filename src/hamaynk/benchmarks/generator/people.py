"""Writes persons and organisations, their names and numbers derived from the row id."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from hamaynk.accounts.models import Organisation, Person
from hamaynk.benchmarks import names
from hamaynk.benchmarks.loading import Progress, Writer, next_id

from .draw import _spread
from .places import Place
from .plan import Plan, seeded

PERSON_COLUMNS = (
    "id", "community_id", "settlement_id", "address", "phone", "email", "is_demo",
    "created_at", "updated_at", "last_name", "first_name", "patronymic", "birth_date",
    "public_service_number", "id_document_type", "id_document_number", "preferred_language",
)  # fmt: skip
ORGANISATION_COLUMNS = (
    "id", "community_id", "settlement_id", "address", "phone", "email", "is_demo",
    "created_at", "updated_at", "name", "kind", "tax_number",
)  # fmt: skip


def _mix(pk: int, salt: int) -> int:
    return ((pk * 0x9E3779B97F4A7C15 + salt * 0xBF58476D1CE4E5B9) >> 17) & 0xFFFFFFFF


def person_name(pk: int) -> tuple[str, str, str]:
    """Last name, first name and patronymic of generated person ``pk`` (derived from the
    id, so an application's search document names its applicant without a look-up)."""
    female = _mix(pk, 1) % 2 == 0
    firsts = names.FEMALE_FIRST_NAMES if female else names.MALE_FIRST_NAMES
    father = names.MALE_FIRST_NAMES[_mix(pk, 4) % len(names.MALE_FIRST_NAMES)]
    return (
        names.LAST_NAMES[_mix(pk, 2) % len(names.LAST_NAMES)],
        firsts[_mix(pk, 3) % len(firsts)],
        names.patronymic(father, female=female),
    )


def public_service_number(pk: int) -> str:
    """A 10-digit number no other generated person has: a bijection of the row id."""
    return str(1_000_000_000 + (pk * 2_654_435_761) % 9_000_000_000)


def tax_number(pk: int) -> str:
    return f"{10_000_000 + (pk * 40_503) % 90_000_000:08d}"


def organisation_name(pk: int) -> str:
    stem = names.SETTLEMENT_STEMS[_mix(pk, 5) % len(names.SETTLEMENT_STEMS)]
    ending = names.SETTLEMENT_ENDINGS[_mix(pk, 6) % len(names.SETTLEMENT_ENDINGS)]
    return f"«{stem}{ending}» ՍՊԸ"


def person_row(pk: int, place: Place, rng: random.Random, now: datetime) -> tuple[Any, ...]:
    last, first, patronymic = person_name(pk)
    settlement = rng.choice(place.settlements)
    return (
        pk, place.community.pk, settlement.pk, f"{settlement.name_hy}, {rng.randrange(1, 200)}",
        f"+3749{rng.randrange(1_000_000, 9_999_999)}", "", False, now, now,
        last, first, patronymic, date(1940, 1, 1) + timedelta(days=rng.randrange(365 * 65)),
        public_service_number(pk), "id_card", f"AA{rng.randrange(1_000_000, 9_999_999)}", "hy",
    )  # fmt: skip


def write_persons(plan: Plan, places: list[Place], writer: Writer, now: datetime) -> None:
    rng = seeded(plan.seed * 7 + 1)
    counts = _spread(plan.person_count, [p.weight for p in places], 2)
    first = next_id(Person)
    progress = Progress("persons", plan.person_count)
    done = 0

    def rows() -> Any:
        nonlocal done
        pk = first
        for place, count in zip(places, counts, strict=True):
            place.persons = range(pk, pk + count)
            for _ in range(count):
                yield person_row(pk, place, rng, now)
                pk += 1
                done += 1
                if done % 5000 == 0:
                    progress.update(done)

    writer.rows(Person, PERSON_COLUMNS, rows())
    progress.update(plan.person_count)
    org_first = next_id(Organisation)
    org_rows = []
    pk = org_first
    for place in places:
        count = max(1, len(place.persons) // 20)
        place.organisations = range(pk, pk + count)
        for _ in range(count):
            org_rows.append(
                (
                    pk, place.community.pk, place.settlements[0].pk, place.settlements[0].name_hy,
                    "", "", False, now, now,
                    organisation_name(pk), "company", tax_number(pk),
                )
            )  # fmt: skip
            pk += 1
    writer.rows(Organisation, ORGANISATION_COLUMNS, org_rows)
