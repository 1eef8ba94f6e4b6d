"""Writes applications with their events, pauses, received documents and counters."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import accumulate
from typing import Any

from django.utils import timezone

from hamaynk.accounts.models import Organisation, Person
from hamaynk.benchmarks import names
from hamaynk.benchmarks.loading import Progress, Writer, next_id
from hamaynk.cases.models import (
    Case,
    CaseCounter,
    CaseEvent,
    CasePause,
    Channel,
    ReceivedDocument,
)
from hamaynk.cases.search import search_document
from hamaynk.cases.workflow import Status
from hamaynk.catalogue.models import FormField
from hamaynk.tenancy.models import Settlement

from .clock import Clock
from .draw import _pick, tracking_code, zipf
from .people import organisation_name, person_name, public_service_number, tax_number
from .places import Place, VersionInfo
from .plan import CHUNK, Plan, seeded

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
