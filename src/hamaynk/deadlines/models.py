"""Days that staff make working or non-working, against the weekday and holiday rules."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from hamaynk.core.models import TimeStampedModel

from .calendar import DayKind


class CalendarOverride(TimeStampedModel):
    """One day made a day off or a working day, for the country or for one community.

    Without a community it applies nationally (for example a government decision moving
    a working day to a Saturday); with one it applies there only and wins over the
    national entry for the same day (for example a community's own day of remembrance).
    Change it through ``services.calendar_override_set`` / ``calendar_override_remove``.
    """

    Kind = DayKind

    date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=DayKind.choices)
    community = models.ForeignKey(
        "tenancy.Community",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calendar_overrides",
        verbose_name=_("community"),
        help_text=_("Leave empty for a change that applies to the whole country."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        help_text=_("Why the day changes, for example the number of the government decision."),
    )

    policy_community_field = "community"
    policy_settlement_field = None

    class Meta:
        verbose_name = _("working calendar day")
        verbose_name_plural = _("working calendar days")
        ordering = ["date", "community__code"]
        constraints = [
            # NULLs are distinct in a unique index, so the national rows need their own.
            models.UniqueConstraint(
                fields=["date", "community"],
                condition=models.Q(community__isnull=False),
                name="deadlines_override_unique_per_community",
                violation_error_message=_("This day is already set for this community."),
            ),
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(community__isnull=True),
                name="deadlines_override_unique_national",
                violation_error_message=_("This day is already set for the whole country."),
            ),
        ]

    def __str__(self) -> str:
        where = str(self.community) if self.community_id else _("whole country")
        return f"{self.date.isoformat()}: {self.get_kind_display()} ({where})"
