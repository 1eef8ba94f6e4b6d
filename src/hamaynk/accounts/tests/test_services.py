"""Writes to people and roles: validated, permission-checked, audited, all or nothing."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hamaynk.accounts.models import Membership, Person
from hamaynk.accounts.roles import Role
from hamaynk.accounts.services import (
    membership_grant,
    organisation_create,
    person_create,
    person_update,
)
from hamaynk.audit.models import AuditEvent
from hamaynk.tenancy.models import Community, Settlement

pytestmark = pytest.mark.django_db


@pytest.fixture
def tatev():
    return Community.objects.get(code="tatev")


def test_person_create_saves_and_audits_in_one_step(staff, tatev):
    operator = staff("tatev.operator")
    before = AuditEvent.objects.count()
    person = person_create(
        by=operator,
        community=tatev,
        settlement=Settlement.objects.get(code="tatev.tatev"),
        last_name="Թեստյան",
        first_name="Արա",
        public_service_number="1234567890",
        phone="093 111222",
    )
    assert person.phone == "+37493111222"
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == before + 1
    assert event.action == "accounts.person_created"
    assert event.actor == operator
    assert event.community == tatev
    assert event.object_id == str(person.pk)
    assert event.changes["public_service_number"] == "1234567890"


def test_invalid_public_service_number_saves_nothing(staff, tatev):
    before = (Person.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        person_create(
            by=staff("tatev.operator"),
            community=tatev,
            last_name="Ա",
            first_name="Բ",
            public_service_number="12345",
        )
    assert "public_service_number" in error.value.message_dict
    assert (Person.objects.count(), AuditEvent.objects.count()) == before


def test_duplicate_public_service_number_in_a_community_is_refused(staff, tatev):
    with pytest.raises(ValidationError) as error:
        person_create(
            by=staff("tatev.operator"),
            community=tatev,
            last_name="Ա",
            first_name="Բ",
            public_service_number="1000000001",
        )
    assert "already registered" in str(error.value)


def test_the_same_number_may_be_known_to_another_community(staff):
    aragatsavan = Community.objects.get(code="aragatsavan")
    person = person_create(
        by=staff("aragatsavan.operator"),
        community=aragatsavan,
        last_name="Ա",
        first_name="Բ",
        public_service_number="1000000001",
    )
    assert person.pk


def test_settlement_of_another_community_is_refused(staff, tatev):
    with pytest.raises(ValidationError) as error:
        person_create(
            by=staff("tatev.operator"),
            community=tatev,
            last_name="Ա",
            first_name="Բ",
            settlement=Settlement.objects.get(code="aragatsavan.arteni"),
        )
    assert "settlement" in error.value.message_dict


def test_settlement_administrator_registers_only_in_their_settlements(staff, tatev):
    admin = staff("tatev.khot")
    with pytest.raises(ValidationError) as error:
        person_create(
            by=admin,
            community=tatev,
            last_name="Ա",
            first_name="Բ",
            settlement=Settlement.objects.get(code="tatev.tatev"),
        )
    assert "settlement" in error.value.message_dict
    person = person_create(
        by=admin,
        community=tatev,
        last_name="Ա",
        first_name="Բ",
        settlement=Settlement.objects.get(code="tatev.khot"),
    )
    assert person.settlement.code == "tatev.khot"


def test_staff_without_the_permission_are_refused(staff, tatev):
    with pytest.raises(PermissionDenied):
        person_create(by=staff("tatev.specialist"), community=tatev, last_name="Ա", first_name="Բ")
    with pytest.raises(PermissionDenied):
        organisation_create(
            by=staff("aragatsavan.operator"), community=tatev, name="X", tax_number="12345678"
        )


def test_invalid_tax_number_is_refused(staff, tatev):
    with pytest.raises(ValidationError) as error:
        organisation_create(
            by=staff("tatev.operator"), community=tatev, name="X", tax_number="1234"
        )
    assert "tax_number" in error.value.message_dict


def test_person_update_records_only_what_changed(staff):
    person = Person.objects.get(public_service_number="1000000001")
    person_update(by=staff("tatev.operator"), person=person, address="Նոր հասցե 1")
    event = AuditEvent.objects.order_by("-id").first()
    assert event.action == "accounts.person_updated"
    assert set(event.changes) == {"address"}
    assert event.changes["address"][1] == "Նոր հասցե 1"


def test_person_update_by_another_community_is_refused(staff):
    person = Person.objects.get(public_service_number="1000000001")
    with pytest.raises(PermissionDenied):
        person_update(by=staff("aragatsavan.operator"), person=person, address="X")
    person.refresh_from_db()
    assert person.address != "X"


def test_only_system_administrators_grant_roles(staff, tatev):
    with pytest.raises(PermissionDenied):
        membership_grant(
            by=staff("tatev.head"),
            user=staff("tatev.council"),
            role=Role.CHIEF_OF_STAFF,
            community=tatev,
        )


def test_settlement_administrator_needs_settlements_of_their_community(staff, tatev):
    user = staff("tatev.council")
    with pytest.raises(ValidationError):
        membership_grant(
            by=staff("admin"), user=user, role=Role.SETTLEMENT_ADMINISTRATOR, community=tatev
        )
    with pytest.raises(ValidationError):
        membership_grant(
            by=staff("admin"),
            user=user,
            role=Role.SETTLEMENT_ADMINISTRATOR,
            community=tatev,
            settlements=[Settlement.objects.get(code="aragatsavan.arteni")],
        )
    before = Membership.objects.count()
    membership_grant(
        by=staff("admin"),
        user=user,
        role=Role.SETTLEMENT_ADMINISTRATOR,
        community=tatev,
        settlements=[Settlement.objects.get(code="tatev.svarants")],
    )
    assert Membership.objects.count() == before + 1


def test_supervisor_cannot_be_tied_to_a_community(staff, tatev):
    with pytest.raises(ValidationError):
        membership_grant(
            by=None, user=staff("tatev.council"), role=Role.SUPERVISOR, community=tatev
        )
