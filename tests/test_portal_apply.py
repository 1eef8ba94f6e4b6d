"""Applying online, as a resident does it: the form, its errors, the review, the receipt;
then the resident's own application page, the reply to the office, the outcome download."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hamaynk.accounts.models import Person, User
from hamaynk.audit.models import AuditEvent
from hamaynk.cases import services
from hamaynk.cases.models import Case, Channel, StagedUpload
from hamaynk.cases.numbering import format_tracking_code
from hamaynk.cases.records import case_comment
from hamaynk.cases.workflow import Status
from hamaynk.catalogue.models import Service
from hamaynk.catalogue.services import service_publish_version

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PSN = "4417000123"


def make_resident(username: str = "ani.petrosyan", **fields: Any) -> User:
    user = User.objects.create_user(
        username=username,
        email=fields.pop("email", f"{username}@example.am"),
        is_resident=True,
        **fields,
    )
    user.set_unusable_password()
    user.save()
    return user


@pytest.fixture
def resident() -> User:
    return make_resident(first_name="Անի", last_name="Պետրոսյան", phone="+37493123456")


@pytest.fixture
def browser(client, resident):
    client.force_login(resident)
    client.cookies["hamaynk_language"] = "en"
    return client


def residence() -> Service:
    return Service.objects.select_related("current_version").get(
        community__code="tatev", code="residence-certificate"
    )


def apply_url(service: Service | None = None) -> str:
    service = service or residence()
    return reverse("portal:apply", args=["tatev", service.code])


def identity_document(service: Service | None = None) -> int:
    version = (service or residence()).current_version
    assert version is not None
    return version.documents.get(name_en="Identity document").pk


def scan(name: str = "passport.pdf", content: bytes = PDF, kind: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=kind)


def submission_key(body: str) -> str:
    found = re.search(r'name="submission_key" value="([0-9a-f-]{36})"', body)
    assert found, "the form carries its submission key"
    return found.group(1)


def form_data(key: str, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "submission_key": key,
        "last_name": "Պետրոսյան",
        "first_name": "Անի",
        "patronymic": "Արմենի",
        "public_service_number": PSN,
        "phone": "093 123456",
        "email": "ani@example.am",
        "address": "Գլխավոր 5",
        "settlement": "tatev.khot",
        "f-settlement": "tatev.khot",
        "f-purpose": "Բանկի համար",
    }
    data.update(overrides)
    return data


def fill_in(browser, **overrides: Any):
    """Open the form and send it with a scan of the identity document."""
    key = submission_key(browser.get(apply_url()).content.decode())
    data = form_data(key, **overrides)
    data.setdefault(f"document_{identity_document()}", scan())
    return key, browser.post(apply_url(), data)


def review_url(key: str) -> str:
    return reverse("portal:apply_review", args=["tatev", "residence-certificate", key])


# The online path ---------------------------------------------------------------------------


def test_the_form_starts_from_what_the_account_knows(browser):
    body = browser.get(apply_url()).content.decode()
    assert 'value="Պետրոսյան"' in body and 'value="Անի"' in body
    assert 'value="ani.petrosyan@example.am"' in body and 'value="+37493123456"' in body
    assert "Identity document" in body
    assert 'name="f-settlement"' in body  # the service's own question


def test_the_whole_path_form_review_send_receipt(browser, resident):
    key, response = fill_in(browser)
    assert response.status_code == 302
    assert response["Location"] == review_url(key)

    review = browser.get(review_url(key)).content.decode()
    for shown in ("Պետրոսյան", PSN, "+37493123456", "Գլխավոր 5", "Բանկի համար", "passport.pdf"):
        assert shown in review
    assert "Check your answers before sending" in review
    assert f"?key={key}" in review  # "Change" goes back to the form, key and all

    sent = browser.post(review_url(key))
    case = Case.objects.get(submission_key=key)
    assert sent.status_code == 302
    assert sent["Location"] == reverse(
        "portal:apply_receipt", args=["tatev", "residence-certificate", case.pk]
    )
    assert case.status == Status.SUBMITTED
    assert case.channel == Channel.ONLINE
    assert case.resident == resident
    assert case.created_by is None
    assert case.form_data == {"settlement": "tatev.khot", "purpose": "Բանկի համար"}
    assert case.settlement.code == "tatev.khot"
    assert list(case.received_documents.values_list("requirement", flat=True)) == [
        identity_document()
    ]
    attachment = case.attachments.get()
    assert attachment.original_name == "passport.pdf"
    assert attachment.uploaded_by == resident
    assert not StagedUpload.objects.filter(submission_key=key).exists()
    person = case.applicant_person
    assert (person.public_service_number, person.last_name, person.phone) == (
        PSN,
        "Պետրոսյան",
        "+37493123456",
    )
    assert AuditEvent.objects.filter(
        action="accounts.person_created", object_id=str(person.pk), actor=None
    ).exists()

    receipt = browser.get(sent["Location"]).content.decode()
    assert format_tracking_code(case.tracking_code) in receipt
    assert re.search(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", receipt)
    assert "Certificate of place of residence" in receipt
    assert "3 working days" in receipt
    assert "usually within one working day" in receipt
    assert 'class="receipt"' in receipt and "data-print" in receipt

    own = browser.get(reverse("portal:my_application", args=[case.pk])).content.decode()
    assert "Application not yet registered" in own
    assert "Submitted, waiting to be registered" in own
    assert sent["Location"] in own  # the receipt, to print again


def test_sending_the_review_twice_files_one_application(browser):
    key, _ = fill_in(browser)
    first = browser.post(review_url(key))
    second = browser.post(review_url(key))
    assert Case.objects.filter(submission_key=key).count() == 1
    assert second.status_code == 302 and second["Location"] == first["Location"]
    assert Person.objects.filter(public_service_number=PSN, community__code="tatev").count() == 1


def test_a_form_error_keeps_the_typed_values_and_the_scan(browser):
    key, response = fill_in(browser, public_service_number="12345", address="")
    body = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in body
    assert "A Public Service Number has exactly 10 digits" in body
    assert 'href="#id_public_service_number"' in body and 'href="#id_address"' in body
    assert 'value="12345"' in body and 'value="Պետրոսյան"' in body
    assert "Բանկի համար" in body
    staged = StagedUpload.objects.get(submission_key=key)
    assert staged.original_name == "passport.pdf"
    assert 'name="remove_staged"' in body and "passport.pdf" in body

    # Corrected, without attaching the scan again: it was kept.
    fixed = browser.post(apply_url(), form_data(key))
    assert fixed.status_code == 302
    browser.post(review_url(key))
    assert Case.objects.get(submission_key=key).attachments.get().sha256 == staged.sha256


def test_a_file_the_office_does_not_accept_is_refused_plainly(browser):
    document = identity_document()
    word = b"PK\x03\x04" + b"\0" * 60  # a Word document is a zip archive
    _key, response = fill_in(
        browser, **{f"document_{document}": scan("letter.docx", word, "application/msword")}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert (
        "letter.docx is not a PDF or an image (JPEG, PNG, TIFF, WebP): it cannot be accepted."
        in body
    )
    assert f'href="#id_document_{document}"' in body
    assert not StagedUpload.objects.exists()


def test_a_mandatory_document_must_be_attached(browser):
    key = submission_key(browser.get(apply_url()).content.decode())
    response = browser.post(apply_url(), form_data(key))
    assert response.status_code == 400
    assert "Attach a scan or a photo of: Identity document." in response.content.decode()
    assert not Case.objects.filter(submission_key=key).exists()


def test_a_staged_scan_can_be_taken_off(browser):
    key, _ = fill_in(browser, last_name="")
    staged = StagedUpload.objects.get(submission_key=key)
    response = browser.post(apply_url(), form_data(key, remove_staged=[staged.pk]))
    assert not StagedUpload.objects.filter(pk=staged.pk).exists()
    assert "Attach a scan or a photo of: Identity document." in response.content.decode()


def test_change_from_the_review_loses_nothing(browser):
    key, _ = fill_in(browser, patronymic="Սուրենի")
    body = browser.get(apply_url(), {"key": key}).content.decode()
    assert submission_key(body) == key
    assert 'value="Սուրենի"' in body and f'value="{PSN}"' in body
    assert 'value="Բանկի համար"' in body
    assert "passport.pdf" in body


def test_the_review_checks_again_what_was_kept(browser):
    key, _ = fill_in(browser)
    StagedUpload.objects.filter(submission_key=key).delete()  # purged overnight
    response = browser.get(review_url(key))
    assert response.status_code == 400
    assert "Attach a scan or a photo of: Identity document." in response.content.decode()
    assert browser.post(review_url(key)).status_code == 400
    assert not Case.objects.filter(submission_key=key).exists()


def test_a_message_of_the_filing_lands_on_its_field(browser, monkeypatch):
    from django.core.exceptions import ValidationError

    from hamaynk.portal import apply

    def refuse(**submission):
        raise ValidationError({"form_data.purpose": ["Գրեք ավելի մանրամասն։"]})

    key, _ = fill_in(browser)
    monkeypatch.setattr(apply, "case_submit", refuse)
    response = browser.post(review_url(key))
    body = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_f-purpose"' in body and "Գրեք ավելի մանրամասն։" in body
    assert not Person.objects.filter(public_service_number=PSN).exists()  # rolled back too


def test_an_existing_record_is_used_and_not_overwritten(browser):
    person = Person.objects.get(community__code="tatev", public_service_number="1000000002")
    before = (person.last_name, person.first_name, person.address, person.phone)
    key, _ = fill_in(browser, public_service_number="1000000002", last_name="Այլ", address="Նոր")
    browser.post(review_url(key))
    case = Case.objects.get(submission_key=key)
    assert case.applicant_person == person
    person.refresh_from_db()
    assert (person.last_name, person.first_name, person.address, person.phone) == before


def test_a_service_not_taken_online_explains_where_to_go(browser):
    service = residence()
    service_publish_version(by=None, service=service, online=False)
    response = browser.get(apply_url(service))
    assert response.status_code == 404
    assert "This service cannot be applied for online" in response.content.decode()
    assert browser.post(apply_url(service), {}).status_code == 404


def test_a_service_the_community_does_not_offer_is_not_found(browser):
    assert browser.get(reverse("portal:apply", args=["tatev", "no-such"])).status_code == 404
    assert browser.get(reverse("portal:apply", args=["nowhere", "petition"])).status_code == 404


def test_only_a_signed_in_resident_applies(client, staff):
    response = client.get(apply_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("portal:sign_in"))
    client.force_login(staff("tatev.operator"))  # a staff account is not a resident's
    assert client.get(apply_url()).status_code == 302


def test_the_receipt_is_the_applicants_alone(browser, client):
    key, _ = fill_in(browser)
    receipt = browser.post(review_url(key))["Location"]
    browser.force_login(make_resident("other.resident"))
    assert browser.get(receipt).status_code == 404
    assert browser.get(review_url(key)).status_code == 404
    assert browser.post(review_url(key)).status_code == 404


def test_the_application_waits_in_the_operators_list_to_register(browser, login):
    key, _ = fill_in(browser)
    browser.post(review_url(key))
    case = Case.objects.get(submission_key=key)
    operator = login("tatev.operator")
    operator.cookies["hamaynk_language"] = "en"
    body = operator.get(reverse("backoffice:case_list"), {"list": "to_register"}).content.decode()
    assert reverse("backoffice:case_detail", args=[case.pk]) in body
    other = operator.get(reverse("backoffice:case_list"), {"list": "unassigned"}).content.decode()
    assert reverse("backoffice:case_detail", args=[case.pk]) not in other
    page = operator.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert "Submitted, waiting to be registered" in page
    assert "Confirm: Register" in page
    registered = operator.post(
        reverse("backoffice:case_act", args=[case.pk, "register"]),
        {"version": case.version, "documents": [identity_document()]},
    )
    assert registered.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.REGISTERED and case.number and case.due_date


# The resident's own application ------------------------------------------------------------


def own_waiting_case(resident: User, code: str = "residence-certificate") -> Case:
    """An application of the resident's that waits for them, with an internal note."""
    case = Case.objects.filter(status=Status.IN_PROGRESS, community__code="tatev").first()
    assert case is not None
    Case.objects.filter(pk=case.pk).update(resident=resident)
    head = User.objects.get(username="tatev.head")
    case_comment(by=head, case=case, text="Ներքին նշում աշխատակիցների համար", internal=True)
    return services.case_request_info(by=head, case=case, message="Բերեք անձնագրի պատճենը")


