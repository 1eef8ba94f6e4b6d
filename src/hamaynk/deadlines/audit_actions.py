from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

CALENDAR_OVERRIDE_SET = registry.register(
    "deadlines.calendar_override_set", _("Working calendar day set")
)
CALENDAR_OVERRIDE_REMOVED = registry.register(
    "deadlines.calendar_override_removed", _("Working calendar day removed")
)
