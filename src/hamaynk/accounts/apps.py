from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hamaynk.accounts"
    verbose_name = _("People and roles")

    def ready(self) -> None:
        from . import audit_actions  # noqa: F401  (registers the actions)
