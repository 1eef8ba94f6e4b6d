"""Journals, correspondents, letters, resolutions and the parts of their execution."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import StoredFileFields


class JournalKind(models.TextChoices):
    INCOMING = "incoming", _("Incoming")
    OUTGOING = "outgoing", _("Outgoing")
    INTERNAL = "internal", _("Internal")


class LetterChannel(models.TextChoices):
    POST = "post", _("By post")
    EMAIL = "email", _("By e-mail")
    BY_HAND = "by_hand", _("By hand")
    E_GOV = "e_gov", _("National e-government system")


class LetterStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REGISTERED = "registered", _("Registered")
    IN_EXECUTION = "in_execution", _("In execution")
    EXECUTED = "executed", _("Executed")
    DISPATCHED = "dispatched", _("Dispatched")


class CorrespondentKind(models.TextChoices):
    PERSON = "person", _("Person")
    ORGANISATION = "organisation", _("Organisation")
    GOVERNMENT_BODY = "government_body", _("Government body")


class Journal(models.Model):
    """One registry book of a community: its letters are numbered ``<prefix>-<n>/<year>``."""

    community = models.ForeignKey(
        "tenancy.Community", on_delete=models.PROTECT, related_name="journals"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=JournalKind.choices)
    prefix = models.CharField(_("prefix"), max_length=10)
    title = models.CharField(_("title"), max_length=200)
    is_active = models.BooleanField(_("in use"), default=True)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("journal")
        verbose_name_plural = _("journals")
        ordering = ["kind", "prefix"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "prefix"], name="correspondence_journal_prefix"
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}: {self.title}"


class JournalCounter(models.Model):
    """The last number given in a journal in a year (locked while numbering)."""

    journal = models.ForeignKey(Journal, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["journal", "year"], name="correspondence_counter_year")
        ]

    def __str__(self) -> str:
        return f"{self.journal_id}/{self.year}: {self.last_number}"


class Correspondent(models.Model):
    """Who writes to the community or is written to: a person, an organisation, a body."""

    community = models.ForeignKey(
        "tenancy.Community", on_delete=models.PROTECT, related_name="correspondents"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=CorrespondentKind.choices)
    name = models.CharField(_("name"), max_length=300)
    address = models.CharField(_("address"), max_length=300, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    person = models.ForeignKey(
        "accounts.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resident record"),
        help_text=_("The resident this correspondent is, once an application links them."),
    )
    search_document = models.TextField(blank=True, editable=False)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("correspondent")
        verbose_name_plural = _("correspondents")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class FileNomenclature(models.Model):
    """A file (գործ) of the year's nomenclature: where letters and applications are filed,
    and how long they are kept (``retention_years``; empty for a file kept permanently)."""

    community = models.ForeignKey("tenancy.Community", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    code = models.CharField(_("file code"), max_length=20)
    title = models.CharField(_("title"), max_length=300)
    retention_years = models.PositiveSmallIntegerField(
        _("retention period (years)"), null=True, blank=True
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("department"),
    )
    journals = models.ManyToManyField(
        Journal,
        blank=True,
        related_name="+",
        verbose_name=_("default file for the letters of these journals"),
    )
    services = models.ManyToManyField(
        "catalogue.Service",
        blank=True,
        related_name="+",
        verbose_name=_("default file for applications for these services"),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("file index entry")
        verbose_name_plural = _("file index")
        ordering = ["year", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "code"], name="correspondence_file_code_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title} ({self.year})"

    @property
    def is_permanent(self) -> bool:
        return self.retention_years is None

    @property
    def kept_until(self) -> int | None:
        """The last year its records are kept; ``None`` for a file kept permanently."""
        if self.retention_years is None:
            return None
        return self.year + self.retention_years


class Letter(models.Model):
    community = models.ForeignKey(
        "tenancy.Community", on_delete=models.PROTECT, related_name="letters"
    )
    journal = models.ForeignKey(
        Journal, on_delete=models.PROTECT, related_name="letters", verbose_name=_("journal")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=JournalKind.choices)
    number = models.CharField(_("registration number"), max_length=30, blank=True)
    year = models.PositiveSmallIntegerField(null=True, blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True)
    registered_at = models.DateTimeField(_("registered"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    correspondent = models.ForeignKey(
        Correspondent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("correspondent"),
    )
    sender_number = models.CharField(_("sender's number"), max_length=50, blank=True)
    sender_date = models.DateField(_("sender's date"), null=True, blank=True)
    subject = models.CharField(_("subject"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), default=1)
    channel = models.CharField(
        _("how it arrived"), max_length=10, choices=LetterChannel.choices, blank=True
    )
    file_index = models.ForeignKey(
        FileNomenclature,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("file index"),
    )
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resident_letters",
        verbose_name=_("resident account"),
        help_text=_("The resident account that follows this letter."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=LetterStatus.choices, default=LetterStatus.REGISTERED
    )
    control_date = models.DateField(_("control date"), null=True, blank=True)
    executed_at = models.DateTimeField(_("executed"), null=True, blank=True)
    executed_on = models.DateField(null=True, blank=True, editable=False)
    case = models.ForeignKey(
        "cases.Case",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="letters",
        verbose_name=_("application"),
    )
    reply_to = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    search_document = models.TextField(blank=True, editable=False)

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("letter")
        verbose_name_plural = _("letters")
        ordering = ["-registered_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["journal", "year", "sequence"], name="correspondence_letter_number"
            )
        ]
        indexes = [
            models.Index(fields=["community", "registered_at", "id"], name="letter_reg"),
            # The registry lists a community's drafts on every visit: a few among thousands.
            models.Index(
                fields=["community"], condition=models.Q(status="draft"), name="letter_drafts"
            ),
            # The control list: open letters by control date, a small share of all.
            models.Index(
                fields=["community", "control_date", "id"],
                condition=models.Q(status="in_execution"),
                name="letter_on_control",
            ),
        ]

    def __str__(self) -> str:
        return self.number or str(_("draft letter"))

    def searchable(self) -> str:
        """What the registry's search looks in, lower-cased (SQLite folds only ASCII)."""
        parts = [
            self.number,
            self.subject,
            self.summary,
            self.sender_number,
            self.correspondent.name if self.correspondent else "",
        ]
        return " ".join(part for part in parts if part).lower()


