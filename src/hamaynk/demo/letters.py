"""Demo letters, registered, resolved and answered through the letters services (idempotent)."""

from __future__ import annotations

from django.utils import timezone

from hamaynk.accounts.models import User
from hamaynk.correspondence.correspondents import correspondent_create
from hamaynk.correspondence.journals import journals_open
from hamaynk.correspondence.models import Correspondent, Journal, JournalKind, Letter
from hamaynk.correspondence.outgoing import outgoing_dispatch, outgoing_draft, outgoing_register
from hamaynk.correspondence.services import letter_register, resolution_write
from hamaynk.deadlines.selectors import working_calendar
from hamaynk.tenancy.models import Community

# (community, registrar, sender, subject, resolution: (head, main, co-executors) or None,
#  answered by a dispatched reply)
DEMO_LETTERS: list[tuple[str, str, str, str, tuple[str, str, list[str]] | None, bool]] = [
    (
        "tatev",
        "tatev.secretary",
        "Սյունիքի մարզպետարան",
        "Ձմռանը ճանապարհների պահպանման պատրաստվածության մասին",
        ("tatev.head", "tatev.specialist", ["tatev.secretary"]),
        False,
    ),
    (
        "tatev",
        "tatev.secretary",
        "Հայաստանի ազգային արխիվ",
        "Գործերի անվանացանկի համաձայնեցում",
        ("tatev.head", "tatev.secretary", []),
        True,
    ),
    (
        "tatev",
        "tatev.operator",
        "Շինուհայրի միջնակարգ դպրոց",
        "Դպրոցի ջեռուցման համակարգի վերանորոգում",
        None,
        False,
    ),
    (
        "aragatsavan",
        "aragatsavan.operator",
        "Արագածոտնի մարզպետարան",
        "Ոռոգման ջրի բաշխման ժամանակացույց",
        ("aragatsavan.head", "aragatsavan.operator", []),
        False,
    ),
]


def _sender(community: Community, by: User, name: str) -> Correspondent:
    found = Correspondent.objects.filter(community=community, name=name).first()
    if found is not None:
        return found
    return correspondent_create(by=by, community=community, kind="government_body", name=name)


def load_letters() -> None:
    for community_code, registrar, sender, subject, resolution, answered in DEMO_LETTERS:
        community = Community.objects.get(code=community_code)
        if Letter.objects.filter(community=community, subject=subject).exists():
            continue
        clerk = User.objects.get(username=registrar)
        journals_open(by=clerk, community=community)
        incoming = Journal.objects.get(
            community=community, kind=JournalKind.INCOMING, is_active=True
        )
        letter = letter_register(
            by=clerk,
            journal=incoming,
            subject=subject,
            channel="e_gov",
            correspondent=_sender(community, clerk, sender),
            sender_number="01/1001",
            sender_date=timezone.localdate(),
        )
        if resolution is None:
            continue
        head, main, co = resolution
        calendar = working_calendar(community=community)
        resolution_write(
            by=User.objects.get(username=head),
            letter=letter,
            instruction="Ուսումնասիրել և պատասխանել",
            control_date=calendar.add_working_days(timezone.localdate(), 10),
            main_executor=User.objects.get(username=main),
            co_executors=[User.objects.get(username=name) for name in co],
        )
        if answered:
            outgoing = Journal.objects.get(
                community=community, kind=JournalKind.OUTGOING, is_active=True
            )
            reply = outgoing_draft(
                by=User.objects.get(username=main),
                journal=outgoing,
                subject=f"Պատասխան՝ {subject}",
                correspondent=letter.correspondent,
                reply_to=letter,
            )
            reply = outgoing_register(by=clerk, letter=reply)
            outgoing_dispatch(by=clerk, letter=reply, channel="email")
