"""A resident sees who in the municipality opened their data, and when."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hamaynk.accounts import audit_actions as person_actions
from hamaynk.accounts.models import Person, User
from hamaynk.audit.services import audit_record
from hamaynk.cases.models import Case
from hamaynk.cases.records import case_file_opened
from hamaynk.cases.tests.factories import PDF
from hamaynk.integrations.services import client_create
from hamaynk.questions.services import question_asker_shown
from hamaynk.questions.tests.factories import ask
from hamaynk.residents.selectors import data_access_log

pytestmark = pytest.mark.django_db

PAGE = "/my/data-access/"
WHEN = re.compile(r"\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}")


def make_resident(name: str, first: str, last: str) -> User:
    user = User.objects.create_user(
        username=name,
        email=f"{name}@example.invalid",
        is_resident=True,
        first_name=first,
        last_name=last,
    )
    user.set_unusable_password()
    user.save(update_fields=["password"])
    return user


def resident_client(user: User) -> Client:
    browser = Client()
    browser.cookies["hamaynk_language"] = "en"
    browser.force_login(user, backend="hamaynk.residents.backends.ResidentCodeBackend")
    return browser


def applied(file_case, user: User, person: Person, **overrides) -> Case:
    case = file_case("residence-certificate", applicant_person=person, **overrides)
    case.resident = user
    case.save(update_fields=["resident"])
    return case


@pytest.fixture
def aram(tatev) -> User:
    return make_resident("aram.resident", "Արամ", "Սարգսյան")


@pytest.fixture
def aram_person(tatev) -> Person:
    return Person.objects.create(community=tatev, last_name="Սարգսյան", first_name="Արամ")


@pytest.fixture
def aram_case(file_case, aram, aram_person) -> Case:
    scan = SimpleUploadedFile("passport.pdf", PDF, content_type="application/pdf")
    return applied(file_case, aram, aram_person, files=[scan])


def test_the_resident_sees_the_staff_member_who_opened_their_record(
    login, staff, aram, aram_person, aram_case
):
    operator = staff("tatev.operator")
    assert operator.get_full_name()
    desk = login("tatev.operator")
    assert desk.get(reverse("backoffice:person_detail", args=[aram_person.pk])).status_code == 200
    attachment = aram_case.attachments.get()
    desk.get(reverse("backoffice:case_file", args=[aram_case.pk, attachment.pk]))

    response = resident_client(aram).get(PAGE)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Who opened my data" in page
    assert "Your resident record" in page
    assert f"A scan of application {aram_case.number}" in page
    assert operator.get_full_name() in page
    assert "Service office operator" in page
    assert aram_case.community.name in page
    assert WHEN.search(page)
    assert "tatev.operator" not in page
    assert f">{operator.pk}<" not in page
    rows = data_access_log(aram).rows
    assert [row.what for row in rows] == [
        f"A scan of application {aram_case.number}",
        "Your resident record",
    ]


def test_another_residents_data_and_other_people_do_not_appear(
    login, file_case, aram, aram_person, aram_case
):
    other = make_resident("lilit.resident", "Լիլիթ", "Հովհաննիսյան")
    other_person = Person.objects.create(
        community=aram_case.community, last_name="Հովհաննիսյան", first_name="Լիլիթ"
    )
    other_case = applied(file_case, other, other_person)
    stranger = Person.objects.get(public_service_number="1000000002")
    desk = login("tatev.operator")
    desk.get(reverse("backoffice:person_detail", args=[other_person.pk]))
    desk.get(reverse("backoffice:person_detail", args=[stranger.pk]))

    page = resident_client(aram).get(PAGE).content.decode()

    assert "Nobody in the municipality has opened your data yet." in page
    assert "Your resident record" not in page
    assert other_case.number not in page
    theirs = resident_client(other).get(PAGE).content.decode()
    assert "Your resident record" in theirs


def test_a_question_and_a_system_task_are_named_in_plain_words(
    staff, tatev, aram, aram_person, aram_case
):
    question = ask(tatev, by=aram)
    question_asker_shown(by=staff("tatev.specialist"), question=question)
    audit_record(action=person_actions.PERSON_VIEWED, actor=None, community=tatev, obj=aram_person)
    portal = client_create(
        by=None,
        name="National e-government portal",
        communities=[tatev],
        permissions=["community.view"],
    )
    audit_record(
        action="documents.downloaded", actor=portal.account, community=tatev, obj=aram_case
    )

    page = resident_client(aram).get(PAGE).content.decode()

    assert f"Your name and contact details on your question {question.number}" in page
    assert staff("tatev.specialist").get_full_name() in page
    assert "The system (an automatic task)" in page
    assert "National e-government portal" in page
    assert "A connected information system" in page
    assert f"The outcome document of application {aram_case.number}" in page
    assert portal.account.username not in page


def test_the_list_is_limited_and_says_so(staff, aram, aram_case):
    operator = staff("tatev.operator")
    attachment = aram_case.attachments.get()
    for _ in range(3):
        case_file_opened(by=operator, case=aram_case, attachment=attachment)

    log = data_access_log(aram, limit=2)

    assert len(log.rows) == 2
    assert log.has_more
    assert not data_access_log(aram, limit=3).has_more


def test_the_page_needs_a_resident_sign_in(login):
    response = login("tatev.operator").get(PAGE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("portal:sign_in"))
    anonymous = Client().get(PAGE)
    assert anonymous.status_code == 302
    assert anonymous.url.startswith(reverse("portal:sign_in"))


def test_the_home_page_links_to_it(aram):
    page = resident_client(aram).get(reverse("portal:account")).content.decode()
    assert f'href="{PAGE}"' in page


def test_the_number_of_queries_does_not_grow_with_the_rows(
    staff, tatev, file_case, aram, aram_person, aram_case, django_assert_max_num_queries
):
    browser = resident_client(aram)
    operator = staff("tatev.operator")
    attachment = aram_case.attachments.get()
    case_file_opened(by=operator, case=aram_case, attachment=attachment)
    with CaptureQueriesContext(connection) as one_row:
        browser.get(PAGE)

    second = applied(file_case, aram, aram_person)
    question = ask(tatev, by=aram)
    for name in ("tatev.operator", "tatev.specialist", "tatev.head", "tatev.secretary"):
        user = staff(name)
        audit_record(action="cases.file_opened", actor=user, community=tatev, obj=aram_case)
        question_asker_shown(by=user, question=question)
        audit_record(
            action=person_actions.PERSON_VIEWED, actor=user, community=tatev, obj=aram_person
        )
    audit_record(action="documents.downloaded", actor=operator, community=tatev, obj=second)

    with django_assert_max_num_queries(len(one_row)):
        response = browser.get(PAGE)
    assert len(data_access_log(aram).rows) == 14
    assert response.content.decode().count("<tr>") == 15
