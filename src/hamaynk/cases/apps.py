from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "hamaynk.cases"
    verbose_name = _("Applications")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
