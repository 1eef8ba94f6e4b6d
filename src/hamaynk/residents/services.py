"""Resident accounts: a code to sign in (the account is made on first use), the profile,
and a second contact confirmed by its own code. Views call these; claims are in
``claims.py``.

One resident account per e-mail address and per phone number; an address that belongs to
a staff account cannot make a resident account (staff log in on the staff page).
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hamaynk.accounts.models import Channel, Language, User
from hamaynk.accounts.services import snapshot
from hamaynk.audit.services import audit_record, changed_fields

from . import audit_actions as actions
from .addresses import Address, normalize_address
from .codes import Outcome, check_code, issue_code, outcome_error
from .models import CodePurpose, OneTimeCode

PROFILE_FIELDS = ("first_name", "last_name", "preferred_language", "preferred_channel")


def _holders(address: Address) -> QuerySet[User]:
    """Every account that has ``address`` as its e-mail address or phone number."""
    if address.is_email:
        return User.objects.filter(email__iexact=address.value)
    return User.objects.filter(phone=address.value)


def resident_for_address(address: Address) -> User | None:
    """The resident account with this address, if there is one."""
    return _holders(address).filter(is_resident=True).order_by("pk").first()


def _refuse_staff_address(address: Address) -> None:
    if _holders(address).filter(is_resident=False).exists():
        if address.is_email:
            message = _(
                "This e-mail address belongs to a staff account. Staff log in on the staff "
                "log-in page; to use these pages as a resident, use another e-mail address "
                "or your mobile number."
            )
        else:
            message = _(
                "This phone number belongs to a staff account. Staff log in on the staff "
                "log-in page; to use these pages as a resident, use another number or your "
                "e-mail address."
            )
        raise ValidationError(message, code="staff_address")


def _new_username() -> str:
    while True:
        username = f"resident-{secrets.token_hex(5)}"
        if not User.objects.filter(username=username).exists():
            return username


def resident_account_create(
    *,
    address: str,
    first_name: str = "",
    last_name: str = "",
    preferred_language: str = Language.ARMENIAN,
    is_demo: bool = False,
) -> User:
    """A resident account for ``address`` (no password; it signs in with codes).

    Refuses an address that already has an account, resident or staff.
    """
    checked = normalize_address(address)
    with transaction.atomic():
        _refuse_staff_address(checked)
        if resident_for_address(checked) is not None:
            raise ValidationError(
                _("An account with this address already exists: sign in with it."),
                code="exists",
            )
        user = User(
            username=_new_username(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
            email=checked.value if checked.is_email else "",
            phone="" if checked.is_email else checked.value,
            preferred_channel=checked.channel,
            preferred_language=preferred_language,
            is_demo=is_demo,
        )
        user.is_resident = True
        user.set_unusable_password()
        user.full_clean(exclude=["password"])
        user.save()
        audit_record(
            action=actions.SIGNED_UP,
            actor=user,
            community=None,
            obj=user,
            changes={"channel": checked.channel.value, "preferred_language": preferred_language},
        )
    return user


def resident_request_code(address: str, language: str, client_ip: str | None) -> Address:
    """Send a sign-in code to ``address`` (an e-mail address or a mobile number).

    Returns the normalised address. The message is in the account's language, or in
    ``language`` for an address without an account yet. Raises ``ValidationError`` for an
    address that cannot be used, when codes were asked for too often (code ``throttled``),
    or when the message could not be sent.
    """
    checked = normalize_address(address)
    _refuse_staff_address(checked)
    account = resident_for_address(checked)
    if account is not None:
        if not account.is_active:
            raise _switched_off()
        language = account.preferred_language
    if language not in Language.values:
        language = Language.ARMENIAN
    issue_code(checked, purpose=CodePurpose.SIGN_IN, language=language, client_ip=client_ip)
    return checked


def _switched_off() -> ValidationError:
    return ValidationError(
        _("This account is switched off. Please contact your community's service office."),
        code="inactive",
    )


def resident_sign_in(address: str, code: str) -> User:
    """The resident account for ``address``, if ``code`` is the code just sent there.

    Makes the account on first use. A wrong, expired, used or worn-out code raises
    ``ValidationError`` with its own message (codes ``wrong``, ``expired``, ``used``,
    ``too_many``, ``no_code``); a wrong try counts against the code even so.
    """
    checked = normalize_address(address)
    with transaction.atomic():
        outcome, record = check_code(checked.value, purpose=CodePurpose.SIGN_IN, code=code)
        if outcome == Outcome.OK:
            assert record is not None
            return _sign_in(checked, record)
    raise outcome_error(outcome, record)


def _sign_in(address: Address, record: OneTimeCode) -> User:
    _refuse_staff_address(address)
    user = resident_for_address(address)
    if user is None:
        user = resident_account_create(address=address.value, preferred_language=record.language)
    elif not user.is_active:
        raise _switched_off()
    audit_record(
        action=actions.SIGNED_IN,
        actor=user,
        community=None,
        obj=user,
        changes={"channel": address.channel.value},
    )
    return user


def _require_resident(user: User) -> None:
    if not user.is_resident:
        raise ValidationError(_("Only a resident account has these pages."), code="not_resident")


def resident_update_profile(
    user: User,
    *,
    first_name: str,
    last_name: str,
    preferred_language: str,
    preferred_channel: str,
) -> User:
    """Change a resident's name, language and the way they prefer to be told of news."""
    _require_resident(user)
    errors: dict[str, str] = {}
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not first_name:
        errors["first_name"] = _("Enter your first name.")
    if not last_name:
        errors["last_name"] = _("Enter your last name.")
    if preferred_language not in Language.values:
        errors["preferred_language"] = _("Choose Armenian, English or Russian.")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if preferred_channel == Channel.SMS and not locked.phone:
            errors["preferred_channel"] = _(
                "Add and confirm a mobile number first to get text messages."
            )
        elif preferred_channel == Channel.EMAIL and not locked.email:
            errors["preferred_channel"] = _(
                "Add and confirm an e-mail address first to get e-mails."
            )
        elif preferred_channel not in Channel.values:
            errors["preferred_channel"] = _("Choose e-mail or SMS.")
        if errors:
            raise ValidationError(errors)
        before = snapshot(locked, PROFILE_FIELDS)
        locked.first_name = first_name
        locked.last_name = last_name
        locked.preferred_language = preferred_language
        locked.preferred_channel = preferred_channel
        locked.full_clean(exclude=["password"])
        locked.save(update_fields=[*PROFILE_FIELDS])
        changes = changed_fields(before, snapshot(locked, PROFILE_FIELDS))
        if changes:
            audit_record(
                action=actions.PROFILE_CHANGED,
                actor=locked,
                community=None,
                obj=locked,
                changes=changes,
            )
    return locked


