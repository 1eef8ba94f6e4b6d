from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """REST API v1: an interface like the portal and the staff pages, with no models."""

    name = "hamaynk.api"
    verbose_name = _("API")

    def ready(self) -> None:
        from . import schema  # noqa: F401  (the bearer scheme for drf-spectacular)
