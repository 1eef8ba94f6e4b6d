"""Making, sending and checking one-time codes.

A code is six random digits. The database keeps only an HMAC of it (keyed with
``SECRET_KEY``, bound to the address and the purpose), so a copy of the table does not
reveal a live code. Sends are limited per address (one a minute, a few an hour) and per
client; checks are limited per code (a few wrong tries) and, for sign-in, by django-axes.
"""

from __future__ import annotations

import enum
import logging
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from hamaynk.core.throttle import Throttle
from hamaynk.notifications.sms import send_sms

from .models import CodePurpose, OneTimeCode

if TYPE_CHECKING:
    from hamaynk.accounts.models import User

    from .addresses import Address

logger = logging.getLogger(__name__)

CODE_DIGITS = 6
KEPT_FOR = timedelta(days=1)  # old codes are deleted after a day; the hourly limit needs an hour

# Many phones share one public address (mobile operators' NAT), so the per-client limit
# is generous: it stops a script, not a village.
CLIENT_SENDS = Throttle("resident-codes", limit=30, slow_after=30, window_seconds=60 * 60)


def code_lifetime() -> timedelta:
    return timedelta(minutes=settings.HAMAYNK_RESIDENT_CODE_MINUTES)


def max_attempts() -> int:
    return int(settings.HAMAYNK_RESIDENT_CODE_ATTEMPTS)


def hash_code(address: str, purpose: str, code: str) -> str:
    """The keyed hash stored for ``code`` sent to ``address`` for ``purpose``."""
    return salted_hmac(
        "hamaynk.residents.OneTimeCode", f"{purpose}:{address}:{code}", algorithm="sha256"
    ).hexdigest()


def new_code() -> str:
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def wait_text(seconds: int) -> str:
    """``45 seconds`` or ``12 minutes``, in the active language."""
    if seconds < 120:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = (seconds + 59) // 60
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def throttled(seconds: int) -> ValidationError:
    return ValidationError(
        _("You asked for codes too often. Please wait %(wait)s, then ask for a new code.")
        % {"wait": wait_text(max(1, seconds))},
        code="throttled",
    )


def _address_wait(address: str, now: datetime) -> int:
    """Seconds before another code may go to ``address`` (0: now)."""
    recent = list(
        OneTimeCode.objects.filter(address=address, created_at__gt=now - timedelta(hours=1))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
    )
    if not recent:
        return 0
    waits = [0]
    resend_after = recent[0] + timedelta(seconds=settings.HAMAYNK_RESIDENT_CODE_RESEND_SECONDS)
    waits.append(int((resend_after - now).total_seconds() + 0.999))
    per_hour = settings.HAMAYNK_RESIDENT_CODES_PER_HOUR
    if len(recent) >= per_hour:
        frees_at = recent[per_hour - 1] + timedelta(hours=1)
        waits.append(int((frees_at - now).total_seconds() + 0.999))
    return max(waits)


def issue_code(
    address: Address,
    *,
    purpose: CodePurpose,
    language: str,
    client_ip: str | None,
    user: User | None = None,
) -> OneTimeCode:
    """Write a new code for ``address`` (killing the earlier ones) and send it at once.

    Raises ``ValidationError`` (code ``throttled``) when this address or client asked too
    often, and (code ``not_sent``) when the message could not be handed over.
    """
    client = client_ip or "unknown"
    wait = CLIENT_SENDS.wait(client)
    now = timezone.now()
    wait = max(wait, _address_wait(address.value, now))
    if wait:
        raise throttled(wait)
    code = new_code()
    with transaction.atomic():
        OneTimeCode.objects.filter(created_at__lt=now - KEPT_FOR).delete()
        OneTimeCode.objects.filter(address=address.value, used=False, revoked=False).update(
            revoked=True
        )
        record = OneTimeCode.objects.create(
            address=address.value,
            channel=address.channel,
            purpose=purpose,
            user=user,
            code_hash=hash_code(address.value, purpose, code),
            language=language,
            client_ip=client_ip,
            created_at=now,
            expires_at=now + code_lifetime(),
        )
    CLIENT_SENDS.fail(client)
    try:
        send_code(address, code, language)
    except Exception:
        logger.exception("A one-time code could not be sent by %s.", address.channel)
        OneTimeCode.objects.filter(pk=record.pk).update(revoked=True)
        raise ValidationError(
            _("We could not send the code. Check the address and try again in a few minutes."),
            code="not_sent",
        ) from None
    return record


