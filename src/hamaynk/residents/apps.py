from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResidentsConfig(AppConfig):
    name = "hamaynk.residents"
    verbose_name = _("Resident accounts")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
