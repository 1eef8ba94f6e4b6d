"""Staff pages as each role uses them."""

import pytest
from django.urls import reverse

from hamaynk.accounts.models import Person
from hamaynk.audit.models import AuditEvent
from hamaynk.tenancy.models import Settlement

pytestmark = pytest.mark.django_db


def test_community_home_lists_settlements_and_service_points(login):
    body = login("tatev.operator").get(reverse("backoffice:home")).content.decode()
    for name in ("Շինուհայր", "Խոտ", "Քաշունի", "Տաթևի ՔՍԳ"):
        assert name in body


def test_operator_registers_a_resident_and_opening_the_record_is_logged(login):
    client = login("tatev.operator")
    response = client.post(
        reverse("backoffice:person_create"),
        {
            "settlement": Settlement.objects.get(code="tatev.svarants").pk,
            "last_name": "Նորեկյան",
            "first_name": "Սոնա",
            "public_service_number": "5555555555",
            "phone": "094 555555",
            "preferred_language": "hy",
        },
    )
    assert response.status_code == 302
    person = Person.objects.get(public_service_number="5555555555")
    assert person.phone == "+37494555555"
    client.get(response.url)
    assert AuditEvent.objects.filter(
        action="accounts.person_viewed", object_id=str(person.pk), actor_label="tatev.operator"
    ).exists()


def test_a_bad_form_keeps_the_values_and_links_each_error(login):
    client = login("tatev.operator")
    client.cookies["hamaynk_language"] = "en"
    response = client.post(
        reverse("backoffice:person_create"),
        {
            "last_name": "Կեղծյան",
            "first_name": "",
            "public_service_number": "12ab",
            "phone": "5",
            "preferred_language": "hy",
        },
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'href="#id_first_name"' in body
    assert 'href="#id_public_service_number"' in body
    assert 'href="#id_phone"' in body
    assert "exactly 10 digits" in body
    assert 'value="Կեղծյան"' in body
    assert not Person.objects.filter(last_name="Կեղծյան").exists()


def test_search_finds_by_name_and_number(login):
    client = login("tatev.operator")
    body = client.get(reverse("backoffice:person_list"), {"q": "Պետրոսյան"}).content.decode()
    assert "Պետրոսյան" in body
    assert "Գրիգորյան" not in body
    body = client.get(reverse("backoffice:person_list"), {"q": "1000000002"}).content.decode()
    assert "Գրիգորյան" in body


def test_specialist_reads_residents_but_cannot_register_them(login):
    client = login("tatev.specialist")
    assert client.get(reverse("backoffice:person_list")).status_code == 200
    assert client.get(reverse("backoffice:person_create")).status_code == 403


def test_council_member_sees_no_residents_page(login):
    client = login("tatev.council")
    assert client.get(reverse("backoffice:home")).status_code == 200
    assert client.get(reverse("backoffice:person_list")).status_code == 403


def test_audit_log_page_for_the_head(login):
    client = login("tatev.head")
    response = client.get(reverse("backoffice:audit_log"), {"action": "accounts.person_created"})
    assert response.status_code == 200
    assert "Պետրոսյան" in response.content.decode()


def test_switching_community_changes_what_an_operator_sees(login):
    from hamaynk.tenancy.models import Community

    client = login("both.operator")
    aragatsavan = Community.objects.get(code="aragatsavan")
    tatev = Community.objects.get(code="tatev")
    client.post(reverse("backoffice:community_switch"), {"community": tatev.pk})
    assert "Պետրոսյան" in client.get(reverse("backoffice:person_list")).content.decode()
    response = client.post(
        reverse("backoffice:community_switch"),
        {"community": aragatsavan.pk, "next": reverse("backoffice:person_list")},
    )
    assert response.url == reverse("backoffice:person_list")
    body = client.get(reverse("backoffice:person_list")).content.decode()
    assert "Մկրտչյան" in body
    assert "Պետրոսյան" not in body


def test_switching_to_a_community_without_a_role_is_refused(login):
    from hamaynk.tenancy.models import Community

    client = login("tatev.operator")
    gladzor = Community.objects.get(code="gladzor")
    client.post(reverse("backoffice:community_switch"), {"community": gladzor.pk})
    assert "Պետրոսյան" in client.get(reverse("backoffice:person_list")).content.decode()


def test_switch_ignores_an_offsite_next(login):
    from hamaynk.tenancy.models import Community

    client = login("both.operator")
    response = client.post(
        reverse("backoffice:community_switch"),
        {"community": Community.objects.get(code="tatev").pk, "next": "https://evil.example/"},
    )
    assert response.url == reverse("backoffice:home")


def test_hints_and_errors_are_tied_to_their_field(login):
    client = login("tatev.operator")
    response = client.post(
        reverse("backoffice:person_create"),
        {
            "last_name": "Ա",
            "first_name": "Բ",
            "public_service_number": "12",
            "preferred_language": "hy",
        },
    )
    body = response.content.decode()
    assert 'id="id_public_service_number_helptext"' in body
    assert 'id="id_public_service_number_error"' in body
    assert (
        'aria-describedby="id_public_service_number_helptext id_public_service_number_error"'
        in body
    )
    assert 'aria-invalid="true"' in body


def test_a_supervisors_home_is_the_comparison_of_their_communities(login):
    response = login("syunik.supervisor").get(reverse("backoffice:home"))
    assert response.url == reverse("portal:statistics_region", args=["AM-SU"])
    response = login("national.auditor").get(reverse("backoffice:home"))
    assert response.url == reverse("portal:statistics")
    assert login("tatev.head").get(reverse("backoffice:home")).status_code == 200
