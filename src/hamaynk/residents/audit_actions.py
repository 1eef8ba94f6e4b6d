from django.utils.translation import gettext_lazy as _

from hamaynk.audit.registry import registry

SIGNED_UP = registry.register("residents.signed_up", _("Resident account created"))
SIGNED_IN = registry.register("residents.signed_in", _("Resident signed in with a one-time code"))
PROFILE_CHANGED = registry.register("residents.profile_changed", _("Resident's details changed"))
CONTACT_CONFIRMED = registry.register(
    "residents.contact_confirmed", _("Resident's e-mail address or phone number confirmed")
)
CLAIMED = registry.register(
    "residents.claimed", _("Application or letter added to a resident account")
)
