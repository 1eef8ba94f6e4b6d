from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hamaynk.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
