"""The roles a staff member can hold in a community (or, for supervisors, a region)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OPERATOR = "operator", _("Service office operator")
    SPECIALIST = "specialist", _("Specialist")
    SETTLEMENT_ADMINISTRATOR = "settlement_administrator", _("Settlement administrator")
    HEAD = "head", _("Head of community")
    DEPUTY_HEAD = "deputy_head", _("Deputy head of community")
    CHIEF_OF_STAFF = "chief_of_staff", _("Chief of staff")
    COUNCIL_MEMBER = "council_member", _("Council member")
    SUPERVISOR = "supervisor", _("Supervisor (read-only)")
