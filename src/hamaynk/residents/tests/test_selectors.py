import pytest
from django.utils import timezone, translation

from hamaynk.cases.models import Case
from hamaynk.correspondence.models import JournalKind, Letter
from hamaynk.residents.claims import resident_claim
from hamaynk.residents.selectors import (
    resident_applications,
    resident_counts,
    resident_letter,
    resident_letters,
)

from .helpers import IP, make_resident

pytestmark = pytest.mark.django_db

ANSWERED = "Գործերի անվանացանկի համաձայնեցում"
IN_EXECUTION = "Ձմռանը ճանապարհների պահպանման պատրաստվածության մասին"
REGISTERED = "Դպրոցի ջեռուցման համակարգի վերանորոգում"


def demo_letter(subject):
    return Letter.objects.get(subject=subject, kind=JournalKind.INCOMING)


def test_a_letter_shows_its_state_in_plain_words_and_the_number_of_its_reply():
    user = make_resident("ani@example.am")
    for subject in (ANSWERED, IN_EXECUTION, REGISTERED):
        resident_claim(user, demo_letter(subject).tracking_code, IP)
    views = {view.subject: view for view in resident_letters(user)}
    assert set(views) == {ANSWERED, IN_EXECUTION, REGISTERED}

    answered = views[ANSWERED]
    reply = Letter.objects.get(reply_to=demo_letter(ANSWERED))
    assert answered.status == "Answered"
    assert answered.reply_numbers == [reply.number]
    assert answered.answered_on == timezone.localdate()
    assert answered.expected_by is None

    working = views[IN_EXECUTION]
    assert working.status == "Being dealt with"
    assert working.expected_by == demo_letter(IN_EXECUTION).control_date
    assert (working.reply_numbers, working.answered_on) == ([], None)

    assert views[REGISTERED].status == "Received and registered"
    assert resident_counts(user) == (0, 3)


def test_another_accounts_letter_is_not_found():
    owner = make_resident("ani@example.am")
    letter = demo_letter(ANSWERED)
    resident_claim(owner, letter.tracking_code, IP)
    assert resident_letter(owner, letter.pk) is not None
    assert resident_letter(make_resident("other@example.am"), letter.pk) is None


def test_applications_show_the_service_in_the_pages_language(file_case):
    user = make_resident("ani@example.am")
    case = file_case("residence-certificate")
    resident_claim(user, case.tracking_code, IP)
    waiting = Case.objects.filter(status="waiting", resident__isnull=True).first()
    resident_claim(user, waiting.tracking_code, IP)
    rows = resident_applications(user)
    assert [row.pk for row in rows] == [case.pk, waiting.pk]  # the newest first
    assert rows[0].service == case.service_version.name_en
    assert rows[0].number == case.number
    assert rows[1].status == "Waiting for the applicant"
    assert all(row.is_open for row in rows)
    with translation.override("hy"):
        assert resident_applications(user)[0].service == case.service_version.name_hy
