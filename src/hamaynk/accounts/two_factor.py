"""Two-factor log-in with a time-based one-time code (TOTP, django-otp).

Required for the roles that can do most harm (head, chief of staff, settlement administrators,
supervisors) and for system administrators; open to everyone. A staff page asks for the code
once per session.
"""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .models import User
from .policy import grants

DEVICE_NAME = "authenticator"


def second_factor_required(user: User) -> bool:
    """Whether ``user`` must use a second factor to work at all."""
    if not settings.HAMAYNK_TWO_FACTOR_ENABLED:
        return False
    if user.is_superuser:
        return True
    required = set(settings.HAMAYNK_TWO_FACTOR_ROLES)
    return any(grant.role in required for grant in grants(user))


def second_factor_missing(request: HttpRequest) -> str | None:
    """``"setup"`` or ``"verify"`` if the session still lacks its second factor, else None."""
    user = request.user
    if not user.is_authenticated or not settings.HAMAYNK_TWO_FACTOR_ENABLED:
        return None
    # ``is_verified`` is set on the user by django-otp's middleware.
    if getattr(user, "is_verified", lambda: False)():
        return None
    if user_has_device(user, confirmed=True):
        return "verify"
    assert isinstance(user, User)
    return "setup" if second_factor_required(user) else None


def authenticator_start(*, user: User) -> TOTPDevice:
    """The device being set up (one unconfirmed device per user, made on first use)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def authenticator_confirm(*, request: HttpRequest, user: User, token: str) -> bool:
    """Confirm the new device with a first code; the session counts as verified."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        return False
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=True).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        audit_record(action=actions.TWO_FACTOR_ENROLLED, actor=user, community=None, obj=user)
    otp_login(request, device)
    return True


def second_factor_verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code against the user's device; a wrong one is logged (and throttled)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token.strip()):
            otp_login(request, device)
            return True
    with transaction.atomic():
        audit_record(action=actions.TWO_FACTOR_FAILED, actor=user, community=None, obj=user)
    return False
