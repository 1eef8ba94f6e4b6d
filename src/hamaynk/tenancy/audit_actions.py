from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

DIVISIONS_IMPORTED = registry.register(
    "tenancy.divisions_imported", _("Administrative divisions imported")
)
SERVICE_POINT_SAVED = registry.register("tenancy.service_point_saved", _("Service point saved"))
