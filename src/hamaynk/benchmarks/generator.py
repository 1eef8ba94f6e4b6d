"""A synthetic country: communities, settlements, staff, persons, applications with their
history, letters with resolutions, and questions, with realistic skews.

Community sizes and service popularity follow Zipf's law (one Yerevan-like community holds
about a fifth of everything, many small ones share the rest); applications are spread over
the working days of ``years`` years, older ones finished, recent ones open, a share of them
overdue. Numbers are gapless per community (journal) and year with matching counter rows;
``search_document`` is built by ``cases.search.search_document`` itself.

Small reference tables are written through the ORM; the large ones through ``Writer``
(``COPY`` on PostgreSQL) in chunks, each table before the tables that refer to it. No audit
events are written: a hash chain is not fabricated for generated rows, and the existing
chains stay intact (``audit_verify``).
"""

from __future__ import annotations

import bisect
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from datetime import time as clock
from functools import cache
from itertools import accumulate
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.utils import timezone

from hamaynk.accounts.models import Department, Membership, Organisation, Person, User
from hamaynk.accounts.roles import Role
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import (
    Case,
    CaseCounter,
    CaseEvent,
    CasePause,
    Channel,
    ReceivedDocument,
)
from hamaynk.cases.numbering import ALPHABET
from hamaynk.cases.search import search_document
from hamaynk.cases.workflow import Status
from hamaynk.catalogue.library import library
from hamaynk.catalogue.models import DocumentRequirement, FormField, Service, ServiceVersion
from hamaynk.correspondence.journals import DEFAULT_PREFIXES
from hamaynk.correspondence.models import (
    Correspondent,
    CorrespondentKind,
    ExecutionPart,
    Journal,
    JournalCounter,
    JournalKind,
    Letter,
    LetterChannel,
    LetterStatus,
    PartStatus,
    Resolution,
)
from hamaynk.deadlines.calendar import WorkingCalendar
from hamaynk.deadlines.engine import Term, TermUnit, due_date
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.questions.models import DEFAULT_PREFIX, Question, QuestionCounter, Topic
from hamaynk.reporting.models import DailyServiceStats, DecisionFact
from hamaynk.reporting.recompute import replace_in_database
from hamaynk.tenancy.models import Community, Region, Settlement

from . import names
from .loading import BENCH_PREFIX, Progress, Writer, next_id

BENCH_PASSWORD = "hamaynk-bench"  # noqa: S105 (documented password of generated staff)
DEPARTMENTS = {
    "registry": ("Քաղաքացիների սպասարկման բաժին", "Registry"),
    "construction": ("Քաղաքաշինության բաժին", "Construction"),
    "land": ("Հողաշինության բաժին", "Land"),
    "finance": ("Ֆինանսական բաժին", "Finance"),
    "social": ("Սոցիալական բաժին", "Social affairs"),
}
TOPICS = {
    "registry": "Տեղեկանքներ և փաստաթղթեր",
    "construction": "Շինարարություն և ճանապարհներ",
    "social": "Սոցիալական աջակցություն",
}
CHANNELS = (
    (Channel.DESK, 55),
    (Channel.SETTLEMENT_POINT, 15),
    (Channel.ONLINE, 25),
    (Channel.POST, 3),
    (Channel.EMAIL, 2),
)
ENDED_EARLY = (("withdraw", Status.WITHDRAWN), ("transfer", Status.TRANSFERRED))
LATENESS_DAYS = (1, 30)
INFO_REQUEST_SHARE = 0.1
CHUNK = 10_000


