"""Region (marz) → community (hamaynk) → settlement (bnakavayr), and the offices in them."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import NamedModel, TimeStampedModel

CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$"
code_validator = RegexValidator(
    CODE_PATTERN,
    _("A code has up to 40 Latin letters, digits, dots, hyphens or underscores."),
)


class Region(NamedModel, TimeStampedModel):
    """A marz, or the city of Yerevan."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["code"]


class Community(NamedModel, TimeStampedModel):
    """A municipality: the tenant that owns cases, letters, staff and residents' records."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="communities", verbose_name=_("region")
    )
    is_active = models.BooleanField(_("active"), default=True)

    policy_community_field = "id"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        ordering = ["code"]


class Settlement(NamedModel, TimeStampedModel):
    """A town or village of a community."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="settlements",
        verbose_name=_("community"),
    )
    is_centre = models.BooleanField(_("community centre"), default=False)

    policy_community_field = "community"
    policy_settlement_field = "id"

    class Meta:
        verbose_name = _("settlement")
        verbose_name_plural = _("settlements")
        ordering = ["community__code", "-is_centre", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community"],
                condition=models.Q(is_centre=True),
                name="tenancy_one_centre_per_community",
            )
        ]


class ServicePoint(NamedModel, TimeStampedModel):
    """Where residents hand in applications: the community's office or a settlement point."""

    class Kind(models.TextChoices):
        OFFICE = "office", _("Citizens' Service Office")
        SETTLEMENT_POINT = "settlement_point", _("Settlement service point")

    community = models.ForeignKey(
        Community,
        on_delete=models.PROTECT,
        related_name="service_points",
        verbose_name=_("community"),
    )
    settlement = models.ForeignKey(
        Settlement,
        on_delete=models.PROTECT,
        related_name="service_points",
        verbose_name=_("settlement"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    address = models.CharField(_("address"), max_length=300)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    policy_community_field = "community"
    policy_settlement_field = "settlement"

    class Meta:
        verbose_name = _("service point")
        verbose_name_plural = _("service points")
        ordering = ["community__code", "kind", "name_hy"]


class OpeningHours(models.Model):
    """One opening interval of a service point on one weekday (1 = Monday)."""

    class Weekday(models.IntegerChoices):
        MONDAY = 1, _("Monday")
        TUESDAY = 2, _("Tuesday")
        WEDNESDAY = 3, _("Wednesday")
        THURSDAY = 4, _("Thursday")
        FRIDAY = 5, _("Friday")
        SATURDAY = 6, _("Saturday")
        SUNDAY = 7, _("Sunday")

    service_point = models.ForeignKey(
        ServicePoint, on_delete=models.CASCADE, related_name="opening_hours"
    )
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday", "opens"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes__gt=models.F("opens")),
                name="tenancy_opening_hours_closes_after_opens",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}–{self.closes:%H:%M}"
