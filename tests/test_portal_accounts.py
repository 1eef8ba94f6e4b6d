"""Resident accounts on the portal: sign-in with a one-time code, the resident's pages."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.audit.models import AuditEvent
from hamaynk.cases.models import Case
from hamaynk.correspondence.models import JournalKind, Letter
from hamaynk.residents.claims import resident_claim
from hamaynk.residents.services import resident_account_create

pytestmark = pytest.mark.django_db

ADDRESS = "mariam@example.am"
SIGN_IN = "/account/sign-in/"
CODE = "/account/sign-in/code/"
ANSWERED = "Գործերի անվանացանկի համաձայնեցում"


@pytest.fixture
def client() -> Client:
    browser = Client(REMOTE_ADDR="192.0.2.44")
    browser.cookies["hamaynk_language"] = "en"
    return browser


def mailed_code(to: str = ADDRESS) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    found = re.search(r"\b(\d{6})\b", message.body)
    assert found
    return found.group(1)


def other_than(code: str) -> str:
    return str((int(code) + 1) % 10**6).zfill(6)


def ask_for_code(client: Client, address: str = ADDRESS, **extra: str):
    return client.post(SIGN_IN, {"address": address, **extra})


def resident(address: str = ADDRESS, first: str = "Մարիամ", last: str = "Ավետիսյան") -> User:
    return resident_account_create(address=address, first_name=first, last_name=last)


def signed_in(client: Client, user: User) -> Client:
    client.force_login(user, backend="hamaynk.residents.backends.ResidentCodeBackend")
    return client


# Sign-in ------------------------------------------------------------------------------


def test_the_whole_first_sign_in_through_the_pages(client):
    page = client.get(SIGN_IN)
    assert page.status_code == 200
    assert 'for="id_address"' in page.content.decode()

    response = ask_for_code(client, "  Mariam@Example.AM ")
    assert response.status_code == 302
    assert response.url == reverse("portal:sign_in_code")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [ADDRESS]

    page = client.get(CODE).content.decode()
    assert f"We sent a 6-digit code to <strong>{ADDRESS}</strong>" in page
    assert f'value="{ADDRESS}"' in page
    assert "Send a new code" in page

    response = client.post(CODE, {"address": ADDRESS, "code": mailed_code()})
    assert response.status_code == 302
    assert response.url == reverse("portal:profile") + "?welcome=1"  # a new account: who are you?
    user = User.objects.get(email=ADDRESS)
    assert user.is_resident
    assert response.cookies["hamaynk_language"].value == "en"

    welcome = client.get(response.url).content.decode()
    assert "Welcome! Tell us about yourself" in welcome
    response = client.post(
        response.url,
        {
            "first_name": "Մարիամ",
            "last_name": "Ավետիսյան",
            "preferred_language": "ru",
            "preferred_channel": "email",
        },
    )
    assert response.status_code == 302
    assert response.url == reverse("portal:account")
    assert response.cookies["hamaynk_language"].value == "ru"
    user.refresh_from_db()
    assert (user.first_name, user.preferred_language) == ("Մարիամ", "ru")

    client.cookies["hamaynk_language"] = "en"
    home = client.get(reverse("portal:account")).content.decode()
    for url in ("my_applications", "my_letters", "my_questions", "profile", "claim"):
        assert f'href="{reverse(f"portal:{url}")}"' in home
    assert "Hello, Մարիամ Ավետիսյան." in home

    assert client.get(reverse("portal:sign_out")).status_code == 405
    response = client.post(reverse("portal:sign_out"))
    assert response.status_code == 302
    assert client.get(reverse("portal:account")).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.logged_out", actor_id=user.pk).exists()


def test_signing_in_takes_the_account_language_and_goes_back_where_it_was_asked(client):
    user = resident()
    user.preferred_language = "ru"
    user.save()
    target = reverse("portal:my_letters")
    response = client.get(target)
    assert response.status_code == 302
    assert response.url == f"{SIGN_IN}?next={target}"
    page = client.get(response.url).content.decode()
    assert f'value="{target}"' in page
    ask_for_code(client, next=target)
    response = client.post(CODE, {"address": ADDRESS, "code": mailed_code(), "next": target})
    assert response.url == target
    assert response.cookies["hamaynk_language"].value == "ru"


def test_an_unsafe_next_is_ignored(client):
    resident()
    ask_for_code(client, next="https://evil.example/steal")
    code = mailed_code()
    response = client.post(
        CODE, {"address": ADDRESS, "code": code, "next": "https://evil.example/steal"}
    )
    assert response.url == reverse("portal:account")


def test_a_wrong_code_keeps_the_address_and_says_how_many_tries_are_left(client):
    resident()
    ask_for_code(client)
    response = client.post(CODE, {"address": ADDRESS, "code": other_than(mailed_code())})
    assert response.status_code == 200
    body = response.content.decode()
    assert "The code is wrong" in body
    assert "4 tries left" in body
    assert f'value="{ADDRESS}"' in body
    assert f"<strong>{ADDRESS}</strong>" in body
    assert 'class="error-summary"' in body
    assert 'href="#id_code"' in body


def test_a_code_that_is_not_six_digits_is_a_form_error(client):
    ask_for_code(client)
    body = client.post(CODE, {"address": ADDRESS, "code": "12 34"}).content.decode()
    assert "The code has 6 digits" in body
    assert 'value="12 34"' in body


def test_an_expired_code_says_so_and_keeps_the_address(client):
    resident()
    with time_machine.travel(timezone.now(), tick=False) as clock:
        ask_for_code(client)
        code = mailed_code()
        clock.shift(timedelta(minutes=11))
        body = client.post(CODE, {"address": ADDRESS, "code": code}).content.decode()
    assert "This code has expired" in body
    assert f'value="{ADDRESS}"' in body


def test_too_many_wrong_tries_kill_the_code(client, settings):
    settings.HAMAYNK_RESIDENT_CODE_ATTEMPTS = 2  # below django-axes' limit, to see the message
    resident()
    ask_for_code(client)
    code = mailed_code()
    client.post(CODE, {"address": ADDRESS, "code": other_than(code)})
    body = client.post(CODE, {"address": ADDRESS, "code": other_than(code)}).content.decode()
    assert "typed wrong too many times" in body
    body = client.post(CODE, {"address": ADDRESS, "code": code}).content.decode()
    assert "typed wrong too many times" in body
    assert f'value="{ADDRESS}"' in body
    assert "_auth_user_id" not in client.session


def test_repeated_wrong_codes_lock_the_address_out_from_that_client(client, settings):
    user = resident()
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        ask_for_code(client)
        code = mailed_code()
        for _ in range(settings.AXES_FAILURE_LIMIT - 1):
            assert (
                client.post(CODE, {"address": ADDRESS, "code": other_than(code)}).status_code == 200
            )
        locked = client.post(CODE, {"address": ADDRESS, "code": other_than(code)})
        assert locked.status_code == 429
        assert "Too many failed log-ins" in locked.content.decode()
        # A new code does not help from this device: the right code is refused too.
        clock.shift(timedelta(seconds=61))
        ask_for_code(client)
        fresh = mailed_code()
        response = client.post(CODE, {"address": ADDRESS, "code": fresh})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session
        # Another device, with the same fresh code, gets in.
        other = Client(REMOTE_ADDR="198.51.100.23")
        response = other.post(CODE, {"address": ADDRESS, "code": fresh})
        assert response.status_code == 302
        assert other.session["_auth_user_id"] == str(user.pk)


def test_codes_are_not_sent_too_often(client):
    with time_machine.travel(timezone.now(), tick=False):
        assert ask_for_code(client).status_code == 302
        response = ask_for_code(client)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Please wait 60 seconds" in body
    assert f'value="{ADDRESS}"' in body
    assert len(mail.outbox) == 1


def test_an_address_that_is_neither_e_mail_nor_phone_is_explained(client):
    response = ask_for_code(client, "mariam at example")
    body = response.content.decode()
    assert "or a mobile phone number" in body
    assert 'value="mariam at example"' in body
    assert not mail.outbox


def test_a_staff_address_is_refused(client, staff):
    response = ask_for_code(client, staff("tatev.head").email)
    assert "belongs to a staff account" in response.content.decode()
    assert not mail.outbox


def test_a_code_by_text_message(client, monkeypatch):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "hamaynk.residents.codes.send_sms", lambda to, text: sent.append((to, text))
    )
    ask_for_code(client, "077 123 456")
    ((number, text),) = sent
    assert number == "+37477123456"
    page = client.get(CODE).content.decode()
    assert "+37477123456" in page
    code = re.search(r"\b(\d{6})\b", text).group(1)
    response = client.post(CODE, {"address": "+37477123456", "code": code})
    assert response.status_code == 302
    assert User.objects.get(phone="+37477123456").preferred_channel == "sms"


def test_the_code_page_without_a_pending_sign_in_goes_back_to_the_start(client):
    assert client.get(CODE).url == SIGN_IN


# Residents and staff stay apart --------------------------------------------------------


def test_a_resident_cannot_log_in_on_the_staff_page(client):
    user = resident()
    user.set_password("resident-password-1")
    user.save()
    response = client.post(
        reverse("backoffice:login"), {"username": user.username, "password": "resident-password-1"}
    )
    assert response.status_code == 200
    assert "The user name or the password is wrong" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_resident_session_opens_no_staff_page(client):
    signed_in(client, resident())
    for name in ("home", "case_list", "person_list"):
        assert client.get(reverse(f"backoffice:{name}")).status_code == 403


def test_staff_are_sent_to_the_resident_sign_in(client, staff):
    client.force_login(staff("tatev.operator"))
    response = client.get(reverse("portal:account"))
    assert response.status_code == 302
    assert response.url.startswith(SIGN_IN)


def test_the_header_offers_sign_in_then_my_page(client):
    body = client.get(reverse("portal:track")).content.decode()
    assert f'href="{SIGN_IN}"' in body
    signed_in(client, resident())
    body = client.get(reverse("portal:track")).content.decode()
    assert f'href="{reverse("portal:account")}"' in body
    assert f'href="{SIGN_IN}"' not in body


# The resident's applications and letters ---------------------------------------------


def test_my_applications_lists_only_the_accounts_own(client, file_case):
    user = resident()
    mine = file_case("residence-certificate")
    resident_claim(user, mine.tracking_code)
    other = file_case("petition")
    resident_claim(resident("someone@example.am"), other.tracking_code)
    body = signed_in(client, user).get(reverse("portal:my_applications")).content.decode()
    assert mine.number in body
    assert mine.service_version.name_en in body
    assert "Registered" in body
    assert other.number not in body
    assert f'href="{reverse("portal:my_application", args=[mine.pk])}"' in body


def test_a_letter_shows_its_reply_and_nothing_internal(client):
    user = resident()
    letter = Letter.objects.get(subject=ANSWERED, kind=JournalKind.INCOMING)
    resident_claim(user, letter.tracking_code)
    reply = Letter.objects.get(reply_to=letter)
    signed_in(client, user)
    listing = client.get(reverse("portal:my_letters")).content.decode()
    assert letter.number in listing
    assert reverse("portal:my_letter", args=[letter.pk]) in listing
    body = client.get(reverse("portal:my_letter", args=[letter.pk])).content.decode()
    assert ANSWERED in body
    assert "Answered" in body
    assert reply.number in body
    for resolution in letter.resolutions.all():
        assert resolution.instruction not in body
        for part in resolution.parts.all():
            assert part.executor.last_name not in body


def test_another_residents_letter_is_not_found(client):
    owner = resident()
    letter = Letter.objects.get(subject=ANSWERED, kind=JournalKind.INCOMING)
    resident_claim(owner, letter.tracking_code)
    signed_in(client, resident("stranger@example.am"))
    assert client.get(reverse("portal:my_letter", args=[letter.pk])).status_code == 404
    unclaimed = Letter.objects.filter(kind=JournalKind.INCOMING, resident__isnull=True).first()
    assert client.get(reverse("portal:my_letter", args=[unclaimed.pk])).status_code == 404


def test_an_application_is_added_on_the_claim_page(client, file_case):
    user = resident()
    case = file_case("petition")
    signed_in(client, user)
    response = client.post(reverse("portal:claim"), {"code": case.tracking_code.lower()})
    assert response.status_code == 302
    assert response.url == reverse("portal:my_applications")
    assert Case.objects.get(pk=case.pk).resident == user
    again = client.post(reverse("portal:claim"), {"code": case.tracking_code})
    assert "already on your page" in again.content.decode()
    wrong = client.post(reverse("portal:claim"), {"code": "0000-0000-0000-0000"})
    body = wrong.content.decode()
    assert "No application or letter has this tracking code" in body
    assert 'value="0000-0000-0000-0000"' in body


def test_a_letter_is_added_on_the_claim_page_and_opens(client):
    letter = Letter.objects.get(subject=ANSWERED, kind=JournalKind.INCOMING)
    signed_in(client, resident())
    response = client.post(reverse("portal:claim"), {"code": letter.tracking_code})
    assert response.url == reverse("portal:my_letter", args=[letter.pk])


def test_an_application_on_another_account_cannot_be_added(client, file_case):
    case = file_case("petition")
    resident_claim(resident("first@example.am"), case.tracking_code)
    signed_in(client, resident())
    body = client.post(reverse("portal:claim"), {"code": case.tracking_code}).content.decode()
    assert "already been added to another account" in body


# Profile and a second contact ---------------------------------------------------------


def test_a_second_contact_is_added_through_its_own_code(client, monkeypatch):
    sent: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "hamaynk.residents.codes.send_sms", lambda to, text: sent.append((to, text))
    )
    user = resident()
    signed_in(client, user)
    response = client.post(reverse("portal:profile_contact"), {"address": "091 234 567"})
    assert response.url == reverse("portal:profile_contact_confirm")
    page = client.get(response.url).content.decode()
    assert "+37491234567" in page
    code = re.search(r"\b(\d{6})\b", sent[-1][1]).group(1)
    wrong = client.post(response.url, {"address": "+37491234567", "code": other_than(code)})
    assert "The code is wrong" in wrong.content.decode()
    done = client.post(response.url, {"address": "+37491234567", "code": code})
    assert done.url == reverse("portal:profile")
    user.refresh_from_db()
    assert user.phone == "+37491234567"
    profile = client.get(reverse("portal:profile")).content.decode()
    assert "+37491234567" in profile
    assert '<option value="sms"' in profile


def test_the_profile_offers_only_channels_that_reach_the_resident(client):
    signed_in(client, resident())
    body = client.get(reverse("portal:profile")).content.decode()
    assert '<option value="email"' in body
    assert '<option value="sms"' not in body
    response = client.post(
        reverse("portal:profile"),
        {
            "first_name": "",
            "last_name": "Ավետիսյան",
            "preferred_language": "hy",
            "preferred_channel": "email",
        },
    )
    assert response.status_code == 200
    assert 'href="#id_first_name"' in response.content.decode()
    assert 'value="Ավետիսյան"' in response.content.decode()


def test_sign_out_everywhere_ends_every_session(client):
    user = resident()
    phone = signed_in(Client(), user)
    signed_in(client, user)
    assert phone.get(reverse("portal:account")).status_code == 200
    response = client.post(reverse("portal:sign_out_everywhere"))
    assert response.status_code == 302
    assert phone.get(reverse("portal:account")).status_code == 302
    assert client.get(reverse("portal:account")).status_code == 302


# The demo -----------------------------------------------------------------------------


def test_the_demo_resident_owns_two_applications():
    anahit = User.objects.get(email="anahit@example.am")
    assert anahit.is_resident and anahit.is_demo
    assert not anahit.has_usable_password()
    assert Case.objects.filter(resident=anahit).count() == 2
