"""Staff users and their memberships; residents as persons and organisations; departments."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import NamedModel, TimeStampedModel

from .roles import Role
from .validators import (
    normalize_phone,
    validate_public_service_number,
    validate_tax_number,
)


class Language(models.TextChoices):
    ARMENIAN = "hy", "Հայերեն"
    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Русский"


class Channel(models.TextChoices):
    """How someone prefers to be told that something happened."""

    EMAIL = "email", _("e-mail")
    SMS = "sms", _("SMS")


class User(AbstractUser):
    """A person who logs in: staff with a password, residents on the portal with a one-time code.

    A resident account (``is_resident``) has no password and no memberships; it is confirmed
    through its e-mail address or phone number.
    """

    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARMENIAN
    )
    is_resident = models.BooleanField(_("resident account"), default=False, editable=False)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text="+374 …")
    preferred_channel = models.CharField(
        _("preferred channel"), max_length=5, choices=Channel.choices, default=Channel.EMAIL
    )
    is_demo = models.BooleanField(_("demo account"), default=False)
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_session_auth_hash(self) -> str:
        """Sessions carry this hash; raising ``session_generation`` ends them all at once."""
        return f"{super().get_session_auth_hash()}:{self.session_generation}"


class Department(NamedModel, TimeStampedModel):
    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="departments",
        verbose_name=_("community"),
    )
    code = models.SlugField(_("code"), max_length=40)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["community__code", "code"]
        constraints = [
            models.UniqueConstraint(fields=["community", "code"], name="accounts_department_code")
        ]


class Membership(TimeStampedModel):
    """A user's role in a community, or for a supervisor, over a region or the whole country.

    A settlement administrator's membership lists their settlements; a specialist's names
    their department. A membership with settlements sees only those settlements' records.
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)
    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("community"),
    )
    region = models.ForeignKey(
        "tenancy.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("region"),
        help_text=_("Supervisors only: empty means the whole country."),
    )
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("department"),
    )
    settlements = models.ManyToManyField(
        "tenancy.Settlement",
        blank=True,
        related_name="memberships",
        verbose_name=_("settlements"),
        help_text=_("Settlement administrators only: the settlements they represent."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["community__code", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.SUPERVISOR, community__isnull=True)
                    | (
                        ~models.Q(role=Role.SUPERVISOR)
                        & models.Q(community__isnull=False, region__isnull=True)
                    )
                ),
                name="accounts_membership_scope_fits_role",
            )
        ]

    def __str__(self) -> str:
        where = self.community or self.region or _("the whole country")
        return f"{self.user} · {self.get_role_display()} · {where}"

    def clean(self) -> None:
        if self.role == Role.SUPERVISOR:
            if self.community_id:
                raise ValidationError(
                    {
                        "community": _(
                            "A supervisor covers a region or the country, not a community."
                        )
                    }
                )
        elif not self.community_id:
            raise ValidationError({"community": _("This role needs a community.")})
        if self.department is not None and self.department.community_id != self.community_id:
            raise ValidationError({"department": _("The department belongs to another community.")})


class IdDocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    ID_CARD = "id_card", _("Identity card")
    BIRTH_CERTIFICATE = "birth_certificate", _("Birth certificate")
    RESIDENCE_PERMIT = "residence_permit", _("Residence permit")
    OTHER = "other", _("Other document")


class ResidentRecord(TimeStampedModel):
    """What persons and organisations share: the community that knows them, where they
    live, how to reach them. Phones are kept in E.164 form (+374...)."""

    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="%(class)ss",
        verbose_name=_("community"),
    )
    settlement = models.ForeignKey(
        "tenancy.Settlement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="%(class)ss",
        verbose_name=_("settlement"),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, help_text="+374 …")
    email = models.EmailField(_("e-mail"), blank=True)
    is_demo = models.BooleanField(_("demo record"), default=False)

    policy_community_field = "community"
    policy_settlement_field = "settlement"

    class Meta:
        abstract = True

    def clean(self) -> None:
        errors = self.record_errors()
        if errors:
            raise ValidationError(errors)

    def record_errors(self) -> dict[str, ValidationError]:
        errors: dict[str, ValidationError] = {}
        if self.phone:
            try:
                self.phone = normalize_phone(self.phone)
            except ValidationError as error:
                errors["phone"] = error
        if self.settlement is not None and self.settlement.community_id != self.community_id:
            errors["settlement"] = ValidationError(
                _("This settlement is not part of the community.")
            )
        return errors


class Person(ResidentRecord):
    """A resident (natural person) known to one community."""

    last_name = models.CharField(_("last name"), max_length=100)
    first_name = models.CharField(_("first name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    public_service_number = models.CharField(
        _("Public Service Number"),
        max_length=10,
        blank=True,
        validators=[validate_public_service_number],
        help_text=_("10 digits (ՀԾՀ)."),
    )
    id_document_type = models.CharField(
        _("identity document"), max_length=30, choices=IdDocumentType.choices, blank=True
    )
    id_document_number = models.CharField(_("document number"), max_length=30, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=2, choices=Language.choices, default=Language.ARMENIAN
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["last_name", "first_name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "public_service_number"],
                condition=~models.Q(public_service_number=""),
                name="accounts_person_psn_unique_in_community",
                violation_error_message=_(
                    "A person with this Public Service Number is already registered."
                ),
            )
        ]
        indexes = [
            models.Index(fields=["community", "last_name", "first_name"], name="person_name"),
            models.Index(fields=["community", "phone"], name="person_phone"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    def clean(self) -> None:
        errors = self.record_errors()
        if bool(self.id_document_type) != bool(self.id_document_number):
            errors["id_document_number"] = ValidationError(
                _("Give both the type and the number of the identity document.")
            )
        if errors:
            raise ValidationError(errors)


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    SOLE_PROPRIETOR = "sole_proprietor", _("Sole proprietor")
    NGO = "ngo", _("Non-governmental organisation")
    STATE_BODY = "state_body", _("State body")
    OTHER = "other", _("Other")


class Organisation(ResidentRecord):
    """A legal entity known to one community, identified by its tax number (ՀՎՀՀ)."""

    name = models.CharField(_("name"), max_length=300)
    kind = models.CharField(
        _("kind"), max_length=30, choices=OrganisationKind.choices, default=OrganisationKind.COMPANY
    )
    tax_number = models.CharField(
        _("tax number (TIN)"),
        max_length=8,
        validators=[validate_tax_number],
        help_text=_("8 digits (ՀՎՀՀ)."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "tax_number"],
                name="accounts_organisation_tin_unique_in_community",
                violation_error_message=_(
                    "An organisation with this tax number is already registered."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.name
