from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "hamaynk.documents"
    verbose_name = _("Documents")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
