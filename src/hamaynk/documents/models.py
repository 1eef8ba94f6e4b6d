"""Issued documents: each version a new row and a new file; none is ever changed."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IssuedDocument(models.Model):
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("application"),
    )
    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("community"),
    )
    version = models.PositiveIntegerField(_("version"))
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    title = models.CharField(_("title"), max_length=300)
    outcome = models.CharField(_("outcome"), max_length=10)
    signatory = models.CharField(_("signatory"), max_length=200)
    file = models.FileField(upload_to="documents/%Y/%m/", max_length=200)
    sha256 = models.CharField(max_length=64)
    size = models.PositiveIntegerField()
    issued_at = models.DateTimeField(_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    policy_community_field = "community"
    policy_settlement_field = "case__settlement"

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="documents_one_version")
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.verification_code})"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("An issued document never changes: issue a new version.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("An issued document is never deleted.")
