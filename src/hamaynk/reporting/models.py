"""Statistics kept up to date as applications move, so no public page scans the cases.

``DailyServiceStats`` counts what happened on each day, per community, settlement and
service. ``DecisionFact`` keeps one small row per decision (no personal data) so that the
median and the 90th percentile of processing time can be computed exactly for any period,
service and settlement; it is also the source of the anonymised open-data records.
Both are written only by ``reporting.services`` and can be rebuilt from the cases
(``manage.py recompute_statistics``).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

COUNTERS = (
    "received",
    "registered",
    "decided",
    "decided_on_time",
    "granted",
    "refused",
    "ended_without_decision",
    "processing_days_sum",
)
"""The counter columns of ``DailyServiceStats``, in the order the open data lists them."""


class DailyServiceStats(models.Model):
    """What happened on one day to one service's applications in one settlement."""

    community = models.ForeignKey("tenancy.Community", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(
        "tenancy.Settlement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    received = models.PositiveIntegerField(default=0)
    registered = models.PositiveIntegerField(default=0)
    decided = models.PositiveIntegerField(default=0)
    decided_on_time = models.PositiveIntegerField(default=0)
    granted = models.PositiveIntegerField(default=0)
    refused = models.PositiveIntegerField(default=0)
    ended_without_decision = models.PositiveIntegerField(
        default=0, help_text="Withdrawn, transferred or left without consideration."
    )
    processing_days_sum = models.PositiveIntegerField(default=0)

    policy_community_field = "community"
    policy_settlement_field = "settlement"

    class Meta:
        verbose_name = _("daily service statistics")
        verbose_name_plural = _("daily service statistics")
        ordering = ["community", "day", "service", "settlement"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "settlement", "service", "day"],
                condition=Q(settlement__isnull=False),
                name="reporting_daily_one_row",
            ),
            models.UniqueConstraint(
                fields=["community", "service", "day"],
                condition=Q(settlement__isnull=True),
                name="reporting_daily_one_row_no_settlement",
            ),
        ]
        indexes = [models.Index(fields=["community", "day"], name="reporting_daily_period")]

    def __str__(self) -> str:
        return f"{self.community_id} {self.service_id} {self.day}"


class DecisionFact(models.Model):
    """One decided application, reduced to what statistics need: no person, no number."""

    case = models.OneToOneField("cases.Case", on_delete=models.PROTECT, related_name="+")
    community = models.ForeignKey("tenancy.Community", on_delete=models.PROTECT, related_name="+")
    settlement = models.ForeignKey(
        "tenancy.Settlement", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    service = models.ForeignKey("catalogue.Service", on_delete=models.PROTECT, related_name="+")
    registered_on = models.DateField()
    decided_on = models.DateField()
    due_date = models.DateField()
    processing_days = models.PositiveIntegerField(
        help_text="Calendar days from registration to decision."
    )
    on_time = models.BooleanField()
    decision = models.CharField(max_length=10)

    policy_community_field = "community"
    policy_settlement_field = "settlement"

    class Meta:
        verbose_name = _("decision (statistics)")
        verbose_name_plural = _("decisions (statistics)")
        ordering = ["community", "decided_on", "id"]
        indexes = [
            models.Index(
                fields=["community", "decided_on", "service"], name="reporting_decision_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.community_id} {self.service_id} {self.decided_on}"
