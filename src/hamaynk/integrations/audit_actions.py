from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

CLIENT_CREATED = registry.register("integrations.client_created", _("Integration client created"))
TOKEN_ISSUED = registry.register("integrations.token_issued", _("API token issued"))
TOKEN_REVOKED = registry.register("integrations.token_revoked", _("API token revoked"))
API_CALLED = registry.register("integrations.api_called", _("API call by an integration"))
PERSONAL_DATA_READ = registry.register(
    "integrations.personal_data_read", _("Personal data read through the API")
)
WEBHOOK_SUBSCRIBED = registry.register(
    "integrations.webhook_subscribed", _("Webhook subscription created")
)
WEBHOOK_UNSUBSCRIBED = registry.register(
    "integrations.webhook_unsubscribed", _("Webhook subscription cancelled")
)
