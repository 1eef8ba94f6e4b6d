from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "hamaynk.catalogue"
    verbose_name = _("Services catalogue")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
