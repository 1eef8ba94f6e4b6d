from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "hamaynk.integrations"
    verbose_name = _("Integration clients")

    def ready(self) -> None:
        from hamaynk.notifications.channels import register_sender
        from hamaynk.notifications.models import DeliveryChannel

        from . import audit_actions  # noqa: F401  (registers the actions)
        from .webhooks import send_webhook

        register_sender(DeliveryChannel.WEBHOOK, send_webhook)