def _refuse_taken(user: User, address: Address) -> None:
    """An address already on this account, or on another one, cannot be added."""
    current = user.email if address.is_email else user.phone
    if current and current.lower() == address.value.lower():
        raise ValidationError(
            _("This is already the address on your account."), code="same_address"
        )
    _refuse_staff_address(address)
    if _holders(address).filter(is_resident=True).exclude(pk=user.pk).exists():
        raise ValidationError(
            _(
                "This address belongs to another resident account. Sign in with it there, "
                "or use another address."
            ),
            code="taken",
        )


def resident_contact_request(user: User, address: str, client_ip: str | None) -> Address:
    """Send a code to a new e-mail address or mobile number for ``user``'s account."""
    _require_resident(user)
    checked = normalize_address(address)
    _refuse_taken(user, checked)
    issue_code(
        checked,
        purpose=CodePurpose.CONFIRM_CONTACT,
        language=user.preferred_language,
        client_ip=client_ip,
        user=user,
    )
    return checked


def resident_contact_confirm(user: User, address: str, code: str) -> User:
    """Put the confirmed address on the account: as its e-mail address or its phone."""
    _require_resident(user)
    checked = normalize_address(address)
    with transaction.atomic():
        outcome, record = check_code(
            checked.value, purpose=CodePurpose.CONFIRM_CONTACT, code=code, user=user
        )
        if outcome == Outcome.OK:
            return _add_contact(user, checked)
    raise outcome_error(outcome, record)


def _add_contact(user: User, address: Address) -> User:
    locked = User.objects.select_for_update().get(pk=user.pk)
    _refuse_taken(locked, address)
    field = "email" if address.is_email else "phone"
    before = getattr(locked, field)
    setattr(locked, field, address.value)
    locked.full_clean(exclude=["password"])
    locked.save(update_fields=[field])
    audit_record(
        action=actions.CONTACT_CONFIRMED,
        actor=locked,
        community=None,
        obj=locked,
        changes={field: [bool(before), True], "channel": address.channel.value},
    )
    return locked


def resident_addresses(user: User) -> list[Address]:
    """The confirmed addresses of an account, e-mail first."""
    found = []
    if user.email:
        found.append(Address(Channel.EMAIL, user.email))
    if user.phone:
        found.append(Address(Channel.SMS, user.phone))
    return found
