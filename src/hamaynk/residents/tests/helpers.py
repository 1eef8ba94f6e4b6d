"""Reading codes out of sent messages, and making resident accounts, for tests."""

from __future__ import annotations

import re

from django.core import mail

from hamaynk.accounts.models import User
from hamaynk.residents.services import resident_account_create

_CODE = re.compile(r"\b(\d{6})\b")
IP = "192.0.2.10"


def code_in(text: str) -> str:
    found = _CODE.search(text)
    assert found, text
    return found.group(1)


def last_mailed_code(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    assert code_in(message.subject) == code_in(message.body)
    return code_in(message.body)


def make_resident(address: str, first: str = "Նարե", last: str = "Հակոբյան") -> User:
    return resident_account_create(address=address, first_name=first, last_name=last)
