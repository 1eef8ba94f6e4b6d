"""The nomenclature of files, and every letter and application filed in one of its files."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import Case
from hamaynk.cases.services import case_register
from hamaynk.cases.tests.factories import make_case
from hamaynk.cases.workflow import Status
from hamaynk.catalogue.models import Service
from hamaynk.correspondence.models import FileNomenclature, JournalKind
from hamaynk.correspondence.nomenclature import (
    FileFields,
    case_file_set,
    file_create,
    file_delete,
    file_set_in_use,
    file_update,
    nomenclature_copy,
)
from hamaynk.correspondence.outgoing import outgoing_draft, outgoing_register
from hamaynk.correspondence.services import resolution_write
from hamaynk.tenancy.models import Community

from .conftest import incoming, journal, nomenclature_file, working_day

pytestmark = pytest.mark.django_db


def fields(code: str = "01-01", **overrides) -> FileFields:
    values = {"code": code, "title": "Քաղաքացիների դիմումներ", "retention_years": 5}
    values.update(overrides)
    return FileFields(**values)


def errors(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


def test_the_chief_of_staff_adds_a_file_and_it_is_audited(staff, tatev):
    year = timezone.localdate().year
    file = file_create(
        by=staff("tatev.secretary"), community=tatev, year=year, fields=fields("02-03")
    )
    assert (file.code, file.year, file.retention_years, file.is_active) == ("02-03", year, 5, True)
    assert file.kept_until == year + 5
    event = AuditEvent.objects.get(
        action="correspondence.nomenclature_added", object_id=str(file.pk)
    )
    assert event.community_id == tatev.pk
    assert event.changes["code"] == "02-03"


def test_only_the_head_and_the_chief_of_staff_keep_the_nomenclature(staff, tatev):
    year = timezone.localdate().year
    assert file_create(by=staff("tatev.head"), community=tatev, year=year, fields=fields("A"))
    for username in ("tatev.operator", "tatev.specialist", "aragatsavan.head"):
        with pytest.raises(PermissionDenied):
            file_create(by=staff(username), community=tatev, year=year, fields=fields("B"))


def test_each_mistake_gets_its_own_message(staff, tatev):
    secretary = staff("tatev.secretary")
    year = timezone.localdate().year
    nomenclature_file(tatev, secretary, "01-01")
    with pytest.raises(ValidationError) as error:
        file_create(
            by=secretary,
            community=tatev,
            year=year,
            fields=fields("01-01", title=" ", retention_years=None),
        )
    assert errors(error) == {
        "code": [f"The nomenclature of {year} already has a file 01-01."],
        "title": ["Enter the file's title."],
        "retention_years": [
            "Enter how many years the file is kept, or mark it as kept permanently."
        ],
    }
    with pytest.raises(ValidationError) as error:
        file_create(
            by=secretary,
            community=tatev,
            year=year,
            fields=fields("01-02", retention_years=10, permanent=True),
        )
    assert "A file kept permanently has no period in years" in errors(error)["retention_years"][0]
    with pytest.raises(ValidationError) as error:
        file_create(by=secretary, community=tatev, year=1900, fields=fields("01-03"))
    assert errors(error)["year"] == [f"Enter a year from 1991 to {year + 1}."]
    with pytest.raises(ValidationError) as error:
        file_create(
            by=secretary, community=tatev, year=year, fields=fields("01-04", retention_years=0)
        )
    assert errors(error)["retention_years"] == ["A retention period is from 1 to 100 years."]
    # The same code in another year, or another community, is another file.
    assert nomenclature_file(tatev, secretary, "01-01", year=year + 1)
    aragatsavan = Community.objects.get(code="aragatsavan")
    assert nomenclature_file(aragatsavan, staff("aragatsavan.head"), "01-01")


def test_a_journal_or_a_service_is_the_default_of_one_file_a_year(staff, tatev):
    secretary = staff("tatev.secretary")
    incoming_journal = journal(tatev)
    petition = Service.objects.get(community=tatev, code="petition")
    nomenclature_file(tatev, secretary, "01-01", journals=[incoming_journal], services=[petition])
    with pytest.raises(ValidationError) as error:
        nomenclature_file(
            tatev, secretary, "01-02", journals=[incoming_journal], services=[petition]
        )
    assert errors(error)["journals"] == [
        f"The letters of journal {incoming_journal.prefix} already go to file 01-01 by default."
    ]
    assert "already go to file 01-01 by default" in errors(error)["services"][0]


def test_a_change_is_audited_with_what_changed(staff, tatev):
    secretary = staff("tatev.secretary")
    file = nomenclature_file(tatev, secretary, "01-01")
    file_update(
        by=secretary,
        file=file,
        fields=fields("01-01", title=file.title, permanent=True, retention_years=None),
    )
    file.refresh_from_db()
    assert file.is_permanent and file.kept_until is None
    event = AuditEvent.objects.filter(action="correspondence.nomenclature_changed").latest("id")
    assert event.changes == {"retention_years": [5, None]}


def test_a_file_in_use_is_not_deleted_only_taken_out_of_use(staff, tatev):
    secretary = staff("tatev.secretary")
    used = nomenclature_file(tatev, secretary, "01-01")
    empty = nomenclature_file(tatev, secretary, "01-02")
    incoming(tatev, secretary, file_index=used)
    with pytest.raises(ValidationError) as error:
        file_delete(by=secretary, file=used)
    assert error.value.messages == [
        "File 01-01 is in use (letters: 1, applications: 0): it cannot be deleted. "
        "Take it out of use instead."
    ]
    file_delete(by=secretary, file=empty)
    assert not FileNomenclature.objects.filter(pk=empty.pk).exists()
    assert AuditEvent.objects.filter(
        action="correspondence.nomenclature_removed", object_id=str(empty.pk)
    ).exists()

    file_set_in_use(by=secretary, file=used, in_use=False)
    with pytest.raises(ValidationError) as error:
        incoming(tatev, secretary, file_index=used)
    assert errors(error)["file_index"] == ["File 01-01 is out of use: choose another."]


def test_copying_a_year_to_the_next_carries_periods_and_defaults_once(staff, tatev):
    secretary = staff("tatev.secretary")
    year = timezone.localdate().year
    incoming_journal = journal(tatev)
    nomenclature_file(tatev, secretary, "01-01", journals=[incoming_journal])
    nomenclature_file(tatev, secretary, "01-02", retention_years=None)
    retired = nomenclature_file(tatev, secretary, "01-03")
    file_set_in_use(by=secretary, file=retired, in_use=False)

    copied = nomenclature_copy(by=secretary, community=tatev, year=year)
    assert [(f.code, f.year, f.retention_years) for f in copied] == [
        ("01-01", year + 1, 5),
        ("01-02", year + 1, None),
    ]
    assert list(copied[0].journals.all()) == [incoming_journal]
    assert nomenclature_copy(by=secretary, community=tatev, year=year) == []
    assert FileNomenclature.objects.filter(community=tatev, year=year + 1).count() == 2
    assert AuditEvent.objects.filter(action="correspondence.nomenclature_copied").count() == 1
    with pytest.raises(ValidationError) as error:
        nomenclature_copy(by=secretary, community=tatev, year=year - 5)
    assert error.value.messages == [f"The nomenclature of {year - 5} has no file in use to copy."]


def test_a_letter_goes_to_its_journals_default_file_and_must_be_filed_once_there_is_an_index(
    staff, tatev
):
    secretary = staff("tatev.secretary")
    # No nomenclature yet: a letter may stay unfiled.
    assert incoming(tatev, secretary).file_index is None
    other = nomenclature_file(tatev, secretary, "01-09")
    with pytest.raises(ValidationError) as error:
        incoming(tatev, secretary)
    year = timezone.localdate().year
    assert errors(error)["file_index"] == [
        f"Choose the file of the {year} nomenclature the letter is kept in."
    ]
    default = nomenclature_file(tatev, secretary, "01-01", journals=[journal(tatev)])
    assert incoming(tatev, secretary).file_index == default
    assert incoming(tatev, secretary, file_index=other).file_index == other
    last_year = nomenclature_file(tatev, secretary, "01-01", year=year - 1)
    with pytest.raises(ValidationError) as error:
        incoming(tatev, secretary, file_index=last_year)
    assert errors(error)["file_index"] == [
        f"Choose a file of this community's nomenclature for {year}."
    ]


def test_a_reply_is_filed_with_the_letter_it_answers(staff, tatev):
    secretary, head, specialist = (
        staff("tatev.secretary"),
        staff("tatev.head"),
        staff("tatev.specialist"),
    )
    nomenclature_file(tatev, secretary, "01-01", journals=[journal(tatev, JournalKind.OUTGOING)])
    answered_file = nomenclature_file(tatev, secretary, "05-02")
    letter = incoming(tatev, secretary, file_index=answered_file)
    resolution_write(
        by=head,
        letter=letter,
        instruction="Պատասխանել",
        control_date=working_day(tatev),
        main_executor=specialist,
    )
    reply = outgoing_draft(
        by=specialist,
        journal=journal(tatev, JournalKind.OUTGOING),
        subject="Պատասխան",
        correspondent=letter.correspondent,
        reply_to=letter,
    )
    registered = outgoing_register(by=secretary, letter=reply)
    assert registered.file_index == answered_file
    event = AuditEvent.objects.filter(
        action="correspondence.registered", object_id=str(reply.pk)
    ).get()
    assert event.changes["file_index"] == "05-02"


def test_an_application_is_filed_at_registration_in_its_services_default_file(staff, tatev):
    secretary, operator = staff("tatev.secretary"), staff("tatev.operator")
    petition = Service.objects.get(community=tatev, code="petition")
    file = nomenclature_file(tatev, secretary, "03-01", services=[petition])
    case = make_case(tatev, operator, "petition")
    assert case.file_index == file
    assert case.events.get(kind="register").data["file_index"] == "03-01"
    # A service without a default file leaves the application to be filed by hand.
    assert make_case(tatev, operator, "residence-certificate").file_index is None


def test_an_online_application_is_filed_when_the_office_registers_it(staff, tatev):
    secretary, operator = staff("tatev.secretary"), staff("tatev.operator")
    petition = Service.objects.get(community=tatev, code="petition")
    file = nomenclature_file(tatev, secretary, "03-01", services=[petition])
    case = make_case(tatev, operator, "petition")
    Case.objects.filter(pk=case.pk).update(
        status=Status.SUBMITTED, file_index=None, number="", year=None, sequence=None
    )
    case.refresh_from_db()
    registered = case_register(by=operator, case=case)
    assert registered.file_index == file


def test_staff_file_an_application_by_hand(staff, tatev):
    secretary, operator = staff("tatev.secretary"), staff("tatev.operator")
    case = make_case(tatev, operator, "residence-certificate")
    file = nomenclature_file(tatev, secretary, "03-02")
    case_file_set(by=operator, case=case, file_index=file)
    case.refresh_from_db()
    assert case.file_index == file
    event = AuditEvent.objects.get(action="correspondence.case_filed", object_id=str(case.pk))
    assert event.changes == {"file_index": [None, "03-02"]}
    with pytest.raises(PermissionDenied):
        case_file_set(by=staff("tatev.specialist"), case=case, file_index=file)
    with pytest.raises(ValidationError) as error:
        case_file_set(by=operator, case=case, file_index=None)
    assert errors(error)["file_index"] == ["Choose the file the application is kept in."]
    year = timezone.localdate().year
    old = nomenclature_file(tatev, secretary, "03-02", year=year - 1)
    with pytest.raises(ValidationError) as error:
        case_file_set(by=operator, case=case, file_index=old)
    assert errors(error)["file_index"] == [
        f"Choose a file of this community's nomenclature for {year}."
    ]
    retired = nomenclature_file(tatev, secretary, "03-03")
    file_set_in_use(by=secretary, file=retired, in_use=False)
    with pytest.raises(ValidationError) as error:
        case_file_set(by=operator, case=case, file_index=retired)
    assert errors(error)["file_index"] == ["File 03-03 is out of use: choose another."]
