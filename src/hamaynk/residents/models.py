"""One-time codes: how a resident proves an e-mail address or a phone number is theirs."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Channel, Language


class CodePurpose(models.TextChoices):
    SIGN_IN = "sign_in", _("Sign-in")
    CONFIRM_CONTACT = "contact", _("Confirming a new contact")


class OneTimeCode(models.Model):
    """A 6-digit code sent to one address. Only its keyed hash is kept.

    A code works once, for ``HAMAYNK_RESIDENT_CODE_MINUTES``, and dies after
    ``HAMAYNK_RESIDENT_CODE_ATTEMPTS`` wrong tries or when a newer code is sent to the same
    address (``revoked``). A contact code belongs to the account it is being added to.
    """

    address = models.CharField(_("address"), max_length=254)
    channel = models.CharField(_("channel"), max_length=5, choices=Channel.choices)
    purpose = models.CharField(_("purpose"), max_length=10, choices=CodePurpose.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
    )
    code_hash = models.CharField(max_length=64)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.ARMENIAN
    )
    client_ip = models.GenericIPAddressField(_("client address"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    attempts = models.PositiveSmallIntegerField(_("wrong tries"), default=0)
    used = models.BooleanField(_("used"), default=False)
    revoked = models.BooleanField(_("replaced by a newer code"), default=False)

    class Meta:
        verbose_name = _("one-time code")
        verbose_name_plural = _("one-time codes")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["address", "purpose", "-created_at"], name="code_address"),
            models.Index(fields=["created_at"], name="code_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} · {self.created_at:%Y-%m-%d %H:%M}"
