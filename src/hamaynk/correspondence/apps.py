from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CorrespondenceConfig(AppConfig):
    name = "hamaynk.correspondence"
    verbose_name = _("Letters")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
