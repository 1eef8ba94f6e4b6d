"""The permission policy: the one place that answers who may do what, where.

Two questions, after Wagtail's permission policies:

* ``user_has_permission_for_instance(user, perm, obj)``: may this user do this to this object?
* ``instances_user_has_permission_for(user, perm, queryset)``: which of these may they?

A model takes part by naming, in ``policy_community_field`` and ``policy_settlement_field``,
the lookups from itself to its community and its settlement. Views, forms and (later) API
endpoints ask these functions and nothing else.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.db.models import Q, QuerySet

from .permissions import ROLE_PERMISSIONS, Perm
from .roles import AnyRole, Party, Role

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hamaynk.tenancy.models import Community

    from .models import User

M = TypeVar("M", bound=models.Model)

_CACHE_ATTR = "_hamaynk_grants"


@dataclass(frozen=True)
class Grant:
    """One active membership, reduced to what the policy needs; or one community of an
    integration client, which holds named permissions there and no role (``role=None``)."""

    role: Role | None
    community_id: int | None
    region_id: int | None
    department_id: int | None
    settlement_ids: frozenset[int]
    granted: frozenset[Perm] = frozenset()

    @property
    def permissions(self) -> frozenset[Perm]:
        return ROLE_PERMISSIONS[self.role] if self.role is not None else self.granted


def grants(user: User | AnonymousUser) -> list[Grant]:
    """The user's active memberships, read once per user object (so once per request)."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        memberships = user.memberships.filter(is_active=True).prefetch_related("settlements")
        cached = [
            Grant(
                role=Role(m.role),
                community_id=m.community_id,
                region_id=m.region_id,
                department_id=m.department_id,
                settlement_ids=frozenset(s.pk for s in m.settlements.all()),
            )
            for m in memberships
        ]
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: User) -> None:
    """Drop the cached grants, after the user's memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def grant_client_permissions(
    account: User, *, community_ids: Iterable[int], permissions: Iterable[Perm]
) -> None:
    """Make ``account``, an integration client's own user, act with the client's grants:
    ``permissions`` in each of ``community_ids``, for as long as this user object lives.

    Such a principal holds no role: it reaches objects through the policy like staff, is
    limited to no settlement or department, and ``roles_for_instance`` gives it nothing, so
    the workflow table offers it no action. The account has no memberships of its own.
    """
    granted = frozenset(permissions)
    setattr(
        account,
        _CACHE_ATTR,
        [
            Grant(
                role=None,
                community_id=community_id,
                region_id=None,
                department_id=None,
                settlement_ids=frozenset(),
                granted=granted,
            )
            for community_id in sorted(set(community_ids))
        ],
    )


def _community_lookup(model: type[models.Model]) -> str:
    field = getattr(model, "policy_community_field", None)
    if field is None:
        raise TypeError(f"{model.__name__} does not declare policy_community_field")
    return str(field)


def _grant_q(grant: Grant, model: type[models.Model]) -> Q:
    community_field = _community_lookup(model)
    settlement_field = getattr(model, "policy_settlement_field", None)
    if grant.role == Role.SUPERVISOR:
        if community_field == "id":
            q = Q(region_id=grant.region_id) if grant.region_id else Q()
        elif grant.region_id:
            q = Q(**{f"{community_field}__region_id": grant.region_id})
        else:
            q = Q(**{f"{community_field}__isnull": False})
    else:
        q = Q(**{community_field: grant.community_id})
    if grant.settlement_ids and settlement_field:
        q &= Q(**{f"{settlement_field}__in": sorted(grant.settlement_ids)})
    department_field = getattr(model, "policy_department_field", None)
    if grant.role == Role.SPECIALIST and grant.department_id and department_field:
        q &= Q(**{department_field: grant.department_id})
    return q


def instances_user_has_permission_for(
    user: User | AnonymousUser,
    perm: Perm,
    queryset: QuerySet[M],
    *,
    community: Community | None = None,
) -> QuerySet[M]:
    """The objects of ``queryset`` the user may ``perm``, optionally within one community."""
    model = queryset.model
    if community is not None:
        queryset = queryset.filter(**{_community_lookup(model): community.pk})
    if user.is_active and user.is_superuser:
        return queryset
    q: Q | None = None
    for grant in grants(user):
        if perm in grant.permissions:
            grant_q = _grant_q(grant, model)
            q = grant_q if q is None else q | grant_q
    if q is None:
        return queryset.none()
    return queryset.filter(q)


def user_has_permission_for_instance(
    user: User | AnonymousUser, perm: Perm, instance: models.Model
) -> bool:
    manager: Any = type(instance)._default_manager
    return instances_user_has_permission_for(user, perm, manager.filter(pk=instance.pk)).exists()


def user_has_permission(
    user: User | AnonymousUser, perm: Perm, community: Community | None = None
) -> bool:
    """Whether the user holds ``perm`` at all, or in ``community`` (any settlement of it)."""
    if user.is_active and user.is_superuser:
        return True
    for grant in grants(user):
        if perm not in grant.permissions:
            continue
        if community is None or grant.community_id == community.pk:
            return True
        if grant.role == Role.SUPERVISOR and grant.region_id in (None, community.region_id):
            return True
    return False


def _scope_id(instance: models.Model, field: str | None) -> int | None:
    if field is None:
        return None
    if field == "id":
        return instance.pk
    return getattr(instance, f"{field}_id", None)


def roles_for_instance(user: User | AnonymousUser, instance: models.Model) -> frozenset[AnyRole]:
    """The roles through which ``user`` reaches ``instance``: what the workflow table asks.

    A role counts only where its grant covers the object: the community, the
    settlements of a settlement administrator, the department of a specialist.
    Supervisors read; they hold no working role over an object. A resident account is
    the applicant of what it owns (the object's ``resident``), and holds nothing else.
    """
    model = type(instance)
    community_id = _scope_id(instance, _community_lookup(model))
    settlement_id = _scope_id(instance, getattr(model, "policy_settlement_field", None))
    department_id = _scope_id(instance, getattr(model, "policy_department_field", None))
    roles: set[AnyRole] = set()
    if (
        user.is_authenticated
        and user.is_active
        and getattr(user, "is_resident", False)
        and getattr(instance, "resident_id", None) == user.pk
    ):
        roles.add(Party.APPLICANT)
    for grant in grants(user):
        if grant.role is None or grant.role == Role.SUPERVISOR:
            continue  # an integration client's grant, or a supervisor's: no working role
        if grant.community_id != community_id:
            continue
        if grant.settlement_ids and settlement_id not in grant.settlement_ids:
            continue
        if (
            grant.role == Role.SPECIALIST
            and grant.department_id
            and (department_id != grant.department_id)
        ):
            continue
        roles.add(grant.role)
    return frozenset(roles)


def settlement_ids_limited_to(user: User | AnonymousUser, community: Community) -> frozenset[int]:
    """The settlements the user is limited to in ``community``; empty means no limit."""
    if user.is_superuser:
        return frozenset()
    limited: set[int] = set()
    for grant in grants(user):
        if grant.community_id == community.pk:
            if not grant.settlement_ids:
                return frozenset()
            limited |= grant.settlement_ids
    return frozenset(limited)


def communities_for(user: User | AnonymousUser) -> QuerySet[Community]:
    """The communities the user can work in or look at: their community switcher."""
    from hamaynk.tenancy.models import Community

    return instances_user_has_permission_for(
        user, Perm.VIEW_COMMUNITY, Community.objects.filter(is_active=True)
    )
