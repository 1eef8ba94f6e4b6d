"""What a resident sees of their own applications and letters.

Only what the applicant may know: numbers, the service, the status, dates and the number
of the reply. Never the text of resolutions, executors' names or internal notes.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hamaynk.accounts import audit_actions as person_actions
from hamaynk.accounts.models import Membership, Person, User
from hamaynk.accounts.roles import Role
from hamaynk.audit.models import AuditEvent
from hamaynk.cases import audit_actions as case_actions
from hamaynk.cases.models import Case
from hamaynk.cases.workflow import OPEN, Status
from hamaynk.core.models import translated
from hamaynk.correspondence.models import (
    Dispatch,
    ExecutionPart,
    JournalKind,
    Letter,
    LetterStatus,
)
from hamaynk.documents import audit_actions as document_actions
from hamaynk.questions import audit_actions as question_actions
from hamaynk.questions.models import Question


@dataclass(frozen=True)
class ApplicationRow:
    pk: int
    number: str
    service: str
    community: str
    status: str
    submitted_at: datetime
    due_date: date | None
    is_open: bool


def resident_applications(user: User) -> list[ApplicationRow]:
    """The account's applications, the newest first."""
    cases = (
        Case.objects.filter(resident=user)
        .select_related("service_version", "community")
        .order_by("-submitted_at", "-id")
    )
    return [
        ApplicationRow(
            pk=case.pk,
            number=case.number,
            service=translated(case.service_version, "name"),
            community=case.community.name,
            status=str(Status(case.status).label),
            submitted_at=case.submitted_at,
            due_date=case.due_date,
            is_open=case.status in OPEN,
        )
        for case in cases
    ]


@dataclass(frozen=True)
class LetterView:
    pk: int
    number: str
    subject: str
    community: str
    registered_on: date | None
    status: str
    answered: bool
    expected_by: date | None
    answered_on: date | None
    reply_numbers: list[str]


def _plain_status(letter: Letter, has_reply: bool) -> str:
    if letter.status == LetterStatus.EXECUTED:
        return _("Answered") if has_reply else _("Dealt with")
    if letter.status == LetterStatus.IN_EXECUTION:
        return _("Being dealt with")
    return _("Received and registered")


def _replies(letters: list[Letter]) -> dict[int, list[Letter]]:
    """The registered outgoing letters that answer each letter, the earliest first."""
    ids = [letter.pk for letter in letters]
    through_parts = ExecutionPart.objects.filter(
        resolution__letter_id__in=ids, reply_letter__isnull=False
    ).values_list("resolution__letter_id", "reply_letter_id")
    answered_by: dict[int, set[int]] = defaultdict(set)
    for letter_id, reply_id in through_parts:
        answered_by[reply_id].add(letter_id)
    replies = (
        Letter.objects.filter(Q(reply_to_id__in=ids) | Q(pk__in=list(answered_by)))
        .filter(kind=JournalKind.OUTGOING)
        .exclude(number="")
        .prefetch_related(
            Prefetch("dispatches", queryset=Dispatch.objects.order_by("dispatched_at"))
        )
        .order_by("registered_at", "id")
    )
    found: dict[int, list[Letter]] = defaultdict(list)
    for reply in replies:
        targets = set(answered_by.get(reply.pk, set()))
        if reply.reply_to_id in ids:
            targets.add(reply.reply_to_id)
        for target in targets:
            found[target].append(reply)
    return found


def _answered_on(letter: Letter, replies: list[Letter]) -> date | None:
    for reply in replies:
        sent = list(reply.dispatches.all())
        when = sent[0].dispatched_at if sent else reply.registered_at
        if when is not None:
            return timezone.localdate(when)
    return letter.executed_on if letter.status == LetterStatus.EXECUTED else None


def _views(letters: list[Letter]) -> list[LetterView]:
    replies = _replies(letters)
    views = []
    for letter in letters:
        answers = replies.get(letter.pk, [])
        done = letter.status == LetterStatus.EXECUTED
        views.append(
            LetterView(
                pk=letter.pk,
                number=letter.number,
                subject=letter.subject,
                community=letter.community.name,
                registered_on=(
                    timezone.localdate(letter.registered_at) if letter.registered_at else None
                ),
                status=_plain_status(letter, bool(answers)),
                answered=done or bool(answers),
                expected_by=None if done else letter.control_date,
                answered_on=_answered_on(letter, answers),
                reply_numbers=[reply.number for reply in answers],
            )
        )
    return views


def _letters_of(user: User) -> Q:
    return Q(resident=user, kind=JournalKind.INCOMING) & ~Q(status=LetterStatus.DRAFT)


