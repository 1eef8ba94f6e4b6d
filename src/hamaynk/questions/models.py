"""Residents' questions to the community's specialists, the topics that route them, and the
anonymised questions and answers published as the community's FAQ."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import NamedModel, TimeStampedModel
from hamaynk.deadlines.engine import Term, TermUnit

DEFAULT_TERM_LENGTH = 10
DEFAULT_PREFIX = "Հ"


class Topic(NamedModel, TimeStampedModel):
    """What a resident asks about; it names the department that answers and how soon."""

    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="question_topics",
        verbose_name=_("community"),
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="question_topics",
        verbose_name=_("answering department"),
    )
    answer_term_length = models.PositiveIntegerField(
        _("answer term"),
        default=DEFAULT_TERM_LENGTH,
        validators=[MinValueValidator(1)],
        help_text=_("How long the department has to answer, counted from the day asked."),
    )
    answer_term_unit = models.CharField(
        _("counted in"), max_length=10, choices=TermUnit.choices, default=TermUnit.WORKING
    )
    is_active = models.BooleanField(
        _("residents can ask"),
        default=True,
        help_text=_("A topic switched off stays on its questions but is not offered."),
    )

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("question topic")
        verbose_name_plural = _("question topics")
        ordering = ["community__code", "name_hy", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "name_hy"],
                name="questions_topic_name",
                violation_error_message=_("This community already has a topic with this name."),
            )
        ]

    def clean(self) -> None:
        super().clean()
        if (
            self.department_id is not None
            and self.community_id is not None
            and self.department.community_id != self.community_id
        ):
            raise ValidationError({"department": _("Choose a department of this community.")})

    @property
    def term(self) -> Term:
        return Term(self.answer_term_length, TermUnit(self.answer_term_unit))


class QuestionNumbering(models.Model):
    """How a community's question numbers begin; without a row they begin with ``Հ``."""

    community = models.OneToOneField(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="question_numbering",
        verbose_name=_("community"),
    )
    prefix = models.CharField(
        _("prefix"),
        max_length=10,
        default=DEFAULT_PREFIX,
        help_text=_("Numbers read <prefix>-<year>/<number>, e.g. Հ-2026/000012."),
    )

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("question numbering")
        verbose_name_plural = _("question numbering")

    def __str__(self) -> str:
        return f"{self.community}: {self.prefix}"


class QuestionCounter(models.Model):
    """The last question number given in a community in a year (locked while numbering)."""

    community = models.ForeignKey("tenancy.Community", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["community", "year"], name="questions_counter_year")
        ]

    def __str__(self) -> str:
        return f"{self.community_id}/{self.year}: {self.last_number}"


class QuestionStatus(models.TextChoices):
    OPEN = "open", _("Waiting for an answer")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Closed without an answer")


class Question(models.Model):
    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("community"),
    )
    topic = models.ForeignKey(
        Topic, on_delete=models.PROTECT, related_name="questions", verbose_name=_("topic")
    )
    department = models.ForeignKey(
        "accounts.Department",
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("answering department"),
        help_text=_("Copied from the topic when asked or rerouted."),
    )
    number = models.CharField(_("number"), max_length=30)
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    resident = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="questions",
        verbose_name=_("resident account"),
    )
    text = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked"))
    due_date = models.DateField(_("answer due by"))
    status = models.CharField(
        _("status"), max_length=10, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answered by"),
    )
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    rejection_reason = models.TextField(_("reason for closing"), blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("closed"), null=True, blank=True)
    faq_published = models.BooleanField(_("published in the FAQ"), default=False)
    faq_question = models.TextField(_("question as published"), blank=True)
    faq_answer = models.TextField(_("answer as published"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    policy_community_field = "community"
    policy_settlement_field = None
    policy_department_field = "department"

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "year", "sequence"], name="questions_question_number"
            ),
            models.CheckConstraint(
                condition=~models.Q(faq_published=True) | models.Q(status="answered"),
                name="questions_only_answered_published",
            ),
        ]
        indexes = [
            models.Index(fields=["community", "status", "due_date", "id"], name="question_work"),
            models.Index(fields=["community", "faq_published"], name="question_faq"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status == QuestionStatus.OPEN