@dataclass(frozen=True)
class Plan:
    """How much to generate; ``None`` sizes follow the number of cases."""

    cases: int = 1_000_000
    communities: int = 100
    settlements: int = 1000
    persons: int | None = None
    letters: int | None = None
    questions: int | None = None
    years: int = 5
    seed: int = 1
    overdue_share: float = 0.07

    @property
    def person_count(self) -> int:
        return self.persons if self.persons is not None else max(self.cases // 2, 1)

    @property
    def letter_count(self) -> int:
        return self.letters if self.letters is not None else self.cases // 5

    @property
    def question_count(self) -> int:
        return self.questions if self.questions is not None else self.cases // 50


class BenchDataExists(RuntimeError):
    """Generated data is already there (``--replace`` deletes it first)."""


def seeded(seed: int) -> random.Random:
    """A reproducible generator: the same seed gives the same data (not for secrets)."""
    return random.Random(seed)


def bench_communities() -> Any:
    return Community.objects.filter(code__startswith=BENCH_PREFIX)


def bench_data_exists() -> bool:
    return bench_communities().exists()


# --- the small tables -------------------------------------------------------------------


@dataclass
class VersionInfo:
    service_id: int
    version: ServiceVersion
    term: Term
    department_id: int | None
    mandatory: list[int]
    fields: list[FormField]


@dataclass
class Place:
    """One generated community and what its rows refer to."""

    community: Community
    weight: float
    settlements: list[Settlement]
    operator: int
    head: int
    specialists: dict[int, list[int]]  # department id → user ids
    departments: dict[str, int]
    versions: list[VersionInfo]
    persons: range = range(0)
    organisations: range = range(0)
    residents: list[int] = field(default_factory=list)
    journals: dict[str, Journal] = field(default_factory=dict)
    correspondents: range = range(0)
    topics: list[Topic] = field(default_factory=list)


def zipf(count: int, exponent: float = 1.0) -> list[float]:
    raw = [1 / (rank**exponent) for rank in range(1, count + 1)]
    total = sum(raw)
    return [value / total for value in raw]


def _spread(total: int, weights: list[float], minimum: int) -> list[int]:
    """``total`` split by ``weights``, each part at least ``minimum``; the sum is exact."""
    shares = _norm(weights)
    rest = max(total - minimum * len(weights), 0)
    exact = [rest * share for share in shares]
    parts = [minimum + int(value) for value in exact]
    # The units lost to rounding down go to the largest remainders.
    by_remainder = sorted(range(len(exact)), key=lambda i: int(exact[i]) - exact[i])
    for index in by_remainder[: max(0, total - sum(parts))]:
        parts[index] += 1
    return parts


def _place_name(rng: random.Random) -> str:
    return rng.choice(names.SETTLEMENT_STEMS) + rng.choice(names.SETTLEMENT_ENDINGS)


def _users(rows: list[User]) -> list[User]:
    return User.objects.bulk_create(rows, batch_size=1000)


def build_places(plan: Plan, rng: random.Random) -> list[Place]:
    """Regions, communities, settlements, departments, staff and the adopted services."""
    weights = zipf(plan.communities)
    regions = Region.objects.bulk_create(
        Region(code=f"{BENCH_PREFIX}r{n:02d}", name_hy=f"Մարզ {n}", name_en=f"Region {n}")
        for n in range(1, 12)
    )
    communities = Community.objects.bulk_create(
        Community(
            code=f"{BENCH_PREFIX}c{n:03d}",
            name_hy=f"{_place_name(rng)} {n}",
            name_en=f"Community {n}",
            region=regions[0] if n == 1 else regions[1 + (n % 10)],
        )
        for n in range(1, plan.communities + 1)
    )
    settlement_counts = _spread(plan.settlements, [w**0.5 for w in weights], 1)
    settlements: list[Settlement] = []
    for community, count in zip(communities, settlement_counts, strict=True):
        for n in range(count):
            settlements.append(
                Settlement(
                    code=f"{community.code}-s{n + 1:03d}",
                    community=community,
                    is_centre=n == 0,
                    name_hy=community.name_hy if n == 0 else _place_name(rng),
                    name_en=f"Settlement {n + 1}",
                )
            )
    settlements = Settlement.objects.bulk_create(settlements, batch_size=1000)
    departments = Department.objects.bulk_create(
        Department(community=community, code=code, name_hy=hy, name_en=en)
        for community in communities
        for code, (hy, en) in DEPARTMENTS.items()
    )
    password = make_password(BENCH_PASSWORD)
    staff: list[User] = []
    memberships: list[Membership] = []
    places: list[Place] = []
    by_community: dict[int, list[Settlement]] = {}
    for settlement in settlements:
        by_community.setdefault(settlement.community_id, []).append(settlement)
    for community, weight in zip(communities, weights, strict=True):
        size = max(1, min(6, round(weight * plan.cases / 20_000)))
        depts = {d.code: d.pk for d in departments if d.community_id == community.pk}
        users = [
            User(
                username=f"{community.code}-operator",
                first_name="Օպերատոր",
                last_name=community.name_hy,
                password=password,
            ),
            User(
                username=f"{community.code}-head",
                first_name="Ղեկավար",
                last_name=community.name_hy,
                password=password,
            ),
        ]
        for code in depts:
            for n in range(size):
                users.append(
                    User(
                        username=f"{community.code}-{code}-{n + 1}",
                        first_name=rng.choice(names.MALE_FIRST_NAMES + names.FEMALE_FIRST_NAMES),
                        last_name=rng.choice(names.LAST_NAMES),
                        password=password,
                    )
                )
        staff += users
        places.append(
            Place(
                community=community,
                weight=weight,
                settlements=by_community[community.pk],
                operator=0,
                head=0,
                specialists={},
                departments=depts,
                versions=[],
            )
        )
    staff = _users(staff)
    by_name = {user.username: user for user in staff}
    for place in places:
        code = place.community.code
        place.operator = by_name[f"{code}-operator"].pk
        place.head = by_name[f"{code}-head"].pk
        memberships += [
            Membership(user_id=place.operator, role=Role.OPERATOR, community=place.community),
            Membership(user_id=place.head, role=Role.HEAD, community=place.community),
        ]
        for dept_code, dept_id in place.departments.items():
            ids = [
                user.pk for name, user in by_name.items() if name.startswith(f"{code}-{dept_code}-")
            ]
            place.specialists[dept_id] = ids
            memberships += [
                Membership(
                    user_id=pk,
                    role=Role.SPECIALIST,
                    community=place.community,
                    department_id=dept_id,
                )
                for pk in ids
            ]
    Membership.objects.bulk_create(memberships, batch_size=1000)
    _adopt_services(places)
    return places


def _norm(values: list[float]) -> list[float]:
    total = sum(values)
    return [v / total for v in values]


def _adopt_services(places: list[Place]) -> None:
    """The ten national services, version 1, in every community (written directly: the
    catalogue's service function records an audit event per adoption)."""
    templates = list(library().values())
    services = Service.objects.bulk_create(
        Service(community=place.community, code=t["code"], library_code=t["code"])
        for place in places
        for t in templates
    )
    versions: list[ServiceVersion] = []
    for service in services:
        template = library()[service.library_code]
        place = next(p for p in places if p.community.pk == service.community_id)
        versions.append(
            ServiceVersion(
                service=service,
                number=1,
                name_hy=template["name"].get("hy", ""),
                name_en=template["name"].get("en", ""),
                name_ru=template["name"].get("ru", ""),
                legal_basis_hy=template["legal_basis"].get("hy", ""),
                legal_basis_en=template["legal_basis"].get("en", ""),
                legal_basis_ru=template["legal_basis"].get("ru", ""),
                term_length=template["term"]["length"],
                term_unit=template["term"]["unit"],
                max_extension=template.get("max_extension", 0),
                pausable=template.get("pausable", True),
                online=template.get("online", False),
                at_settlement_points=template.get("at_settlement_points", True),
                department_id=place.departments.get(template.get("department", "")),
                outcome_template=template.get("outcome", {}).get("hy", ""),
            )
        )
    versions = ServiceVersion.objects.bulk_create(versions, batch_size=500)
    documents: list[DocumentRequirement] = []
    fields: list[FormField] = []
    for version in versions:
        template = library()[version.service.library_code]
        for position, d in enumerate(template.get("documents", [])):
            documents.append(
                DocumentRequirement(
                    version=version,
                    position=position,
                    name_hy=d["name"].get("hy", ""),
                    name_en=d["name"].get("en", ""),
                    name_ru=d["name"].get("ru", ""),
                    mandatory=d.get("mandatory", True),
                    form=d.get("form", "either"),
                )
            )
        for position, f in enumerate(template.get("fields", [])):
            fields.append(
                FormField(
                    version=version,
                    position=position,
                    key=f["key"],
                    label_hy=f["label"].get("hy", ""),
                    label_en=f["label"].get("en", ""),
                    label_ru=f["label"].get("ru", ""),
                    kind=f["kind"],
                    required=f.get("required", True),
                    pattern=f.get("pattern", ""),
                    choices=f.get("choices", []),
                )
            )
    documents = DocumentRequirement.objects.bulk_create(documents, batch_size=1000)
    fields = FormField.objects.bulk_create(fields, batch_size=1000)
    for service, version in zip(services, versions, strict=True):
        service.current_version = version
    Service.objects.bulk_update(services, ["current_version"], batch_size=500)
    order = {t["code"]: n for n, t in enumerate(templates)}
    for version in sorted(versions, key=lambda v: order[v.service.library_code]):
        place = next(p for p in places if p.community.pk == version.service.community_id)
        place.versions.append(
            VersionInfo(
                service_id=version.service_id,
                version=version,
                term=version.term,
                department_id=version.department_id,
                mandatory=[d.pk for d in documents if d.version_id == version.pk and d.mandatory],
                fields=[f for f in fields if f.version_id == version.pk],
            )
        )


# --- time ---------------------------------------------------------------------------------


class Clock:
    """Working days of the period, due dates by the national calendar (cached)."""

    def __init__(self, years: int, now: datetime) -> None:
        self.now = now
        self.today = timezone.localdate(now)
        first = self.today - timedelta(days=365 * years)
        self.calendar: WorkingCalendar = working_calendar(start=first, end=self.today)
        self.days = [
            first + timedelta(days=n)
            for n in range((self.today - first).days + 1)
            if self.calendar.is_working_day(first + timedelta(days=n))
        ]
        self.zone = timezone.get_current_timezone()

    def moment(self, index: int, total: int, rng: random.Random) -> datetime:
        """The ``index``-th of ``total`` moments spread in time order over the period."""
        day = self.days[min(index * len(self.days) // max(total, 1), len(self.days) - 1)]
        at = datetime.combine(day, clock(9), tzinfo=self.zone) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )
        return min(at, self.now - timedelta(minutes=1))

    @cache  # noqa: B019 (one clock per run)
    def due(self, start: date, length: int, unit: str) -> date:
        return due_date(start, Term(length, TermUnit(unit)), self.calendar)

    @cache  # noqa: B019
    def working_days_between(self, first: date, last: date) -> int:
        count, day = 0, first
        while day < last:
            day += timedelta(days=1)
            count += self.calendar.is_working_day(day)
        return count

    def office_time(self, day: date, rng: random.Random) -> datetime:
        day = self.calendar.working_day_on_or_after(day)
        return datetime.combine(day, clock(9), tzinfo=self.zone) + timedelta(
            seconds=rng.randrange(9 * 3600)
        )


def tracking_code(rng: random.Random) -> str:
    bits = rng.getrandbits(80)
    return "".join(ALPHABET[(bits >> (5 * n)) & 31] for n in range(16))


def _pick(rng: random.Random, cumulative: Sequence[float]) -> int:
    return bisect.bisect_left(cumulative, rng.random() * cumulative[-1])


# --- persons ------------------------------------------------------------------------------

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


# --- applications ---------------------------------------------------------------------------

CASE_COLUMNS = (
    "id", "community_id", "number", "year", "sequence", "tracking_code", "submission_key",
    "service_id", "service_version_id", "channel", "settlement_id", "applicant_person_id",
    "applicant_organisation_id", "representative_id", "form_data", "status", "department_id",
    "assignee_id", "submitted_at", "registered_at", "assigned_at", "decided_at",
    "result_issued_at", "closed_at", "due_date", "original_due_date", "paused_since",
    "overdue_notified_for", "decision", "decision_reasons", "transferred_to", "search_document",
    "version", "resident_id", "file_index_id", "created_by_id",
)  # fmt: skip
EVENT_COLUMNS = (
    "case_id", "kind", "from_status", "to_status", "actor_id", "at", "message", "internal", "data",
)  # fmt: skip
PAUSE_COLUMNS = ("case_id", "started_on", "ended_on", "working_days", "counts")


def _form_data(info: VersionInfo, settlement: Settlement, rng: random.Random) -> dict[str, str]:
    data: dict[str, str] = {}
    for f in info.fields:
        if f.kind == FormField.Kind.SETTLEMENT:
            data[f.key] = settlement.code
        elif f.kind == FormField.Kind.CADASTRAL_CODE:
            data[f.key] = (
                f"{rng.randrange(1, 12):02d}-{rng.randrange(1, 999):03d}-"
                f"{rng.randrange(1, 9999):04d}-{rng.randrange(1, 9999):04d}"
            )
        elif f.kind == FormField.Kind.NUMBER:
            data[f.key] = str(rng.randrange(1, 500))
        elif f.kind == FormField.Kind.DATE:
            data[f.key] = (date(2020, 1, 1) + timedelta(days=rng.randrange(2000))).isoformat()
        elif f.kind == FormField.Kind.CHOICE and f.choices:
            data[f.key] = str(rng.choice(f.choices)["value"])
        elif f.required:
            data[f.key] = rng.choice(names.PURPOSES)
    return data


@dataclass
class CaseRows:
    cases: list[tuple[Any, ...]] = field(default_factory=list)
    events: list[tuple[Any, ...]] = field(default_factory=list)
    pauses: list[tuple[Any, ...]] = field(default_factory=list)
    received: list[tuple[int, int]] = field(default_factory=list)


class CaseMaker:
    """One application with its whole history, cut off at ``now``."""

    def __init__(self, plan: Plan, clock_: Clock, places: list[Place]) -> None:
        self.plan = plan
        self.clock = clock_
        self.places = places
        self.community_weights = list(accumulate(p.weight for p in places))
        self.service_weights = list(accumulate(zipf(10)))
        self.counters: dict[tuple[int, int], int] = {}
        self.channel_weights = list(accumulate(w for _c, w in CHANNELS))

    def late_share(self, term_days: int) -> float:
        """Chance that a case is decided after its due date, chosen so that about
        ``overdue_share`` of the open cases are past their due date at any moment."""
        mean_processing = 0.6 * max(term_days, 1)
        mean_lateness = sum(LATENESS_DAYS) / 2
        return min(self.plan.overdue_share * mean_processing / mean_lateness, 0.5)

    def make(self, pk: int, index: int, rng: random.Random, out: CaseRows) -> None:
        clock_, now = self.clock, self.clock.now
        place = self.places[_pick(rng, self.community_weights)]
        info = place.versions[_pick(rng, self.service_weights) % len(place.versions)]
        version = info.version
        channel = CHANNELS[_pick(rng, self.channel_weights)][0]
        if channel == Channel.ONLINE and not version.online:
            channel = Channel.DESK
        if channel == Channel.SETTLEMENT_POINT and not version.at_settlement_points:
            channel = Channel.DESK
        settlement = place.settlements[0] if rng.random() < 0.5 else rng.choice(place.settlements)
        submitted = clock_.moment(index, self.plan.cases, rng)
        by_org = rng.random() < 0.05
        person_id = None if by_org else rng.choice(place.persons)
        org_id = rng.choice(place.organisations) if by_org else None
        actor = None if channel == Channel.ONLINE else place.operator
        events: list[tuple[Any, ...]] = [
            (pk, "submitted", "", Status.SUBMITTED, actor, submitted, "", False,
             {"channel": channel, "files": []}),
        ]  # fmt: skip
        case: dict[str, Any] = {
            "status": Status.SUBMITTED, "number": "", "year": None, "sequence": None,
            "department_id": None, "assignee_id": None, "registered_at": None,
            "assigned_at": None, "decided_at": None, "closed_at": None, "due_date": None,
            "original_due_date": None, "paused_since": None, "decision": "",
            "decision_reasons": "", "transferred_to": "",
        }  # fmt: skip

        def step(kind: str, at: datetime, to: Status, actor_id: int | None, **data: Any) -> bool:
            if at > now:
                return False
            events.append((pk, kind, case["status"], to, actor_id, at, "", False, data))
            case["status"] = to
            return True

        registered = (
            clock_.office_time(timezone.localdate(submitted) + timedelta(days=1), rng)
            if channel == Channel.ONLINE
            else submitted + timedelta(minutes=rng.randrange(1, 20))
        )
        term_unit = version.term_unit
        if registered <= now:
            year = timezone.localdate(registered).year
            key = (place.community.pk, year)
            self.counters[key] = sequence = self.counters.get(key, 0) + 1
            number = f"{year}/{sequence:06d}"
            registered_on = timezone.localdate(registered)
            due = clock_.due(registered_on, version.term_length, term_unit)
            case.update(
                number=number, year=year, sequence=sequence, registered_at=registered,
                due_date=due, original_due_date=due, department_id=info.department_id,
            )  # fmt: skip
            step(
                "register", registered, Status.REGISTERED, place.operator,
                number=number, due_date=due.isoformat(),
            )  # fmt: skip
            if channel != Channel.ONLINE:
                out.received += [(pk, requirement) for requirement in info.mandatory]
            self._work(pk, place, info, case, step, registered, due, rng, out)
        form_data = _form_data(info, settlement, rng)
        code = tracking_code(rng)
        applicant = Person(public_service_number="")
        organisation = None
        if person_id is not None:
            last, first, patronymic = person_name(person_id)
            applicant = Person(
                last_name=last,
                first_name=first,
                patronymic=patronymic,
                public_service_number=public_service_number(person_id),
            )
        if org_id is not None:
            organisation = Organisation(
                name=organisation_name(org_id), tax_number=tax_number(org_id)
            )
        document = search_document(
            Case(
                number=case["number"],
                tracking_code=code,
                service_version=version,
                applicant_person=applicant if person_id is not None else None,
                applicant_organisation=organisation,
                settlement=settlement,
                form_data=form_data,
            )
        )
        out.cases.append(
            (
                pk, place.community.pk, case["number"], case["year"], case["sequence"], code,
                None, info.service_id, version.pk, channel, settlement.pk, person_id, org_id,
                None, form_data, case["status"], case["department_id"], case["assignee_id"],
                submitted, case["registered_at"], case["assigned_at"], case["decided_at"], None,
                case["closed_at"], case["due_date"], case["original_due_date"],
                case["paused_since"], None, case["decision"], case["decision_reasons"],
                case["transferred_to"], document, len(events), None, None, actor,
            )
        )  # fmt: skip
        out.events += events

    def _work(
        self,
        pk: int,
        place: Place,
        info: VersionInfo,
        case: dict[str, Any],
        step: Any,
        registered: datetime,
        due: date,
        rng: random.Random,
        out: CaseRows,
    ) -> None:
        clock_, now = self.clock, self.clock.now
        registered_on = timezone.localdate(registered)
        term_days = max((due - registered_on).days, 1)
        specialists = place.specialists.get(info.department_id or 0) or [place.head]
        assignee = rng.choice(specialists)
        assigned = clock_.office_time(registered_on + timedelta(days=rng.randrange(0, 2)), rng)
        assigned = max(assigned, registered + timedelta(minutes=5))
        roll = rng.random()
        if roll < 0.04:
            ended = ENDED_EARLY[0] if roll < 0.025 else ENDED_EARLY[1]
            at = registered + timedelta(hours=rng.randrange(2, 24 * max(term_days // 2, 1)))
            if at <= now and step(ended[0], at, ended[1], place.head):
                case["closed_at"] = at
                if ended[1] == Status.TRANSFERRED:
                    case["transferred_to"] = "ՀՀ կադաստրի կոմիտե"
                return
        if not step("assign", assigned, Status.ASSIGNED, place.head, assignee=assignee):
            return
        case["assignee_id"], case["assigned_at"] = assignee, assigned
        started = assigned + timedelta(hours=rng.randrange(1, 30))
        if not step("start", started, Status.IN_PROGRESS, assignee):
            return
        if rng.random() < self.late_share(term_days):
            decide_on = due + timedelta(days=rng.randint(*LATENESS_DAYS))
        else:
            span = max((due - timezone.localdate(started)).days, 0)
            decide_on = timezone.localdate(started) + timedelta(
                days=int(span * rng.uniform(0.2, 1.0))
            )
        if rng.random() < INFO_REQUEST_SHARE:
            asked = started + timedelta(hours=rng.randrange(2, 48))
            if step("request_info", asked, Status.WAITING, assignee):
                asked_on = timezone.localdate(asked)
                answered = clock_.office_time(asked_on + timedelta(days=rng.randint(1, 10)), rng)
                if not step("resume", answered, Status.IN_PROGRESS, place.operator):
                    case["paused_since"] = asked_on
                    out.pauses.append((pk, asked_on, None, 0, info.version.pausable))
                    return
                paused = clock_.working_days_between(asked_on, timezone.localdate(answered))
                out.pauses.append(
                    (pk, asked_on, timezone.localdate(answered), paused, info.version.pausable)
                )
                if info.version.pausable and paused:
                    due = clock_.calendar.add_working_days(due, paused)
                    decide_on = clock_.calendar.add_working_days(decide_on, paused)
                    case["due_date"] = due
                started = answered
        decided = max(clock_.office_time(decide_on, rng), started + timedelta(hours=1))
        decision = "granted" if rng.random() < 0.85 else "refused"
        if not step("decide", decided, Status.DECIDED, assignee, decision=decision):
            return
        case["decided_at"], case["decision"] = decided, decision
        if decision == "refused":
            case["decision_reasons"] = "Ներկայացված փաստաթղթերը թերի են։"
        closed = decided + timedelta(days=rng.randint(1, 10), hours=rng.randrange(0, 6))
        if step("close", closed, Status.CLOSED, place.operator):
            case["closed_at"] = closed


def write_cases(plan: Plan, clock_: Clock, places: list[Place], writer: Writer) -> None:
    """Applications in time order, in chunks: each chunk's cases, then their history."""
    maker = CaseMaker(plan, clock_, places)
    first = next_id(Case)
    progress = Progress("applications", plan.cases)
    for start in range(0, plan.cases, CHUNK):
        rng = seeded(plan.seed * 1_000_003 + start)
        out = CaseRows()
        for index in range(start, min(start + CHUNK, plan.cases)):
            maker.make(first + index, index, rng, out)
        writer.rows(Case, CASE_COLUMNS, out.cases)
        writer.rows(CaseEvent, EVENT_COLUMNS, out.events)
        writer.rows(CasePause, PAUSE_COLUMNS, out.pauses)
        writer.rows(ReceivedDocument, ("case_id", "requirement_id"), out.received)
        progress.update(min(start + CHUNK, plan.cases))
    CaseCounter.objects.bulk_create(
        CaseCounter(community_id=community_id, year=year, last_number=last)
        for (community_id, year), last in maker.counters.items()
    )


# --- letters ------------------------------------------------------------------------------

LETTER_COLUMNS = (
    "id", "community_id", "journal_id", "kind", "number", "year", "sequence", "registered_at",
    "registered_by_id", "correspondent_id", "sender_number", "sender_date", "subject",
    "summary", "pages", "channel", "file_index_id", "resident_id", "status", "control_date",
    "executed_at", "executed_on", "case_id", "reply_to_id", "tracking_code", "version",
    "created_by_id", "created_at", "search_document",
)  # fmt: skip
RESOLUTION_COLUMNS = (
    "id", "letter_id", "parent_id", "author_id", "instruction", "control_date", "created_at",
)  # fmt: skip
PART_COLUMNS = ("resolution_id", "executor_id", "is_main", "status", "note", "done_at")
CORRESPONDENT_COLUMNS = (
    "id", "community_id", "kind", "name", "address", "email", "phone", "search_document",
)  # fmt: skip
KINDS = ((JournalKind.INCOMING, 70), (JournalKind.OUTGOING, 25), (JournalKind.INTERNAL, 5))
JOURNAL_TITLES = {
    JournalKind.INCOMING: "Մուտքային գրություններ",
    JournalKind.OUTGOING: "Ելքային գրություններ",
    JournalKind.INTERNAL: "Ներքին գրություններ",
}
LETTER_CHANNELS = (LetterChannel.POST, LetterChannel.EMAIL, LetterChannel.BY_HAND)


def correspondent(pk: int) -> tuple[CorrespondentKind, str]:
    """Kind and name of generated correspondent ``pk`` (derived from the id)."""
    if _mix(pk, 7) % 10 < 7:
        last, first, _patronymic = person_name(pk)
        return CorrespondentKind.PERSON, f"{last} {first}"
    return CorrespondentKind.ORGANISATION, organisation_name(pk)


def write_journals(places: list[Place], writer: Writer, rng: random.Random) -> None:
    journals = Journal.objects.bulk_create(
        Journal(community=place.community, kind=kind, prefix=prefix, title=JOURNAL_TITLES[kind])
        for place in places
        for kind, prefix in DEFAULT_PREFIXES.items()
    )
    for journal in journals:
        place = next(p for p in places if p.community.pk == journal.community_id)
        place.journals[journal.kind] = journal
    pk = next_id(Correspondent)
    rows = []
    for place in places:
        count = max(3, len(place.persons) // 40)
        place.correspondents = range(pk, pk + count)
        for _ in range(count):
            kind, name = correspondent(pk)
            rows.append((pk, place.community.pk, kind, name, "", "", "", name.lower()))
            pk += 1
    writer.rows(Correspondent, CORRESPONDENT_COLUMNS, rows)


def write_letters(plan: Plan, clock_: Clock, places: list[Place], writer: Writer) -> None:
    rng = seeded(plan.seed * 31 + 7)
    write_journals(places, writer, rng)
    weights = list(accumulate(p.weight for p in places))
    kinds = list(accumulate(w for _k, w in KINDS))
    counters: dict[tuple[int, int], int] = {}
    letter_pk, resolution_pk = next_id(Letter), next_id(Resolution)
    progress = Progress("letters", plan.letter_count)
    now = clock_.now
    for start in range(0, plan.letter_count, CHUNK):
        letters: list[tuple[Any, ...]] = []
        resolutions: list[tuple[Any, ...]] = []
        parts: list[tuple[Any, ...]] = []
        for index in range(start, min(start + CHUNK, plan.letter_count)):
            place = places[_pick(rng, weights)]
            kind = KINDS[_pick(rng, kinds)][0]
            journal = place.journals[kind]
            at = clock_.moment(index, plan.letter_count, rng)
            year = timezone.localdate(at).year
            counters[(journal.pk, year)] = sequence = counters.get((journal.pk, year), 0) + 1
            number = f"{journal.prefix}/{year}/{sequence:05d}"
            sender = rng.choice(place.correspondents)
            subject = rng.choice(names.LETTER_SUBJECTS)
            status, control, executed_at = LetterStatus.REGISTERED, None, None
            if kind != JournalKind.OUTGOING:
                registered_on = timezone.localdate(at)
                control = clock_.calendar.add_working_days(registered_on, rng.choice((5, 10, 20)))
                written = at + timedelta(hours=rng.randrange(1, 24))
                resolutions.append(
                    (resolution_pk, letter_pk, None, place.head, "Ուսումնասիրել և պատասխանել։",
                     control, min(written, now))
                )  # fmt: skip
                executors = rng.sample(
                    [u for ids in place.specialists.values() for u in ids],
                    2 if rng.random() < 0.2 else 1,
                )
                late = rng.random() < plan.overdue_share
                span = (control - registered_on).days
                done_on = (
                    control + timedelta(days=rng.randint(1, 20))
                    if late
                    else (registered_on + timedelta(days=rng.randint(1, max(span, 1))))
                )
                done = clock_.office_time(done_on, rng)
                finished = done <= now
                status = LetterStatus.EXECUTED if finished else LetterStatus.IN_EXECUTION
                executed_at = done if finished else None
                for n, executor in enumerate(executors):
                    parts.append(
                        (resolution_pk, executor, n == 0,
                         PartStatus.DONE if finished else PartStatus.OPEN,
                         "Կատարված է։" if finished else "", done if finished else None)
                    )  # fmt: skip
                resolution_pk += 1
            searchable = Letter(
                number=number,
                subject=subject,
                correspondent=Correspondent(name=correspondent(sender)[1]),
            ).searchable()
            letters.append(
                (letter_pk, place.community.pk, journal.pk, kind, number, year, sequence, at,
                 place.operator, sender, "", None, subject, "", rng.randint(1, 5),
                 rng.choice(LETTER_CHANNELS), None, None, status, control, executed_at,
                 timezone.localdate(executed_at) if executed_at else None, None, None,
                 tracking_code(rng), 1, place.operator, at, searchable)
            )  # fmt: skip
            letter_pk += 1
        writer.rows(Letter, LETTER_COLUMNS, letters)
        writer.rows(Resolution, RESOLUTION_COLUMNS, resolutions)
        writer.rows(ExecutionPart, PART_COLUMNS, parts)
        progress.update(min(start + CHUNK, plan.letter_count))
    JournalCounter.objects.bulk_create(
        JournalCounter(journal_id=journal_id, year=year, last_number=last)
        for (journal_id, year), last in counters.items()
    )


# --- questions ----------------------------------------------------------------------------

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


# --- the whole run ------------------------------------------------------------------------


@dataclass
class Summary:
    writer: Writer
    seconds: float
    statistics_seconds: float

    def lines(self) -> list[str]:
        out = [f"{'table':<40} {'rows':>12} {'seconds':>9} {'rows/s':>10}"]
        total = 0
        for table, count in self.writer.counts.items():
            total += count.rows
            rate = count.rows / count.seconds if count.seconds else 0
            out.append(f"{table:<40} {count.rows:>12,} {count.seconds:>9.1f} {rate:>10,.0f}")
        out.append(
            f"{'total (with generation)':<40} {total:>12,} {self.seconds:>9.1f} "
            f"{total / max(self.seconds, 1e-6):>10,.0f}"
        )
        out.append(f"statistics rebuilt in {self.statistics_seconds:.1f} s")
        return out


def generate(plan: Plan, *, now: datetime | None = None) -> Summary:
    """Write the whole data set (refuses if generated data is already there)."""
    if bench_data_exists():
        raise BenchDataExists("Generated data already exists; use --replace to regenerate it.")
    started = time.monotonic()
    now = now or timezone.now()
    clock_ = Clock(plan.years, now)
    writer = Writer()
    rng = seeded(plan.seed)
    with transaction.atomic():
        places = build_places(plan, rng)
        write_persons(plan, places, writer, now)
        write_cases(plan, clock_, places, writer)
        write_letters(plan, clock_, places, writer)
        write_questions(plan, clock_, places, writer)
        writer.reset_sequences()
    rebuilt_at = time.monotonic()
    replace_in_database()
    done = time.monotonic()
    if connection.vendor == "postgresql":
        # VACUUM also writes the visibility maps, which autovacuum would otherwise rewrite
        # for millions of rows during the first measurements; it cannot run inside a
        # transaction (the tests' own), where statistics are enough.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    return Summary(writer=writer, seconds=done - started, statistics_seconds=done - rebuilt_at)


def delete_bench_data() -> dict[str, int]:
    """Remove every generated row, the tables that refer to others first."""
    communities = list(bench_communities().values_list("pk", flat=True))
    if AuditEvent.objects.filter(community_id__in=communities).exists():
        raise BenchDataExists(
            "Audit events refer to generated communities (someone worked in them); they "
            "cannot be deleted, so the generated data cannot be replaced."
        )
    c = {"community_id__in": communities}
    users = User.objects.filter(username__startswith=BENCH_PREFIX)
    steps: list[tuple[str, Any]] = [
        ("statistics", DailyServiceStats.objects.filter(**c)),
        ("decision facts", DecisionFact.objects.filter(**c)),
        (
            "execution parts",
            ExecutionPart.objects.filter(resolution__letter__community_id__in=communities),
        ),
        ("resolutions", Resolution.objects.filter(letter__community_id__in=communities)),
        ("letters", Letter.objects.filter(**c)),
        ("journal counters", JournalCounter.objects.filter(journal__community_id__in=communities)),
        ("correspondents", Correspondent.objects.filter(**c)),
        ("journals", Journal.objects.filter(**c)),
        ("questions", Question.objects.filter(**c)),
        ("question counters", QuestionCounter.objects.filter(**c)),
        ("topics", Topic.objects.filter(**c)),
        ("case events", CaseEvent.objects.filter(case__community_id__in=communities)),
        ("pauses", CasePause.objects.filter(case__community_id__in=communities)),
        ("received documents", ReceivedDocument.objects.filter(case__community_id__in=communities)),
        ("applications", Case.objects.filter(**c)),
        ("case counters", CaseCounter.objects.filter(**c)),
        ("persons", Person.objects.filter(**c)),
        ("organisations", Organisation.objects.filter(**c)),
        ("form fields", FormField.objects.filter(version__service__community_id__in=communities)),
        (
            "documents",
            DocumentRequirement.objects.filter(version__service__community_id__in=communities),
        ),
        ("service versions", ServiceVersion.objects.filter(service__community_id__in=communities)),
        ("services", Service.objects.filter(**c)),
        (
            "settlement grants",
            Membership.settlements.through.objects.filter(membership__community_id__in=communities),
        ),
        ("memberships", Membership.objects.filter(**c)),
        ("departments", Department.objects.filter(**c)),
        ("users", users),
        ("settlements", Settlement.objects.filter(**c)),
        ("communities", bench_communities()),
        ("regions", Region.objects.filter(code__startswith=BENCH_PREFIX)),
    ]
    deleted: dict[str, int] = {}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        for label, queryset in steps:
            if label == "service versions":
                Service.objects.filter(**c).update(current_version=None)
            deleted[label] = queryset._raw_delete(queryset.db)
    return deleted
