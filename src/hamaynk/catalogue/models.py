"""Services, their immutable versions, and what each version asks for."""

from __future__ import annotations

import re
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import TimeStampedModel, translated
from hamaynk.deadlines.engine import Term, TermUnit


class Service(TimeStampedModel):
    """A service a community offers; what it is now lives in its latest version."""

    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="services",
        verbose_name=_("community"),
    )
    code = models.SlugField(_("code"), max_length=40)
    library_code = models.SlugField(
        _("national library code"),
        max_length=40,
        blank=True,
        help_text=_("The national template this service was adopted from, if any."),
    )
    is_active = models.BooleanField(_("offered"), default=True)
    current_version = models.ForeignKey(
        "ServiceVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current version"),
    )

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["community__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["community", "code"], name="catalogue_service_code")
        ]

    def __str__(self) -> str:
        return str(self.current_version) if self.current_version else self.code


class ImmutableError(RuntimeError):
    """A published version, and what it asks for, never change: publish a new version."""


class _Immutable(models.Model):
    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ImmutableError(f"A published {self._meta.verbose_name} cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ImmutableError(f"A published {self._meta.verbose_name} cannot be deleted.")


class ServiceVersion(_Immutable):
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="versions", verbose_name=_("service")
    )
    number = models.PositiveIntegerField(_("version"))
    name_hy = models.CharField(_("name (Armenian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    description_hy = models.TextField(_("description (Armenian)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_ru = models.TextField(_("description (Russian)"), blank=True)
    legal_basis_hy = models.TextField(_("legal basis (Armenian)"))
    legal_basis_en = models.TextField(_("legal basis (English)"), blank=True)
    legal_basis_ru = models.TextField(_("legal basis (Russian)"), blank=True)
    term_length = models.PositiveIntegerField(
        _("term"),
        default=30,
        validators=[MinValueValidator(1)],
        help_text=_("30 calendar days unless the law sets another term (ZR-41)."),
    )
    term_unit = models.CharField(
        _("counted in"), max_length=10, choices=TermUnit.choices, default=TermUnit.CALENDAR
    )
    max_extension = models.PositiveIntegerField(
        _("longest extension"),
        default=0,
        help_text=_("In the term's unit; 0 means the term cannot be extended."),
    )
    pausable = models.BooleanField(_("clock stops while waiting for the applicant"), default=True)
    online = models.BooleanField(_("can be applied for online"), default=False)
    at_settlement_points = models.BooleanField(
        _("can be applied for at settlement points"), default=True
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="service_versions",
        verbose_name=_("responsible department"),
    )
    outcome_template = models.TextField(
        _("outcome document template"),
        blank=True,
        help_text=_("The text of the document issued when the application is granted."),
    )
    created_at = models.DateTimeField(_("published"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("service version")
        verbose_name_plural = _("service versions")
        ordering = ["service", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["service", "number"], name="catalogue_version_number")
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")

    @property
    def description(self) -> str:
        return translated(self, "description")

    @property
    def legal_basis(self) -> str:
        return translated(self, "legal_basis")

    @property
    def term(self) -> Term:
        return Term(self.term_length, TermUnit(self.term_unit))

    @property
    def extension_limit(self) -> Term | None:
        """The longest extension the law allows, or ``None`` if the term cannot be extended."""
        if not self.max_extension:
            return None
        return Term(self.max_extension, TermUnit(self.term_unit))


class _VersionPart(_Immutable):
    version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "id"]


class DocumentRequirement(_VersionPart):
    class Form(models.TextChoices):
        ORIGINAL = "original", _("original")
        COPY = "copy", _("copy")
        EITHER = "either", _("original or copy")

    version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT, related_name="documents")
    name_hy = models.CharField(_("name (Armenian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    mandatory = models.BooleanField(_("mandatory"), default=True)
    form = models.CharField(_("form"), max_length=10, choices=Form.choices, default=Form.EITHER)

    class Meta(_VersionPart.Meta):
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return translated(self, "name")


class Fee(_VersionPart):
    class Kind(models.TextChoices):
        STATE_DUTY = "state_duty", _("state duty")
        LOCAL_DUTY = "local_duty", _("local duty")
        SERVICE_FEE = "service_fee", _("service fee")

    version = models.ForeignKey(ServiceVersion, on_delete=models.PROTECT, related_name="fees")
    name_hy = models.CharField(_("name (Armenian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("amount (AMD)"), max_digits=12, decimal_places=0, validators=[MinValueValidator(0)]
    )
    is_demo_value = models.BooleanField(
        _("demo amount"),
        default=False,
        help_text=_("The amount is an example, not the council's decision."),
    )

    class Meta(_VersionPart.Meta):
        verbose_name = _("fee")
        verbose_name_plural = _("fees")

    def __str__(self) -> str:
        return f"{self.name}: {self.amount} AMD"

    @property
    def name(self) -> str:
        return translated(self, "name")


class FormField(_VersionPart):
    class Kind(models.TextChoices):
        TEXT = "text", _("text")
        LONG_TEXT = "long_text", _("long text")
        NUMBER = "number", _("number")
        DATE = "date", _("date")
        CHOICE = "choice", _("choice")
        SETTLEMENT = "settlement", _("settlement")
        CADASTRAL_CODE = "cadastral_code", _("cadastral code")

    version = models.ForeignKey(
        ServiceVersion, on_delete=models.PROTECT, related_name="form_fields"
    )
    key = models.SlugField(_("key"), max_length=40)
    label_hy = models.CharField(_("label (Armenian)"), max_length=300)
    label_en = models.CharField(_("label (English)"), max_length=300, blank=True)
    label_ru = models.CharField(_("label (Russian)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("required"), default=True)
    pattern = models.CharField(
        _("pattern"),
        max_length=200,
        blank=True,
        help_text=_("A regular expression the whole answer must match."),
    )
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('For choice fields: [{"value": "...", "hy": "...", "en": "...", "ru": "..."}]'),
    )

    class Meta(_VersionPart.Meta):
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="catalogue_form_field_key")
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return translated(self, "label")

    def clean(self) -> None:
        errors: dict[str, Any] = {}
        if self.pattern:
            try:
                re.compile(self.pattern)
            except re.error:
                errors["pattern"] = _("This is not a valid regular expression.")
        if self.kind == self.Kind.CHOICE:
            good = (
                isinstance(self.choices, list)
                and self.choices
                and all(
                    isinstance(c, dict) and c.get("value") and c.get("hy") for c in self.choices
                )
            )
            if not good:
                errors["choices"] = _(
                    "A choice field needs a list of choices, each with a value and an "
                    "Armenian label."
                )
        if errors:
            raise ValidationError(errors)
