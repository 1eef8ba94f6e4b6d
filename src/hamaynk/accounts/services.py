"""Every write to people, organisations, departments and memberships. Views call these."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from hamaynk.audit.services import audit_record, changed_fields

from . import audit_actions as actions
from .models import Department, Membership, Organisation, Person, ResidentRecord, User
from .permissions import Perm
from .policy import (
    forget_grants,
    settlement_ids_limited_to,
    user_has_permission,
    user_has_permission_for_instance,
)
from .roles import Role

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community, Region, Settlement

PERSON_FIELDS = (
    "settlement",
    "last_name",
    "first_name",
    "patronymic",
    "birth_date",
    "public_service_number",
    "id_document_type",
    "id_document_number",
    "address",
    "phone",
    "email",
    "preferred_language",
)
ORGANISATION_FIELDS = (
    "settlement",
    "name",
    "kind",
    "tax_number",
    "address",
    "phone",
    "email",
)


def snapshot(instance: models.Model, fields: tuple[str, ...]) -> dict[str, Any]:
    """Field values as they go into the audit log (foreign keys by id)."""
    values: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        assert isinstance(field, models.Field)
        values[name] = getattr(instance, field.attname)
    return values


def _check_settlement_scope(by: User | None, community: Community, settlement: Any) -> None:
    """A user limited to some settlements may only file records in those settlements."""
    if by is None:
        return
    limited = settlement_ids_limited_to(by, community)
    if limited and (settlement is None or settlement.pk not in limited):
        raise ValidationError({"settlement": _("Choose one of the settlements you represent.")})


def _require(by: User | None, perm: Perm, community: Community) -> None:
    if by is not None and not user_has_permission(by, perm, community):
        raise PermissionDenied(_("You do not have permission to do this in this community."))


def _require_instance(by: User | None, perm: Perm, instance: models.Model) -> None:
    if by is not None and not user_has_permission_for_instance(by, perm, instance):
        raise PermissionDenied(_("You do not have permission to change this record."))


@dataclass(frozen=True)
class _RecordKind:
    """How one kind of resident record is created, changed and audited."""

    model: type[ResidentRecord]
    fields: tuple[str, ...]
    add: Perm
    change: Perm
    created: str
    updated: str


_PERSON = _RecordKind(
    Person,
    PERSON_FIELDS,
    Perm.ADD_PERSON,
    Perm.CHANGE_PERSON,
    actions.PERSON_CREATED,
    actions.PERSON_UPDATED,
)
_ORGANISATION = _RecordKind(
    Organisation,
    ORGANISATION_FIELDS,
    Perm.ADD_ORGANISATION,
    Perm.CHANGE_ORGANISATION,
    actions.ORGANISATION_CREATED,
    actions.ORGANISATION_UPDATED,
)


def _record_create(
    kind: _RecordKind,
    *,
    by: User | None,
    community: Community,
    is_demo: bool,
    data: dict[str, Any],
) -> Any:
    _require(by, kind.add, community)
    _check_settlement_scope(by, community, data.get("settlement"))
    record = kind.model(
        community=community,
        is_demo=is_demo,
        **{k: v for k, v in data.items() if k in kind.fields},
    )
    record.full_clean()
    with transaction.atomic():
        record.save()
        audit_record(
            action=kind.created,
            actor=by,
            community=community,
            obj=record,
            changes=snapshot(record, kind.fields),
        )
    return record


def _record_update(
    kind: _RecordKind, *, by: User | None, record: ResidentRecord, data: dict[str, Any]
) -> Any:
    _require_instance(by, kind.change, record)
    with transaction.atomic():
        locked = kind.model._default_manager.select_for_update().get(pk=record.pk)
        before = snapshot(locked, kind.fields)
        for name, value in data.items():
            if name in kind.fields:
                setattr(locked, name, value)
        _check_settlement_scope(by, locked.community, locked.settlement)
        locked.full_clean()
        locked.save()
        changes = changed_fields(before, snapshot(locked, kind.fields))
        if changes:
            audit_record(
                action=kind.updated,
                actor=by,
                community=locked.community,
                obj=locked,
                changes=changes,
            )
    return locked


def person_create(
    *, by: User | None, community: Community, is_demo: bool = False, **data: Any
) -> Person:
    """Register a resident in ``community``. ``by`` is ``None`` only for system tasks."""
    person: Person = _record_create(_PERSON, by=by, community=community, is_demo=is_demo, data=data)
    return person


def person_update(*, by: User | None, person: Person, **data: Any) -> Person:
    updated: Person = _record_update(_PERSON, by=by, record=person, data=data)
    return updated


def person_record_view(*, by: User, person: Person) -> None:
    """Log that a staff member opened a resident's record (Law 49-ZR: traceable access)."""
    with transaction.atomic():
        audit_record(action=actions.PERSON_VIEWED, actor=by, community=person.community, obj=person)


def organisation_create(
    *, by: User | None, community: Community, is_demo: bool = False, **data: Any
) -> Organisation:
    organisation: Organisation = _record_create(
        _ORGANISATION, by=by, community=community, is_demo=is_demo, data=data
    )
    return organisation


def organisation_update(
    *, by: User | None, organisation: Organisation, **data: Any
) -> Organisation:
    updated: Organisation = _record_update(_ORGANISATION, by=by, record=organisation, data=data)
    return updated


