"""Applications, their history, pauses, extensions, documents and files."""

from __future__ import annotations

from typing import Any, NoReturn

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import StoredFileFields

from .workflow import Status

SEARCH_CONFIG = "armenian"
"""PostgreSQL's Armenian text-search configuration (snowball stemmer); its GIN index is
created by migration 0002 on PostgreSQL only."""


class Channel(models.TextChoices):
    DESK = "desk", _("At the service office")
    SETTLEMENT_POINT = "settlement_point", _("At a settlement point")
    ONLINE = "online", _("Online")
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")


class Decision(models.TextChoices):
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Refused")


class CaseCounter(models.Model):
    """The last registration number given in a community in a year (locked while numbering)."""

    community = models.ForeignKey("tenancy.Community", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="cases_counter_year")
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.year}: {self.last_number}"


class Case(models.Model):
    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("community"),
    )
    number = models.CharField(_("registration number"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    submission_key = models.UUIDField(
        null=True,
        blank=True,
        unique=True,
        help_text="One key per filled-in form: a repeated submission returns the same case.",
    )
    service = models.ForeignKey(
        "catalogue.Service",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("service"),
    )
    service_version = models.ForeignKey(
        "catalogue.ServiceVersion",
        on_delete=models.PROTECT,
        related_name="cases",
        verbose_name=_("service version"),
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    settlement = models.ForeignKey(
        "tenancy.Settlement",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("settlement"),
    )
    applicant_person = models.ForeignKey(
        "accounts.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("applicant"),
    )
    applicant_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("applicant organisation"),
    )
    representative = models.ForeignKey(
        "accounts.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="represented_cases",
        verbose_name=_("representative"),
    )
    form_data = models.JSONField(_("form data"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("department"),
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assigned_cases",
        verbose_name=_("assignee"),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    result_issued_at = models.DateTimeField(_("result issued"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    original_due_date = models.DateField(_("due date before extensions"), null=True, blank=True)
    paused_since = models.DateField(_("waiting since"), null=True, blank=True)
    overdue_notified_for = models.DateField(null=True, blank=True, editable=False)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, blank=True)
    decision_reasons = models.TextField(_("reasons"), blank=True)
    transferred_to = models.CharField(_("transferred to"), max_length=300, blank=True)
    search_document = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1, editable=False)
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resident_cases",
        verbose_name=_("resident account"),
        help_text=_("The resident account that applied online or added this application."),
    )
    file_index = models.ForeignKey(
        "correspondence.FileNomenclature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
        verbose_name=_("file index"),
        help_text=_("The file of the nomenclature the application is kept in."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    policy_community_field = "community"
    policy_settlement_field = "settlement"
    policy_department_field = "department"

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "number"],
                condition=~Q(number=""),
                name="cases_number_unique_in_community",
            ),
            models.CheckConstraint(
                condition=Q(applicant_person__isnull=False, applicant_organisation__isnull=True)
                | Q(applicant_person__isnull=True, applicant_organisation__isnull=False),
                name="cases_one_applicant",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "due_date"], name="case_worklist"),
            models.Index(fields=["community", "-submitted_at", "-id"], name="case_recent"),
            models.Index(fields=["assignee", "status"], name="case_assignee"),
            models.Index(fields=["community", "year", "sequence"], name="case_number_order"),
        ]

    def __str__(self) -> str:
        return self.number or str(_("not registered yet"))

    @property
    def applicant(self) -> models.Model | None:
        return self.applicant_person or self.applicant_organisation

    @property
    def applicant_name(self) -> str:
        if self.applicant_person is not None:
            return self.applicant_person.full_name
        return self.applicant_organisation.name if self.applicant_organisation else ""


class CaseEvent(models.Model):
    """One line of a case's history: appended, never edited."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("time"))
    message = models.TextField(_("message"), blank=True)
    internal = models.BooleanField(
        _("internal"), default=False, help_text=_("Seen by staff only, never by the applicant.")
    )
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("case event")
        verbose_name_plural = _("case events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.kind}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise RuntimeError("A case's history is appended to, never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise RuntimeError("A case's history is never deleted.")


class CasePause(models.Model):
    """The clock stopped while the case waited for the applicant, from ``started_on``."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="pauses")
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)
    working_days = models.PositiveIntegerField(default=0)
    counts = models.BooleanField(
        default=True, help_text="False where the service does not stop the clock."
    )

    class Meta:
        ordering = ["started_on", "id"]

    def __str__(self) -> str:
        return f"{self.started_on}–{self.ended_on or '…'}"


class CaseExtension(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="extensions")
    previous_due = models.DateField()
    new_due = models.DateField()
    notice_given_on = models.DateField()
    reason = models.TextField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.previous_due} → {self.new_due}"


class ReceivedDocument(models.Model):
    """A required document the office received (the intake checklist)."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="received_documents")
    requirement = models.ForeignKey(
        "catalogue.DocumentRequirement", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "requirement"], name="cases_received_once")
        ]

    def __str__(self) -> str:
        return str(self.requirement)


def attachment_path(instance: Attachment, filename: str) -> str:
    """Stored under an opaque name: the resident's file name is kept only as data."""
    case = instance.case
    return f"cases/{case.community_id}/{case.pk}/{instance.sha256[:16]}{instance.extension}"


class Attachment(StoredFileFields):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(upload_to=attachment_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


def staged_upload_path(instance: StagedUpload, filename: str) -> str:
    """Kept apart from the cases' files until the application is registered."""
    return f"staging/{instance.submission_key}/{instance.sha256[:16]}{instance.extension}"


class StagedUpload(StoredFileFields):
    """A checked scan waiting for its application: the form it came with had an error.

    Keyed by the form's ``submission_key``; moved to the case's attachments when that form
    is filed, and purged after a day if it never is.
    """

    submission_key = models.UUIDField(db_index=True)
    community = models.ForeignKey("tenancy.Community", on_delete=models.CASCADE, related_name="+")
    file = models.FileField(upload_to=staged_upload_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("file waiting for its application")
        verbose_name_plural = _("files waiting for their applications")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission_key", "sha256"], name="cases_staged_once_per_form"
            )
        ]

    def __str__(self) -> str:
        return self.original_name
