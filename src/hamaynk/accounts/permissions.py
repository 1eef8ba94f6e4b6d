"""Every permission name, and which role holds which. The policy module reads only this."""

from __future__ import annotations

from enum import StrEnum

from .roles import Role


class Perm(StrEnum):
    VIEW_COMMUNITY = "community.view"
    VIEW_PERSON = "person.view"
    ADD_PERSON = "person.add"
    CHANGE_PERSON = "person.change"
    VIEW_ORGANISATION = "organisation.view"
    ADD_ORGANISATION = "organisation.add"
    CHANGE_ORGANISATION = "organisation.change"
    VIEW_STAFF = "staff.view"
    VIEW_AUDIT = "audit.view"
    MANAGE_CATALOGUE = "catalogue.manage"
    MANAGE_CALENDAR = "calendar.manage"
    VIEW_CASE = "case.view"
    VIEW_OVERVIEW = "case.overview"
    ADD_CASE = "case.add"
    VIEW_LETTER = "letter.view"
    REGISTER_LETTER = "letter.register"
    RESOLVE_LETTER = "letter.resolve"
    EXECUTE_LETTER = "letter.execute"
    MANAGE_NOMENCLATURE = "letter.nomenclature"
    VIEW_QUESTION = "question.view"
    ANSWER_QUESTION = "question.answer"
    PUBLISH_QUESTION = "question.publish"
    MANAGE_QUESTION_TOPICS = "question.topics"


_READ_RESIDENTS = {Perm.VIEW_PERSON, Perm.VIEW_ORGANISATION}
_WRITE_RESIDENTS = {
    Perm.ADD_PERSON,
    Perm.CHANGE_PERSON,
    Perm.ADD_ORGANISATION,
    Perm.CHANGE_ORGANISATION,
}
_OVERSIGHT = {Perm.VIEW_STAFF, Perm.VIEW_AUDIT}
_MANAGING = {Perm.VIEW_OVERVIEW}
_CASES = {Perm.VIEW_CASE}
_INTAKE = {Perm.VIEW_CASE, Perm.ADD_CASE}
# Letters: the registry registers and dispatches, the head and deputies write resolutions,
# executors (anyone named in a resolution) report and pass work down.
_LETTERS_EXECUTE = {Perm.VIEW_LETTER, Perm.EXECUTE_LETTER}
_LETTERS_REGISTRY = {*_LETTERS_EXECUTE, Perm.REGISTER_LETTER}
_LETTERS_RESOLVE = {*_LETTERS_EXECUTE, Perm.RESOLVE_LETTER}
# Residents' questions: operators look them up for walk-ins, specialists answer their
# department's, the head, deputies and the chief of staff answer any and publish the FAQ;
# the head and the chief of staff keep the topics.
_QUESTIONS_VIEW = {Perm.VIEW_QUESTION}
_QUESTIONS_ANSWER = {*_QUESTIONS_VIEW, Perm.ANSWER_QUESTION}
_QUESTIONS_PUBLISH = {*_QUESTIONS_ANSWER, Perm.PUBLISH_QUESTION}

ROLE_PERMISSIONS: dict[Role, frozenset[Perm]] = {
    Role.OPERATOR: frozenset(
        {
            Perm.VIEW_COMMUNITY,
            *_READ_RESIDENTS,
            *_WRITE_RESIDENTS,
            *_INTAKE,
            *_LETTERS_REGISTRY,
            *_QUESTIONS_VIEW,
        }
    ),
    Role.SPECIALIST: frozenset(
        {Perm.VIEW_COMMUNITY, *_READ_RESIDENTS, *_CASES, *_LETTERS_EXECUTE, *_QUESTIONS_ANSWER}
    ),
    Role.SETTLEMENT_ADMINISTRATOR: frozenset(
        {Perm.VIEW_COMMUNITY, *_READ_RESIDENTS, *_WRITE_RESIDENTS, *_INTAKE}
    ),
    Role.HEAD: frozenset(
        {
            Perm.VIEW_COMMUNITY,
            *_READ_RESIDENTS,
            *_OVERSIGHT,
            *_CASES,
            *_MANAGING,
            *_LETTERS_RESOLVE,
            Perm.MANAGE_NOMENCLATURE,
            *_QUESTIONS_PUBLISH,
            Perm.MANAGE_QUESTION_TOPICS,
        }
    ),
    Role.DEPUTY_HEAD: frozenset(
        {
            Perm.VIEW_COMMUNITY,
            *_READ_RESIDENTS,
            *_OVERSIGHT,
            *_CASES,
            *_MANAGING,
            *_LETTERS_RESOLVE,
            *_QUESTIONS_PUBLISH,
        }
    ),
    Role.CHIEF_OF_STAFF: frozenset(
        {
            Perm.VIEW_COMMUNITY,
            *_READ_RESIDENTS,
            *_WRITE_RESIDENTS,
            *_OVERSIGHT,
            *_INTAKE,
            *_MANAGING,
            *_LETTERS_REGISTRY,
            Perm.MANAGE_CATALOGUE,
            Perm.MANAGE_CALENDAR,
            Perm.MANAGE_NOMENCLATURE,
            *_QUESTIONS_PUBLISH,
            Perm.MANAGE_QUESTION_TOPICS,
        }
    ),
    Role.COUNCIL_MEMBER: frozenset({Perm.VIEW_COMMUNITY}),
    # Supervisors read across communities but see no resident's personal data.
    Role.SUPERVISOR: frozenset({Perm.VIEW_COMMUNITY, *_OVERSIGHT}),
}
