from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

SERVICE_ADOPTED = registry.register(
    "catalogue.service_adopted", _("Service adopted from the national library")
)
SERVICE_VERSION_PUBLISHED = registry.register(
    "catalogue.version_published", _("New version of a service published")
)
SERVICE_WITHDRAWN = registry.register("catalogue.service_withdrawn", _("Service withdrawn"))
SERVICE_OFFERED_AGAIN = registry.register(
    "catalogue.service_offered_again", _("Service offered again")
)