class Resolution(models.Model):
    """A մակագրություն: who executes, what to do, by when; executors may pass work down."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="resolutions")
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    instruction = models.TextField(_("instruction"))
    control_date = models.DateField(_("control date"))
    created_at = models.DateTimeField(_("written"))

    policy_community_field = "letter__community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter} / {self.pk}"


class PartStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    DONE = "done", _("Done")


class ExecutionPart(models.Model):
    """One executor's share of a resolution."""

    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="parts")
    executor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="execution_parts",
        verbose_name=_("executor"),
    )
    is_main = models.BooleanField(_("main executor"), default=False)
    status = models.CharField(max_length=10, choices=PartStatus.choices, default=PartStatus.OPEN)
    note = models.TextField(_("note"), blank=True)
    reply_letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True, editable=False)

    policy_community_field = "resolution__letter__community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("execution part")
        verbose_name_plural = _("execution parts")
        ordering = ["-is_main", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["resolution", "executor"], name="correspondence_part_executor"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resolution_id}: {self.executor_id}"


class ExecutionReport(models.Model):
    """A progress report on a part: appended, never edited."""

    part = models.ForeignKey(ExecutionPart, on_delete=models.PROTECT, related_name="reports")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("report"))
    at = models.DateTimeField()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.part_id} @ {self.at:%Y-%m-%d}"


def letter_file_path(instance: LetterFile, filename: str) -> str:
    letter = instance.letter
    return f"letters/{letter.community_id}/{letter.pk}/{instance.sha256[:16]}{instance.extension}"


class LetterFile(StoredFileFields):
    """A scan of the letter or of an enclosure, checked by content on upload."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="files")
    file = models.FileField(upload_to=letter_file_path, max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    purged_at = models.DateTimeField(_("removed"), null=True, blank=True, editable=False)

    policy_community_field = "letter__community"
    policy_settlement_field = None

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class Dispatch(models.Model):
    """An outgoing letter sent: how, when, by whom."""

    letter = models.ForeignKey(Letter, on_delete=models.PROTECT, related_name="dispatches")
    channel = models.CharField(_("sent"), max_length=10, choices=LetterChannel.choices)
    dispatched_at = models.DateTimeField(_("dispatched"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["dispatched_at", "id"]

    def __str__(self) -> str:
        return f"{self.letter_id} → {self.channel}"


class RetentionPurge(models.Model):
    """The scans of one closed letter or finished application, removed from storage when
    its file's retention period ran out; the registry rows stay (``purge_expired_records``)."""

    community = models.ForeignKey("tenancy.Community", on_delete=models.PROTECT, related_name="+")
    letter = models.ForeignKey(
        Letter, on_delete=models.PROTECT, null=True, blank=True, related_name="purges"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    file_index = models.ForeignKey(FileNomenclature, on_delete=models.PROTECT, related_name="+")
    purged_at = models.DateTimeField(_("removed"))
    files = models.JSONField(default=list, help_text="Name, SHA-256 and size of each scan.")

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("scans removed at the end of the retention period")
        verbose_name_plural = _("scans removed at the end of the retention period")
        ordering = ["purged_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(letter__isnull=False, case__isnull=True)
                | models.Q(letter__isnull=True, case__isnull=False),
                name="correspondence_purge_one_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.letter_id or self.case_id} @ {self.purged_at:%Y-%m-%d}"
