"""The permission policy: who sees and does what, in which community and settlement."""

import pytest

from hamaynk.accounts.models import Membership, Organisation, Person
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import (
    communities_for,
    instances_user_has_permission_for,
    user_has_permission,
    user_has_permission_for_instance,
)
from hamaynk.audit.models import AuditEvent
from hamaynk.tenancy.models import Community, Settlement

pytestmark = pytest.mark.django_db


def codes(queryset, field="community__code"):
    return set(queryset.values_list(field, flat=True))


def test_community_staff_see_only_their_community(staff):
    operator = staff("tatev.operator")
    persons = instances_user_has_permission_for(operator, Perm.VIEW_PERSON, Person.objects.all())
    assert codes(persons) == {"tatev"}
    assert set(communities_for(operator).values_list("code", flat=True)) == {"tatev"}


def test_settlement_administrator_sees_only_their_settlements(staff):
    admin = staff("tatev.khot")
    persons = instances_user_has_permission_for(admin, Perm.VIEW_PERSON, Person.objects.all())
    assert codes(persons, "settlement__code") == {"tatev.khot", "tatev.halidzor"}
    settlements = instances_user_has_permission_for(
        admin, Perm.VIEW_COMMUNITY, Settlement.objects.all()
    )
    assert codes(settlements, "code") == {"tatev.khot", "tatev.halidzor"}


def test_settlement_administrator_cannot_open_another_settlements_resident(staff):
    admin = staff("tatev.khot")
    elsewhere = Person.objects.get(public_service_number="1000000001")  # Shinuhayr
    assert not user_has_permission_for_instance(admin, Perm.VIEW_PERSON, elsewhere)
    own = Person.objects.get(public_service_number="1000000002")  # Khot
    assert user_has_permission_for_instance(admin, Perm.VIEW_PERSON, own)


def test_supervisor_reads_their_region_but_no_personal_data(staff):
    supervisor = staff("syunik.supervisor")
    assert set(communities_for(supervisor).values_list("code", flat=True)) == {"tatev"}
    assert not instances_user_has_permission_for(
        supervisor, Perm.VIEW_PERSON, Person.objects.all()
    ).exists()
    events = instances_user_has_permission_for(
        supervisor, Perm.VIEW_AUDIT, AuditEvent.objects.all()
    )
    assert codes(events) == {"tatev"}


def test_national_supervisor_reads_every_community(staff):
    auditor = staff("national.auditor")
    assert set(communities_for(auditor).values_list("code", flat=True)) == set(
        Community.objects.values_list("code", flat=True)
    )
    tatev = Community.objects.get(code="tatev")
    assert user_has_permission(auditor, Perm.VIEW_AUDIT, tatev)
    assert not user_has_permission(auditor, Perm.ADD_PERSON, tatev)


def test_council_member_sees_the_community_but_not_residents(staff):
    council = staff("tatev.council")
    tatev = Community.objects.get(code="tatev")
    assert user_has_permission(council, Perm.VIEW_COMMUNITY, tatev)
    assert not user_has_permission(council, Perm.VIEW_PERSON, tatev)


def test_operator_in_two_communities_is_scoped_by_the_community_asked_for(staff):
    operator = staff("both.operator")
    aragatsavan = Community.objects.get(code="aragatsavan")
    organisations = instances_user_has_permission_for(
        operator, Perm.VIEW_ORGANISATION, Organisation.objects.all(), community=aragatsavan
    )
    assert codes(organisations) == {"aragatsavan"}
    everywhere = instances_user_has_permission_for(
        operator, Perm.VIEW_ORGANISATION, Organisation.objects.all()
    )
    assert codes(everywhere) == {"tatev", "aragatsavan"}


def test_revoked_membership_grants_nothing(staff):
    from hamaynk.accounts.services import membership_revoke

    operator = staff("tatev.operator")
    membership = Membership.objects.get(user=operator)
    membership_revoke(by=None, membership=membership)
    operator = staff("tatev.operator")  # a fresh object, as on the next request
    assert not communities_for(operator).exists()


def test_anonymous_and_inactive_users_get_nothing(staff):
    from django.contrib.auth.models import AnonymousUser

    assert not instances_user_has_permission_for(
        AnonymousUser(), Perm.VIEW_COMMUNITY, Community.objects.all()
    ).exists()
    operator = staff("tatev.operator")
    operator.is_active = False
    assert not communities_for(operator).exists()


def test_system_administrator_sees_everything(staff):
    admin = staff("admin")
    assert (
        instances_user_has_permission_for(admin, Perm.VIEW_PERSON, Person.objects.all()).count()
        == Person.objects.count()
    )
