"""The roles a staff member can hold in a community (or, for supervisors, a region), and the
parties to an application, who act on it without a role in the community."""

from typing import TypeAlias

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


class Party(models.TextChoices):
    """A role held over one object by being a party to it, never granted by a membership:
    the resident account an application belongs to is its applicant."""

    APPLICANT = "applicant", _("Applicant")


AnyRole: TypeAlias = Role | Party
"""What the workflow table lists: staff roles and the parties to an application."""
