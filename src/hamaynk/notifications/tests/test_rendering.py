import re
from datetime import UTC, date, datetime

import pytest
from django.test import override_settings

from hamaynk.accounts.models import Channel
from hamaynk.notifications.models import Event
from hamaynk.notifications.rendering import localise, render_message
from hamaynk.notifications.templatetags.notification_format import dmy

NAMES = {"hy": "Տաթև", "en": "Tatev", "ru": "Татев"}
SERVICE = {"hy": "Բնակության տեղեկանք", "en": "Residence certificate", "ru": "Справка"}
CONTEXT = {
    "community": NAMES,
    "service": SERVICE,
    "number": "2026/000012",
    "tracking_code": "7K3M-9QXT-2B4R-8HDN",
    "submitted_date": "2026-03-02",
    "due_date": "2026-03-05",
    "decision": "refused",
    "message": "Bring the cadastral map.",
    "has_account": False,
    "path": "/track/?code=7K3M9QXT2B4R8HDN",
    "subject": "Road repair",
    "control_date": "2026-03-04",
    "state": "overdue",
    "date": "2026-03-02",
    "communities": [{"name": NAMES, "overdue": 1, "due_soon": 2, "to_register": 3}],
    "overdue": 1,
    "due_soon": 2,
    "to_register": 3,
    "topic": {"hy": "Հող", "en": "Land", "ru": "Земля"},
    "answer_excerpt": "You may build the fence.",
}
# Words the catalogues already translate, one per language.
DUE_DATE = {"hy": "Վերջնաժամկետ", "en": "Due date", "ru": "Срок"}
OVERDUE = {"hy": "Ժամկետանց", "en": "Overdue", "ru": "Просрочено"}


@pytest.mark.parametrize("language", ["hy", "en", "ru"])
@pytest.mark.parametrize("event", list(Event))
def test_every_event_renders_in_every_language(event, language):
    subject, body = render_message(
        event=event, channel=Channel.EMAIL, language=language, context=CONTEXT
    )
    _none, sms = render_message(
        event=event, channel=Channel.SMS, language=language, context=CONTEXT
    )
    for text in (subject, body, sms):
        assert text.strip()
        assert "{" not in text and "}" not in text  # nothing left unrendered
        assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # dates as dd.mm.yyyy only
    assert "\n" not in subject and "\n" not in sms
    assert "http://127.0.0.1:8000/" in body and "http://127.0.0.1:8000/" in sms
    assert len(sms) < 300


@pytest.mark.parametrize("language", ["hy", "en", "ru"])
def test_words_and_names_follow_the_language(language):
    _subject, body = render_message(
        event=Event.CASE_REGISTERED, channel=Channel.EMAIL, language=language, context=CONTEXT
    )
    assert f"{DUE_DATE[language]}: 05.03.2026" in body
    assert SERVICE[language] in body and NAMES[language] in body
    assert "http://127.0.0.1:8000/track/?code=7K3M9QXT2B4R8HDN" in body
    _subject, digest = render_message(
        event=Event.STAFF_DIGEST, channel=Channel.EMAIL, language=language, context=CONTEXT
    )
    assert f"{OVERDUE[language]}: 1" in digest


def test_a_missing_translation_of_a_name_falls_back_to_armenian():
    assert localise({"name": {"hy": "Խոտ", "en": ""}}, "en") == {"name": "Խոտ"}
    assert localise([{"hy": "Խոտ", "ru": "Хот"}], "ru") == ["Хот"]
    assert localise({"hy": "Խոտ", "count": 2}, "en") == {"hy": "Խոտ", "count": 2}


def test_staff_messages_link_to_the_staff_page_of_their_object():
    context = {"number": "Մ-12", "subject": "Ճանապարհ", "control_date": "2026-03-04"}
    subject, body = render_message(
        event=Event.LETTER_CONTROL_DUE,
        channel=Channel.EMAIL,
        language="en",
        context=context,
        object_type="correspondence.letter",
        object_id="7",
    )
    assert subject == "Letter Մ-12: control date 04.03.2026"
    assert "http://127.0.0.1:8000/staff/letters/7/" in body


@override_settings(HAMAYNK_PUBLIC_URL="https://hamaynk.example.am")
def test_links_use_the_public_address():
    _none, sms = render_message(
        event=Event.CASE_READY, channel=Channel.SMS, language="hy", context=CONTEXT
    )
    assert sms.endswith("https://hamaynk.example.am/track/?code=7K3M9QXT2B4R8HDN")


def test_plain_text_is_not_html_escaped():
    context = {**CONTEXT, "message": 'Bring <the> map & the "deed"'}
    _subject, body = render_message(
        event=Event.CASE_INFO_REQUESTED, channel=Channel.EMAIL, language="en", context=context
    )
    assert 'Bring <the> map & the "deed"' in body


def test_dates_are_written_day_month_year():
    assert dmy("2026-03-05") == "05.03.2026"
    assert dmy(date(2026, 3, 5)) == "05.03.2026"
    assert dmy(datetime(2026, 3, 4, 22, 30, tzinfo=UTC)) == "05.03.2026"  # Yerevan: UTC+4
    assert dmy("2026-03-04T22:30:00+00:00") == "05.03.2026"
    assert dmy("next week") == "next week"
    assert dmy(None) == ""
