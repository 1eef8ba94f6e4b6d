from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuestionsConfig(AppConfig):
    name = "hamaynk.questions"
    verbose_name = _("Questions to specialists")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
