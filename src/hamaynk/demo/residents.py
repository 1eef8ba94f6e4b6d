"""The demo resident account, with two of the demo applications on it (idempotent).

It signs in with a one-time code like any resident; in the demo the e-mail (and any text
message) is printed to the console or log instead of being sent.
"""

from __future__ import annotations

import uuid

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case
from hamaynk.demo.data import DEMO_NAMESPACE
from hamaynk.residents.addresses import normalize_address
from hamaynk.residents.claims import resident_attach
from hamaynk.residents.services import resident_account_create, resident_for_address

DEMO_RESIDENT_EMAIL = "anahit@example.am"
# Anahit Grigoryan's applications among DEMO_CASES: a land-use reference being worked on
# and a petition that is closed.
DEMO_RESIDENT_CASES = (1, 5)


def load_resident_accounts() -> User:
    user = resident_for_address(normalize_address(DEMO_RESIDENT_EMAIL))
    if user is None:
        user = resident_account_create(
            address=DEMO_RESIDENT_EMAIL,
            first_name="Անահիտ",
            last_name="Գրիգորյան",
            is_demo=True,
        )
    for n in DEMO_RESIDENT_CASES:
        case = Case.objects.filter(submission_key=uuid.uuid5(DEMO_NAMESPACE, f"case-{n}")).first()
        if case is not None and case.resident_id is None:
            resident_attach(user, case)
    return user