def resident_letters(user: User) -> list[LetterView]:
    """The account's letters, the newest first."""
    letters = list(
        Letter.objects.filter(_letters_of(user))
        .select_related("community")
        .order_by("-registered_at", "-id")
    )
    return _views(letters)


def resident_letter(user: User, pk: int) -> LetterView | None:
    """One of the account's letters, or ``None`` if it is not theirs."""
    letter = Letter.objects.filter(_letters_of(user), pk=pk).select_related("community").first()
    return _views([letter])[0] if letter is not None else None


def resident_counts(user: User) -> tuple[int, int]:
    """How many applications and letters the account has."""
    return (
        Case.objects.filter(resident=user).count(),
        Letter.objects.filter(_letters_of(user)).count(),
    )


# Who opened the resident's data ---------------------------------------------------------

DATA_ACCESS_LIMIT = 200


@dataclass(frozen=True)
class DataAccessRow:
    at: datetime
    community: str
    who: str
    role: str
    what: str


@dataclass(frozen=True)
class DataAccessLog:
    rows: list[DataAccessRow]
    has_more: bool
    limit: int


def _who(event: AuditEvent) -> tuple[str, str]:
    """The name and the office of whoever opened the data; never a username or an id."""
    actor = event.actor
    if actor is None:
        return _("The system (an automatic task)"), ""
    client = getattr(actor, "integration_client", None)
    if client is not None:
        return client.name, _("A connected information system")
    memberships = list(actor.memberships.all())
    held = [m for m in memberships if m.community_id == event.community_id] or [
        m for m in memberships if m.role == Role.SUPERVISOR
    ]
    offices = []
    for membership in held:
        office = str(Role(membership.role).label)
        if membership.department is not None:
            office = f"{office}, {membership.department.name}"
        if office not in offices:
            offices.append(office)
    return actor.get_full_name() or _("A staff member"), "; ".join(offices)


def _application(number: str) -> str:
    return number or _("not registered yet")


def data_access_log(user: User, limit: int = DATA_ACCESS_LIMIT) -> DataAccessLog:
    """Each time staff, a system or an integration opened this account's data, newest first:
    the resident record of the applicant of its applications, their scans and outcome
    documents, and who asked its questions. At most ``limit`` rows, in five queries."""
    cases = list(
        Case.objects.filter(resident=user).values_list("pk", "number", "applicant_person_id")
    )
    case_numbers = {str(pk): number for pk, number, _person in cases}
    persons = {str(person) for _pk, _number, person in cases if person is not None}
    question_numbers = {
        str(pk): number
        for pk, number in Question.objects.filter(resident=user).values_list("pk", "number")
    }
    case_type = Case._meta.label_lower
    person_type = Person._meta.label_lower
    question_type = Question._meta.label_lower
    conditions = []
    if persons:
        conditions.append(
            Q(
                action=person_actions.PERSON_VIEWED,
                object_type=person_type,
                object_id__in=sorted(persons),
            )
        )
    if case_numbers:
        conditions.append(
            Q(
                action__in=[case_actions.CASE_FILE_OPENED, document_actions.DOCUMENT_DOWNLOADED],
                object_type=case_type,
                object_id__in=sorted(case_numbers),
            )
        )
    if question_numbers:
        conditions.append(
            Q(
                action=question_actions.ASKER_VIEWED,
                object_type=question_type,
                object_id__in=sorted(question_numbers),
            )
        )
    if not conditions:
        return DataAccessLog(rows=[], has_more=False, limit=limit)
    match = conditions[0]
    for condition in conditions[1:]:
        match |= condition
    offices = Membership.objects.select_related("department").order_by("role", "id")
    events = list(
        AuditEvent.objects.filter(match)
        .select_related("community", "actor", "actor__integration_client")
        .prefetch_related(Prefetch("actor__memberships", queryset=offices))
        .order_by("-created_at", "-id")[: limit + 1]
    )
    rows = []
    for event in events[:limit]:
        if event.action == person_actions.PERSON_VIEWED:
            what = _("Your resident record")
        elif event.action == question_actions.ASKER_VIEWED:
            what = _("Your name and contact details on your question %(number)s") % {
                "number": question_numbers[event.object_id]
            }
        elif event.action == case_actions.CASE_FILE_OPENED:
            what = _("A scan of application %(number)s") % {
                "number": _application(case_numbers[event.object_id])
            }
        else:
            what = _("The outcome document of application %(number)s") % {
                "number": _application(case_numbers[event.object_id])
            }
        who, role = _who(event)
        rows.append(
            DataAccessRow(
                at=event.created_at,
                community=event.community.name if event.community is not None else "",
                who=who,
                role=role,
                what=what,
            )
        )
    return DataAccessLog(rows=rows, has_more=len(events) > limit, limit=limit)
