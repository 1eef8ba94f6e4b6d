from django.utils.translation import gettext_lazy as _

from .registry import registry

ADMIN_OBJECT_SAVED = registry.register("admin.object_saved", _("Saved in the administration"))
ADMIN_OBJECT_DELETED = registry.register("admin.object_deleted", _("Deleted in the administration"))
