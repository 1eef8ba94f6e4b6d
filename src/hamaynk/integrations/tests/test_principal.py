"""The permission policy answers for an integration client: its permissions in its
communities, no role, no settlement limit; staff answers stay as they were."""

from __future__ import annotations

import pytest

from hamaynk.accounts.models import Person
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import (
    communities_for,
    forget_grants,
    instances_user_has_permission_for,
    roles_for_instance,
    settlement_ids_limited_to,
    user_has_permission,
    user_has_permission_for_instance,
)
from hamaynk.accounts.roles import Role
from hamaynk.cases.models import Case
from hamaynk.integrations.selectors import principal
from hamaynk.integrations.services import client_create
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


def make(codes, permissions):
    return client_create(
        by=None,
        name="Client",
        communities=Community.objects.filter(code__in=codes),
        permissions=permissions,
    )


def test_a_client_holds_its_permissions_in_its_communities_only(file_case):
    tatev, aragatsavan = (
        Community.objects.get(code="tatev"),
        Community.objects.get(code="aragatsavan"),
    )
    account = principal(make(["tatev"], ["community.view", "case.view"]))
    assert user_has_permission(account, Perm.VIEW_CASE, tatev)
    assert not user_has_permission(account, Perm.VIEW_CASE, aragatsavan)
    assert not user_has_permission(account, Perm.ADD_CASE, tatev)
    assert not user_has_permission(account, Perm.VIEW_PERSON, tatev)
    assert list(communities_for(account).values_list("code", flat=True)) == ["tatev"]
    cases = instances_user_has_permission_for(account, Perm.VIEW_CASE, Case.objects.all())
    assert set(cases.values_list("community__code", flat=True)) == {"tatev"}
    assert cases.count() == Case.objects.filter(community=tatev).count()
    assert not instances_user_has_permission_for(
        account, Perm.VIEW_PERSON, Person.objects.all()
    ).exists()


def test_a_client_holds_no_role_and_no_settlement_limit(file_case):
    case = file_case("residence-certificate")
    account = principal(make(["tatev"], ["community.view", "case.view", "case.add"]))
    assert user_has_permission_for_instance(account, Perm.VIEW_CASE, case)
    assert roles_for_instance(account, case) == frozenset()
    assert settlement_ids_limited_to(account, case.community) == frozenset()


def test_the_account_alone_holds_nothing():
    """Without the client's grants (a user object read elsewhere) the account has none."""
    client = make(["tatev"], ["community.view", "case.view"])
    account = principal(client)
    forget_grants(account)
    assert not user_has_permission(account, Perm.VIEW_COMMUNITY)
    assert not communities_for(account).exists()


def test_an_inactive_community_of_a_client_grants_nothing():
    client = make(["tatev", "aragatsavan"], ["community.view"])
    Community.objects.filter(code="aragatsavan").update(is_active=False)
    account = principal(client)
    assert list(communities_for(account).values_list("code", flat=True)) == ["tatev"]


def test_staff_answers_are_unchanged(staff, file_case):
    case = file_case("residence-certificate")
    assert roles_for_instance(staff("tatev.head"), case) == {Role.HEAD}
    assert roles_for_instance(staff("tatev.khot"), case) == {Role.SETTLEMENT_ADMINISTRATOR}
    assert roles_for_instance(staff("syunik.supervisor"), case) == frozenset()
    assert settlement_ids_limited_to(staff("tatev.khot"), case.community)
