"""Other systems that use the API: each a client with its own user, communities, permissions
and tokens; the idempotency keys of the creates they send; and the addresses they are sent
webhooks at."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.permissions import Perm
from hamaynk.core.models import TimeStampedModel


class IntegrationClient(TimeStampedModel):
    """A system that calls the API (the national e-government portal, a community's own
    software). It acts through ``account``, a user with no password and no memberships whose
    grants are this client's permissions in each of its communities (``principal``)."""

    name = models.CharField(_("name"), max_length=200)
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="integration_client",
        editable=False,
        verbose_name=_("account"),
    )
    owner_community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
        help_text=_("The community that runs this client; empty for a national system."),
    )
    communities = models.ManyToManyField(
        "tenancy.Community",
        related_name="+",
        verbose_name=_("communities"),
        help_text=_("The communities the client may act in."),
    )
    permissions = models.JSONField(
        _("permissions"),
        default=list,
        help_text=_("Permission names, e.g. case.view, held in each of its communities."),
    )
    personal_data = models.BooleanField(
        _("may read personal data"),
        default=False,
        help_text=_(
            "Applicants' names, numbers, addresses and phones, form answers, scans and "
            "issued documents."
        ),
    )
    internal_events = models.BooleanField(
        _("may read internal notes"),
        default=False,
        help_text=_("Staff-only events of an application's history."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("integration client")
        verbose_name_plural = _("integration clients")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def perms(self) -> frozenset[Perm]:
        known = {p.value for p in Perm}
        return frozenset(Perm(p) for p in self.permissions if p in known)

    def clean(self) -> None:
        names = self.permissions
        if not isinstance(names, list) or not all(isinstance(p, str) for p in names):
            raise ValidationError({"permissions": _("Give a list of permission names.")})
        unknown = sorted(set(names) - {p.value for p in Perm})
        if unknown:
            raise ValidationError(
                {"permissions": _("Unknown permission: %(names)s.") % {"names": ", ".join(unknown)}}
            )
        if Perm.VIEW_COMMUNITY.value not in names:
            raise ValidationError(
                {
                    "permissions": _(
                        "A client needs community.view to reach the communities it acts in."
                    )
                }
            )
        self.permissions = sorted(set(names))


class IntegrationToken(models.Model):
    """A bearer token of a client: only its prefix and the SHA-256 of its secret are kept,
    so it is shown once, when issued, and never again."""

    client = models.ForeignKey(
        IntegrationClient,
        on_delete=models.PROTECT,
        related_name="tokens",
        verbose_name=_("client"),
    )
    prefix = models.CharField(_("prefix"), max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("issued by"),
    )
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.prefix

    def usable(self, now: datetime | None = None) -> bool:
        """Not revoked, and not past its expiry."""
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > (now or timezone.now())


class IdempotencyKey(models.Model):
    """The ``Idempotency-Key`` of a create, per acting user (a client's account or a staff
    member): a retry with the same key and the same request gets the first result back."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    resource = models.CharField(max_length=40, blank=True)
    object_ids = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="integrations_key_once_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.user_id}:{self.key}"


class WebhookEvent(models.TextChoices):
    """What a subscription may ask to be told of. The CloudEvents ``type`` of each is
    ``am.hamaynk.`` followed by its value (``webhooks.cloud_event_type``)."""

    CASE_SUBMITTED = "case.submitted", _("An application was filed")
    CASE_REGISTERED = "case.registered", _("An application was registered")
    CASE_STATUS_CHANGED = "case.status_changed", _("Another step of an application")
    CASE_DECIDED = "case.decided", _("An application was decided")
    CASE_RESULT_ISSUED = "case.result_issued", _("The result of an application was issued")


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""Hosts a subscription may reach over plain HTTP (a receiver on the same machine)."""


def validate_webhook_url(url: str) -> None:
    """An https address with a host (http only for this machine), no user name or password."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018  (raises on a port that is not a number)
    except ValueError:
        raise ValidationError(_("Enter a valid address."), code="invalid") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ValidationError(_("Enter an https:// address with a host name."), code="invalid")
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise ValidationError(
            _("A webhook address must use https:// (plain http only for localhost)."),
            code="https_required",
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            _("Leave the user name and password out of the address: every request is signed."),
            code="credentials",
        )


class WebhookSubscription(models.Model):
    """An address of a client that is sent a signed CloudEvent when one of ``events``
    happens to an application in one of the client's communities it may read."""

    client = models.ForeignKey(
        IntegrationClient,
        on_delete=models.PROTECT,
        related_name="webhook_subscriptions",
        verbose_name=_("client"),
    )
    url = models.CharField(
        _("address"),
        max_length=254,
        validators=[validate_webhook_url],
        help_text=_("Where the events are posted: https:// (http:// only for localhost)."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    secret = models.CharField(max_length=100, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("webhook subscription")
        verbose_name_plural = _("webhook subscriptions")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.client} → {self.url}"

    def clean(self) -> None:
        names = self.events
        if not isinstance(names, list) or not all(isinstance(e, str) for e in names):
            raise ValidationError({"events": _("Give a list of event types.")})
        if not names:
            raise ValidationError({"events": _("Choose at least one event type.")})
        unknown = sorted(set(names) - set(WebhookEvent.values))
        if unknown:
            raise ValidationError(
                {
                    "events": _("Unknown event type: %(names)s. Choose from %(known)s.")
                    % {"names": ", ".join(unknown), "known": ", ".join(WebhookEvent.values)}
                }
            )
        self.events = [e for e in WebhookEvent.values if e in names]
