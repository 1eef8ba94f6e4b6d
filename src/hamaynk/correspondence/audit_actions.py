from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

LETTER_REGISTERED = registry.register("correspondence.registered", _("Letter registered"))
LETTER_FILE_ADDED = registry.register("correspondence.file_added", _("Scan added to a letter"))
RESOLUTION_WRITTEN = registry.register(
    "correspondence.resolution_written", _("Resolution written on a letter")
)
EXECUTION_REPORTED = registry.register(
    "correspondence.execution_reported", _("Progress reported on a letter")
)
EXECUTION_COMPLETED = registry.register(
    "correspondence.execution_completed", _("Executor's part of a letter done")
)
LETTER_CLOSED = registry.register("correspondence.closed", _("Letter closed as executed"))
OUTGOING_DRAFTED = registry.register("correspondence.drafted", _("Outgoing letter drafted"))
OUTGOING_DISPATCHED = registry.register(
    "correspondence.dispatched", _("Outgoing letter dispatched")
)
CORRESPONDENT_ADDED = registry.register(
    "correspondence.correspondent_added", _("Correspondent added")
)
CONTROL_REMINDED = registry.register(
    "correspondence.control_reminded", _("Executors reminded of a control date")
)
JOURNAL_OPENED = registry.register("correspondence.journal_opened", _("Letters journal opened"))
JOURNAL_EXPORTED = registry.register(
    "correspondence.journal_exported", _("Letters journal printed or downloaded")
)
FILE_ADDED = registry.register(
    "correspondence.nomenclature_added", _("File added to the nomenclature")
)
FILE_CHANGED = registry.register(
    "correspondence.nomenclature_changed", _("File of the nomenclature changed")
)
FILE_REMOVED = registry.register(
    "correspondence.nomenclature_removed", _("File removed from the nomenclature")
)
NOMENCLATURE_COPIED = registry.register(
    "correspondence.nomenclature_copied", _("Nomenclature of files copied to the next year")
)
CASE_FILED = registry.register(
    "correspondence.case_filed", _("Application filed in a file of the nomenclature")
)
CASE_LINKED = registry.register(
    "correspondence.case_linked", _("Letter linked to the application it started")
)
RECORD_PURGED = registry.register(
    "correspondence.purged", _("Scans removed at the end of the retention period")
)
