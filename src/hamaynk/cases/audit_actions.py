from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

from .workflow import ACTION_LABELS, Action

CASE_SUBMITTED = registry.register("cases.submitted", _("Application submitted"))
CASE_COMMENTED = registry.register("cases.commented", _("Comment added to an application"))
CASE_FILE_ADDED = registry.register("cases.file_added", _("File added to an application"))
CASE_OVERDUE = registry.register("cases.overdue", _("Application became overdue"))
TRANSITION_ACTIONS = {
    action: registry.register(f"cases.{action.value}", ACTION_LABELS[action]) for action in Action
}
CASES_EXPORTED = registry.register("cases.exported", _("List of applications exported"))
CASE_FILE_OPENED = registry.register("cases.file_opened", _("Scan of an application opened"))
