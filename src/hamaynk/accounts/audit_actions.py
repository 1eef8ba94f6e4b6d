from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

PERSON_CREATED = registry.register("accounts.person_created", _("Person registered"))
PERSON_UPDATED = registry.register("accounts.person_updated", _("Person's data changed"))
PERSON_VIEWED = registry.register("accounts.person_viewed", _("Person's data opened"))
ORGANISATION_CREATED = registry.register(
    "accounts.organisation_created", _("Organisation registered")
)
ORGANISATION_UPDATED = registry.register(
    "accounts.organisation_updated", _("Organisation's data changed")
)
MEMBERSHIP_GRANTED = registry.register("accounts.membership_granted", _("Role granted"))
MEMBERSHIP_REVOKED = registry.register("accounts.membership_revoked", _("Role revoked"))
DEPARTMENT_CREATED = registry.register("accounts.department_created", _("Department created"))
USER_LOGGED_IN = registry.register("accounts.logged_in", _("Logged in"))
USER_LOGGED_OUT = registry.register("accounts.logged_out", _("Logged out"))
TWO_FACTOR_ENROLLED = registry.register(
    "accounts.two_factor_enrolled", _("Authenticator app set up")
)
TWO_FACTOR_FAILED = registry.register("accounts.two_factor_failed", _("Wrong one-time code"))
USER_LOGGED_OUT_EVERYWHERE = registry.register(
    "accounts.logged_out_everywhere", _("Logged out on every device")
)
USER_CREATED = registry.register("accounts.user_created", _("Account created"))
