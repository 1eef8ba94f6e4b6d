"""Reads of people and organisations, always through the permission policy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from .models import Membership, Organisation, Person, User
from .permissions import Perm
from .policy import instances_user_has_permission_for

if TYPE_CHECKING:
    from hamaynk.tenancy.models import Community


def persons_visible_to(
    user: User | AnonymousUser, community: Community, *, search: str = ""
) -> QuerySet[Person]:
    persons = instances_user_has_permission_for(
        user, Perm.VIEW_PERSON, Person.objects.select_related("settlement"), community=community
    )
    search = search.strip()
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        q = Q(last_name__icontains=search) | Q(first_name__icontains=search)
        if len(digits) >= 4:
            q |= Q(public_service_number__startswith=digits) | Q(phone__contains=digits)
        persons = persons.filter(q)
    return persons


def organisations_visible_to(
    user: User | AnonymousUser, community: Community, *, search: str = ""
) -> QuerySet[Organisation]:
    organisations = instances_user_has_permission_for(
        user,
        Perm.VIEW_ORGANISATION,
        Organisation.objects.select_related("settlement"),
        community=community,
    )
    search = search.strip()
    if search:
        organisations = organisations.filter(
            Q(name__icontains=search) | Q(tax_number__startswith=search)
        )
    return organisations


def staff_visible_to(user: User | AnonymousUser, community: Community) -> QuerySet[Membership]:
    return instances_user_has_permission_for(
        user,
        Perm.VIEW_STAFF,
        Membership.objects.filter(is_active=True)
        .select_related("user", "department")
        .prefetch_related("settlements"),
        community=community,
    ).order_by("role", "user__last_name")