def department_create(
    *,
    by: User | None,
    community: Community,
    code: str,
    name_hy: str,
    name_en: str = "",
    name_ru: str = "",
) -> Department:
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator can create departments."))
    department = Department(
        community=community, code=code, name_hy=name_hy, name_en=name_en, name_ru=name_ru
    )
    department.full_clean()
    with transaction.atomic():
        department.save()
        audit_record(
            action=actions.DEPARTMENT_CREATED,
            actor=by,
            community=community,
            obj=department,
            changes={"code": code, "name_hy": name_hy},
        )
    return department


def membership_grant(
    *,
    by: User | None,
    user: User,
    role: Role,
    community: Community | None = None,
    region: Region | None = None,
    department: Department | None = None,
    settlements: list[Settlement] | tuple[Settlement, ...] = (),
) -> Membership:
    """Give ``user`` a role. Only system administrators (or system tasks) grant roles."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator can grant roles."))
    membership = Membership(
        user=user, role=role, community=community, region=region, department=department
    )
    membership.full_clean()
    if settlements and role != Role.SETTLEMENT_ADMINISTRATOR:
        raise ValidationError(
            {"settlements": _("Only settlement administrators are limited to settlements.")}
        )
    if role == Role.SETTLEMENT_ADMINISTRATOR and not settlements:
        raise ValidationError(
            {"settlements": _("Name at least one settlement for a settlement administrator.")}
        )
    if any(s.community_id != (community.pk if community else None) for s in settlements):
        raise ValidationError(
            {"settlements": _("Every settlement must belong to the membership's community.")}
        )
    with transaction.atomic():
        membership.save()
        membership.settlements.set(settlements)
        audit_record(
            action=actions.MEMBERSHIP_GRANTED,
            actor=by,
            community=community,
            obj=membership,
            changes={
                "user": user.get_username(),
                "role": str(role),
                "region": region.code if region else None,
                "department": department.code if department else None,
                "settlements": sorted(s.code for s in settlements),
            },
        )
    forget_grants(user)
    return membership


def membership_revoke(*, by: User | None, membership: Membership) -> None:
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator can revoke roles."))
    with transaction.atomic():
        membership.is_active = False
        membership.save(update_fields=["is_active", "updated_at"])
        audit_record(
            action=actions.MEMBERSHIP_REVOKED,
            actor=by,
            community=membership.community,
            obj=membership,
            changes={"is_active": [True, False]},
        )
    forget_grants(membership.user)


def user_record_login(*, user: User) -> None:
    with transaction.atomic():
        audit_record(action=actions.USER_LOGGED_IN, actor=user, community=None, obj=user)


def user_record_logout(*, user: User) -> None:
    with transaction.atomic():
        audit_record(action=actions.USER_LOGGED_OUT, actor=user, community=None, obj=user)


def staff_user_create(
    *,
    by: User | None,
    username: str,
    password: str,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    is_superuser: bool = False,
    is_demo: bool = False,
) -> User:
    """Create a log-in for a staff member (roles are granted separately)."""
    if by is not None and not by.is_superuser:
        raise PermissionDenied(_("Only a system administrator can create accounts."))
    user = User(
        username=username,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=is_superuser,
        is_superuser=is_superuser,
        is_demo=is_demo,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    with transaction.atomic():
        user.save()
        audit_record(
            action=actions.USER_CREATED,
            actor=by,
            community=None,
            obj=user,
            changes={"username": username, "is_superuser": is_superuser},
        )
    return user


def user_log_out_everywhere(*, user: User) -> None:
    """End every session of ``user``, on every device (a lost phone, a shared computer)."""
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(session_generation=F("session_generation") + 1)
        audit_record(
            action=actions.USER_LOGGED_OUT_EVERYWHERE, actor=user, community=None, obj=user
        )
    user.refresh_from_db(fields=["session_generation"])


def person_for_online_application(
    *,
    community: Community,
    public_service_number: str,
    last_name: str,
    first_name: str,
    patronymic: str = "",
    phone: str = "",
    email: str = "",
    address: str = "",
    settlement: Settlement | None = None,
) -> Person:
    """The applicant of an online application: the community's record with this Public
    Service Number, or a new record made from what the resident typed.

    An existing record is never changed from here: the office keeps it, and a resident
    corrects it at the desk. A new record is logged with no staff member as its author.
    """
    number = (public_service_number or "").strip()
    if not number:
        raise ValidationError(
            {"public_service_number": _("Enter your Public Service Number (10 digits).")}
        )
    existing = Person.objects.filter(community=community, public_service_number=number).first()
    if existing is not None:
        return existing
    data = {
        "public_service_number": number,
        "last_name": last_name,
        "first_name": first_name,
        "patronymic": patronymic,
        "phone": phone,
        "email": email,
        "address": address,
        "settlement": settlement,
    }
    try:
        created: Person = _record_create(
            _PERSON, by=None, community=community, is_demo=False, data=data
        )
    except (IntegrityError, ValidationError):
        # The same person applying twice at once: the other request made the record.
        existing = Person.objects.filter(community=community, public_service_number=number).first()
        if existing is None:
            raise
        return existing
    return created
