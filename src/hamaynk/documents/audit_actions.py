from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

DOCUMENT_ISSUED = registry.register("documents.issued", _("Outcome document issued"))
DOCUMENT_DOWNLOADED = registry.register("documents.downloaded", _("Outcome document opened"))
