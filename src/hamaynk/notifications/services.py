"""The one interface through which the domain asks for someone to be told something.

``notify`` (people with an account) and ``notify_address`` (an applicant known only by the
address on their record) render the message in the reader's language and write it to the
outbox in the caller's transaction; its delivery is queued when that transaction commits.
If the event is rolled back, so is the message, and nothing is queued.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING, Any

from django.db import IntegrityError, models, transaction

from hamaynk.accounts.models import Channel

from .models import Event, Notification
from .rendering import render_message
from .tasks import enqueue_delivery

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def user_contact(user: User) -> tuple[Channel, str] | None:
    """Where to reach a user: their preferred channel if it has an address, else the other."""
    addresses = {Channel.EMAIL: (user.email or "").strip(), Channel.SMS: (user.phone or "").strip()}
    preferred = Channel(user.preferred_channel or Channel.EMAIL)
    for channel in (preferred, *(c for c in addresses if c != preferred)):
        if addresses[channel]:
            return channel, addresses[channel]
    return None


def _message(
    *,
    community: Community,
    recipient: User | None,
    channel: Channel,
    address: str,
    language: str,
    event: Event,
    obj: models.Model,
    context: dict[str, Any],
    once_key: str,
) -> Notification:
    object_type, object_id = obj._meta.label_lower, str(obj.pk)
    subject, body = render_message(
        event=event,
        channel=channel,
        language=language,
        context=context,
        object_type=object_type,
        object_id=object_id,
    )
    return Notification(
        community=community,
        recipient=recipient,
        channel=channel,
        address=address,
        language=language,
        event=event,
        object_type=object_type,
        object_id=object_id,
        context=context,
        subject=subject,
        body=body,
        once_key=once_key,
    )


def _once_key(event: Event, target: str, once: str) -> str:
    return f"{event}:{target}:{once}" if once else ""


def _write(rows: list[Notification]) -> list[Notification]:
    """Insert the rows (a row whose ``once_key`` exists already is left out) and queue their
    delivery for when the surrounding transaction commits."""
    written: list[Notification] = []
    with transaction.atomic():
        keys = [row.once_key for row in rows if row.once_key]
        taken = set(
            Notification.objects.filter(once_key__in=keys).values_list("once_key", flat=True)
        )
        plain = [row for row in rows if not row.once_key]
        written += Notification.objects.bulk_create(plain)
        for row in rows:
            if not row.once_key or row.once_key in taken:
                continue
            try:
                with transaction.atomic():  # a concurrent writer may have just taken the key
                    row.save(force_insert=True)
            except IntegrityError:
                continue
            taken.add(row.once_key)
            written.append(row)
        for row in written:
            transaction.on_commit(partial(enqueue_delivery, row.pk), robust=True)
    return written


def notify(
    *,
    recipients: Iterable[User],
    community: Community,
    event: Event,
    obj: models.Model,
    context: dict[str, Any] | None = None,
    once: str = "",
) -> list[Notification]:
    """Put one message per recipient in the outbox, in the caller's transaction.

    Each recipient is told once even if named twice, at the address of their preferred
    channel (else the other one), in their language; inactive users and users with neither
    an e-mail address nor a phone number are skipped. With ``once`` (e.g. the day of a
    digest), a recipient already told of ``event`` with the same ``once`` is not told again.
    ``context`` must be JSON: dates as ISO text, names as ``{"hy": ..., "en": ..., "ru": ...}``,
    and ``path`` for the link (see ``rendering``).
    """
    context = context or {}
    seen: set[int] = set()
    rows = []
    for recipient in recipients:
        if recipient.pk in seen or not recipient.is_active:
            continue
        seen.add(recipient.pk)
        contact = user_contact(recipient)
        if contact is None:
            continue
        channel, address = contact
        rows.append(
            _message(
                community=community,
                recipient=recipient,
                channel=channel,
                address=address,
                language=recipient.preferred_language,
                event=event,
                obj=obj,
                context=context,
                once_key=_once_key(event, f"user:{recipient.pk}", once),
            )
        )
    return _write(rows)


def notify_address(
    *,
    channel: Channel | str,
    address: str,
    language: str,
    community: Community,
    event: Event,
    obj: models.Model,
    context: dict[str, Any] | None = None,
    once: str = "",
) -> Notification | None:
    """Put one message to an address (an e-mail address or an E.164 phone number) of someone
    without an account in the outbox, in the caller's transaction. ``None`` if the address is
    empty, or if ``once`` was given and this address was already told."""
    address = (address or "").strip()
    if not address:
        return None
    channel = Channel(channel)
    row = _message(
        community=community,
        recipient=None,
        channel=channel,
        address=address,
        language=language,
        event=event,
        obj=obj,
        context=context or {},
        once_key=_once_key(event, f"{channel}:{address.lower()}", once),
    )
    written = _write([row])
    return written[0] if written else None
