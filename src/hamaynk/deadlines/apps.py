from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "hamaynk.deadlines"
    verbose_name = _("Deadlines")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
