"""The catalogue: adopted from the library, versioned, and the rules each version sets."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hamaynk.audit.models import AuditEvent
from hamaynk.catalogue.forms import clean_form_data, missing_documents
from hamaynk.catalogue.library import library
from hamaynk.catalogue.models import ImmutableError, Service
from hamaynk.catalogue.selectors import services_offered
from hamaynk.catalogue.services import service_adopt, service_publish_version, service_withdraw
from hamaynk.deadlines.engine import Term, TermUnit
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def tatev():
    return Community.objects.get(code="tatev")


def service(community, code):
    return Service.objects.select_related("current_version").get(community=community, code=code)


def test_the_library_has_the_ten_typical_services():
    assert set(library()) == {
        "residence-certificate",
        "family-composition-certificate",
        "construction-permit",
        "demolition-permit",
        "land-use-reference",
        "trade-permit",
        "social-assistance",
        "address-assignment",
        "council-decision-copy",
        "petition",
    }


def test_every_demo_community_offers_the_library(tatev):
    assert services_offered(tatev).count() == len(library())


def test_a_petition_is_answered_within_one_month_and_extended_by_one_more(tatev):
    version = service(tatev, "petition").current_version
    assert version.term == Term(1, TermUnit.MONTH)
    assert version.extension_limit == Term(1, TermUnit.MONTH)
    assert "ՀՕ-15-Ն" in version.legal_basis_hy


def test_default_term_is_thirty_calendar_days(tatev):
    version = service(tatev, "construction-permit").current_version
    assert version.term == Term(30, TermUnit.CALENDAR)
    assert version.extension_limit is None


def test_fees_are_decimal_amd_marked_as_demo(tatev):
    fee = service(tatev, "construction-permit").current_version.fees.get()
    assert fee.amount == Decimal("10000")
    assert isinstance(fee.amount, Decimal)
    assert fee.is_demo_value


def test_adopted_services_are_routed_to_the_communitys_department(tatev):
    version = service(tatev, "construction-permit").current_version
    assert version.department.community == tatev
    assert version.department.code == "construction"


def test_a_new_version_leaves_the_old_one_as_it_was(staff, tatev):
    petition = service(tatev, "petition")
    old = petition.current_version
    new = service_publish_version(
        by=staff("tatev.secretary"),
        service=petition,
        term_length=20,
        term_unit="working",
    )
    assert (new.number, old.number) == (2, 1)
    old.refresh_from_db()
    assert old.term == Term(1, TermUnit.MONTH)
    assert new.term == Term(20, TermUnit.WORKING)
    assert list(new.form_fields.values_list("key", flat=True)) == ["subject", "text"]
    petition.refresh_from_db()
    assert petition.current_version == new
    assert AuditEvent.objects.filter(action="catalogue.version_published").exists()


def test_a_published_version_cannot_be_edited(tatev):
    version = service(tatev, "petition").current_version
    version.term_length = 99
    with pytest.raises(ImmutableError):
        version.save()
    document = service(tatev, "construction-permit").current_version.documents.first()
    with pytest.raises(ImmutableError):
        document.delete()


def test_only_the_chief_of_staff_changes_the_catalogue(staff, tatev):
    with pytest.raises(PermissionDenied):
        service_publish_version(by=staff("tatev.operator"), service=service(tatev, "petition"))
    with pytest.raises(PermissionDenied):
        service_withdraw(by=staff("aragatsavan.head"), service=service(tatev, "petition"))


def test_a_bad_version_is_refused_whole(staff, tatev):
    petition = service(tatev, "petition")
    with pytest.raises(ValidationError):
        service_publish_version(
            by=staff("tatev.secretary"),
            service=petition,
            form_fields=[
                {"key": "a", "label_hy": "Ա", "kind": "text"},
                {"key": "a", "label_hy": "Բ", "kind": "text"},
            ],
        )
    petition.refresh_from_db()
    assert petition.versions.count() == 1


def test_adopting_an_unknown_or_duplicate_service_is_refused(staff, tatev):
    with pytest.raises(ValidationError):
        service_adopt(by=None, community=tatev, library_code="no-such-service")
    with pytest.raises(ValidationError):
        service_adopt(by=None, community=tatev, library_code="petition")


def test_withdrawn_services_are_no_longer_offered(staff, tatev):
    service_withdraw(by=staff("tatev.secretary"), service=service(tatev, "trade-permit"))
    assert not services_offered(tatev).filter(code="trade-permit").exists()


class TestFormData:
    def test_good_answers_are_kept_as_plain_values(self, tatev):
        version = service(tatev, "trade-permit").current_version
        data = clean_form_data(
            version,
            tatev,
            {
                "settlement": "tatev.khot",
                "business_name": "Խոտի խանութ",
                "activity": "retail",
                "start_date": "2026-12-01",
            },
        )
        assert data == {
            "settlement": "tatev.khot",
            "business_name": "Խոտի խանութ",
            "activity": "retail",
            "start_date": "2026-12-01",
        }

    def test_each_broken_rule_names_its_field(self, tatev):
        version = service(tatev, "construction-permit").current_version
        with translation.override("en"), pytest.raises(ValidationError) as error:
            clean_form_data(
                version,
                tatev,
                {
                    "settlement": "aragatsavan.arteni",  # another community's village
                    "cadastral_code": "12345",
                    "purpose": "castle",
                    "area": "a lot",
                },
            )
        errors = error.value.message_dict
        assert set(errors) == {"settlement", "cadastral_code", "purpose", "area"}
        assert "09-001-0101-0012" in errors["cadastral_code"][0]

    def test_required_answers_are_required(self, tatev):
        version = service(tatev, "petition").current_version
        with pytest.raises(ValidationError) as error:
            clean_form_data(version, tatev, {"subject": ""})
        assert set(error.value.message_dict) == {"subject", "text"}

    def test_the_services_own_pattern_applies(self, tatev):
        version = service(tatev, "family-composition-certificate").current_version
        with pytest.raises(ValidationError) as error:
            clean_form_data(version, tatev, {"settlement": "tatev.khot", "members": "150"})
        assert "members" in error.value.message_dict
        assert (
            clean_form_data(version, tatev, {"settlement": "tatev.khot", "members": "4"})["members"]
            == "4"
        )

    def test_unasked_information_is_refused(self, tatev):
        version = service(tatev, "petition").current_version
        with pytest.raises(ValidationError) as error:
            clean_form_data(version, tatev, {"subject": "Ջուր", "text": "…", "extra": "x"})
        assert "extra" in error.value.message_dict


def test_missing_mandatory_documents_are_listed(tatev):
    version = service(tatev, "social-assistance").current_version
    documents = list(version.documents.all())
    mandatory = [d for d in documents if d.mandatory]
    optional = [d for d in documents if not d.mandatory]
    assert missing_documents(version, {d.pk for d in mandatory}) == []
    assert missing_documents(version, {optional[0].pk}) == mandatory