def test_the_residents_page_shows_status_history_and_the_request(browser, resident):
    case = own_waiting_case(resident)
    body = browser.get(reverse("portal:my_application", args=[case.pk])).content.decode()
    assert case.number in body
    assert "Waiting for the applicant" in body
    assert "Բերեք անձնագրի պատճենը" in body
    assert "The office asks you" in body
    assert "Information requested" in body
    assert "Ներքին նշում" not in body
    for name in User.objects.filter(memberships__community__code="tatev").values_list(
        "last_name", flat=True
    ):
        if name:
            assert name not in body  # the history speaks of the office, never of staff
    assert 'name="text"' in body and 'name="files"' in body


def test_the_resident_replies_and_the_office_sees_it(browser, resident, login):
    case = own_waiting_case(resident)
    url = reverse("portal:my_application", args=[case.pk])
    response = browser.post(
        url,
        {
            "version": case.version,
            "text": "Կցում եմ անձնագրի պատճենը",
            "files": scan("անձնագիր.pdf"),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    body = browser.get(url).content.decode()
    assert "You replied" in body and "Կցում եմ անձնագրի պատճենը" in body
    assert "անձնագիր.pdf" in body
    assert 'name="text"' not in body  # nothing is asked any more

    head = login("tatev.head")
    head.cookies["hamaynk_language"] = "en"
    staff_body = head.get(reverse("backoffice:case_detail", args=[case.pk])).content.decode()
    assert "Applicant replied (files: անձնագիր.pdf)" in staff_body
    assert "Կցում եմ անձնագրի պատճենը" in staff_body
    assert "անձնագիր.pdf" in staff_body


def test_a_reply_with_a_refused_file_keeps_the_text(browser, resident):
    case = own_waiting_case(resident)
    response = browser.post(
        reverse("portal:my_application", args=[case.pk]),
        {"version": case.version, "text": "Ահա", "files": scan("a.exe", b"MZ" + b"\0" * 80, "")},
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "a.exe is not a PDF or an image" in body
    assert "Ահա" in body
    case.refresh_from_db()
    assert case.status == Status.WAITING


def test_an_empty_reply_says_what_is_missing(browser, resident):
    case = own_waiting_case(resident)
    response = browser.post(
        reverse("portal:my_application", args=[case.pk]), {"version": case.version, "text": " "}
    )
    assert response.status_code == 400
    assert "Write your answer or attach a document." in response.content.decode()


def test_another_resident_gets_404_everywhere(browser, resident):
    case = own_waiting_case(resident)
    browser.force_login(make_resident("someone.else"))
    url = reverse("portal:my_application", args=[case.pk])
    assert browser.get(url).status_code == 404
    assert browser.post(url, {"version": case.version, "text": "Ահա"}).status_code == 404
    assert (
        browser.get(reverse("portal:my_application_document", args=[case.pk, 1])).status_code == 404
    )
    case.refresh_from_db()
    assert case.status == Status.WAITING


def issued_case(resident: User) -> Case:
    case = Case.objects.filter(status=Status.IN_PROGRESS, community__code="tatev").first()
    assert case is not None
    Case.objects.filter(pk=case.pk).update(resident=resident)
    head = User.objects.get(username="tatev.head")
    case = services.case_decide(by=head, case=case, decision="granted")
    return services.case_issue_result(by=User.objects.get(username="tatev.operator"), case=case)


def test_the_outcome_document_is_downloaded_and_logged(browser, resident):
    case = issued_case(resident)
    document = case.documents.get()
    body = browser.get(reverse("portal:my_application", args=[case.pk])).content.decode()
    url = reverse("portal:my_application_document", args=[case.pk, document.version])
    assert url in body
    assert document.verification_code in body
    response = browser.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        action="documents.downloaded", actor=resident, object_id=str(case.pk)
    ).exists()
    assert (
        browser.get(
            reverse("portal:my_application_document", args=[case.pk, document.version + 1])
        ).status_code
        == 404
    )
