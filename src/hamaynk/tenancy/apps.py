from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenancyConfig(AppConfig):
    name = "hamaynk.tenancy"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
