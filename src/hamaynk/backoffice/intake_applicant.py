"""The applicant of an intake, carried from page to page in the query string
(``person=<id>`` or ``organisation=<id>``) and checked against the policy every time; with
it, the letter the application starts from (``letter=<id>``), if any."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.http import Http404

from hamaynk.accounts.models import Organisation, Person
from hamaynk.accounts.selectors import organisations_visible_to, persons_visible_to
from hamaynk.correspondence.models import Letter
from hamaynk.correspondence.selectors import letters_visible_to

from .access import StaffRequest


@dataclass(frozen=True)
class Applicant:
    person: Person | None = None
    organisation: Organisation | None = None
    letter: Letter | None = None

    @property
    def record(self) -> Person | Organisation:
        record = self.person or self.organisation
        assert record is not None
        return record

    @property
    def name(self) -> str:
        return self.person.full_name if self.person else str(self.organisation)

    @property
    def query(self) -> dict[str, int]:
        letter = {"letter": self.letter.pk} if self.letter is not None else {}
        if self.person is not None:
            return {"person": self.person.pk, **letter}
        return {"organisation": self.record.pk, **letter}

    @property
    def querystring(self) -> str:
        return urlencode(self.query)


def _id(raw: str) -> int:
    if not raw.isdigit():
        raise Http404
    return int(raw)


def applicant_from_query(request: StaffRequest) -> Applicant | None:
    """The applicant the query string names, or ``None`` if it names none.

    An id that is not a number, or that the user may not see in this community, is a 404.
    """
    person_id = request.GET.get("person", "")
    organisation_id = request.GET.get("organisation", "")
    letter_id = request.GET.get("letter", "")
    letter = None
    if letter_id:
        letter = (
            letters_visible_to(request.user, request.community).filter(pk=_id(letter_id)).first()
        )
        if letter is None:
            raise Http404
    if person_id:
        person = (
            persons_visible_to(request.user, request.community).filter(pk=_id(person_id)).first()
        )
        if person is None:
            raise Http404
        return Applicant(person=person, letter=letter)
    if organisation_id:
        organisation = (
            organisations_visible_to(request.user, request.community)
            .filter(pk=_id(organisation_id))
            .first()
        )
        if organisation is None:
            raise Http404
        return Applicant(organisation=organisation, letter=letter)
    return None
