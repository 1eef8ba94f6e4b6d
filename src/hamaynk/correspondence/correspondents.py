"""The directory of correspondents: adding one, and finding one by name."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import instances_user_has_permission_for
from hamaynk.audit.services import audit_record

from . import audit_actions as actions
from .common import require, required_text
from .models import Correspondent, CorrespondentKind

if TYPE_CHECKING:
    from hamaynk.accounts.models import User
    from hamaynk.tenancy.models import Community


def correspondent_document(correspondent: Correspondent) -> str:
    parts = [correspondent.name, correspondent.address, correspondent.email, correspondent.phone]
    return " ".join(part for part in parts if part).lower()


def correspondent_create(
    *,
    by: User,
    community: Community,
    kind: str,
    name: str,
    address: str = "",
    email: str = "",
    phone: str = "",
) -> Correspondent:
    require(by, Perm.EXECUTE_LETTER, community)
    if kind not in CorrespondentKind.values:
        raise ValidationError({"kind": _("Choose a person, an organisation or a government body.")})
    name = required_text(name, "name", _("Enter the correspondent's name."))
    correspondent = Correspondent(
        community=community,
        kind=kind,
        name=name,
        address=address.strip(),
        email=email.strip(),
        phone=phone.strip(),
    )
    correspondent.full_clean()
    correspondent.search_document = correspondent_document(correspondent)
    with transaction.atomic():
        correspondent.save()
        audit_record(
            action=actions.CORRESPONDENT_ADDED,
            actor=by,
            community=community,
            obj=correspondent,
            changes={"name": name, "kind": kind},
        )
    return correspondent


def correspondents_matching(
    user: User, community: Community, query: str
) -> QuerySet[Correspondent]:
    """Correspondents whose name, address or contacts contain every word of ``query``."""
    found = instances_user_has_permission_for(
        user, Perm.VIEW_LETTER, Correspondent.objects.all(), community=community
    )
    for word in query.lower().split():
        found = found.filter(search_document__contains=word)
    return found