def send_code(address: Address, code: str, language: str) -> None:
    """The message with the code, in the resident's language, by e-mail or SMS."""
    minutes = settings.HAMAYNK_RESIDENT_CODE_MINUTES
    with translation.override(language):
        if address.is_email:
            subject = _("Your Hamaynk code: %(code)s") % {"code": code}
            body = _(
                "Your code is %(code)s.\n\n"
                "Type it on the page where you asked for it. It works once, for %(minutes)d "
                "minutes.\n\n"
                "Nobody from the community office will ever ask you for this code. If you "
                "did not ask for it, ignore this message."
            ) % {"code": code, "minutes": minutes}
            send_mail(subject, body, None, [address.value], fail_silently=False)
        else:
            text = _("Hamaynk code: %(code)s. Valid for %(minutes)d min. Do not share it.") % {
                "code": code,
                "minutes": minutes,
            }
            send_sms(address.value, text)


class Outcome(enum.Enum):
    OK = "ok"
    NO_CODE = "no_code"
    USED = "used"
    EXPIRED = "expired"
    WRONG = "wrong"
    TOO_MANY = "too_many"


def check_code(
    address: str, *, purpose: CodePurpose, code: str, user: User | None = None
) -> tuple[Outcome, OneTimeCode | None]:
    """Check ``code`` against the latest code for ``address``; call inside a transaction.

    The code row is locked; a wrong try is counted on it and a right one marks it used, in
    the caller's transaction (the caller must not roll back on a wrong code).
    """
    codes = OneTimeCode.objects.select_for_update().filter(
        address=address, purpose=purpose, revoked=False
    )
    codes = codes.filter(user=user) if user is not None else codes.filter(user__isnull=True)
    record = codes.order_by("-created_at", "-id").first()
    if record is None:
        return Outcome.NO_CODE, None
    if record.used:
        return Outcome.USED, record
    if record.attempts >= max_attempts():
        return Outcome.TOO_MANY, record
    if timezone.now() >= record.expires_at:
        return Outcome.EXPIRED, record
    if not constant_time_compare(record.code_hash, hash_code(address, purpose, code)):
        record.attempts += 1
        record.save(update_fields=["attempts"])
        if record.attempts >= max_attempts():
            return Outcome.TOO_MANY, record
        return Outcome.WRONG, record
    record.used = True
    record.save(update_fields=["used"])
    return Outcome.OK, record


def outcome_error(outcome: Outcome, record: OneTimeCode | None) -> ValidationError:
    """The message a resident reads for a code that did not work."""
    if outcome == Outcome.WRONG:
        assert record is not None
        left = max_attempts() - record.attempts
        message = ngettext(
            "The code is wrong. Check the 6 digits in the message and try again: "
            "%(left)d try left.",
            "The code is wrong. Check the 6 digits in the message and try again: "
            "%(left)d tries left.",
            left,
        ) % {"left": left}
    elif outcome == Outcome.TOO_MANY:
        message = _(
            "The code was typed wrong too many times and no longer works. Ask for a new code."
        )
    elif outcome == Outcome.EXPIRED:
        message = _(
            "This code has expired: a code works for %(minutes)d minutes. Ask for a new code."
        ) % {"minutes": settings.HAMAYNK_RESIDENT_CODE_MINUTES}
    elif outcome == Outcome.USED:
        message = _("This code has already been used. Ask for a new code.")
    else:
        message = _(
            "No code is waiting for this address, or a newer one was sent. Ask for a new code."
        )
    return ValidationError(message, code=outcome.value)
