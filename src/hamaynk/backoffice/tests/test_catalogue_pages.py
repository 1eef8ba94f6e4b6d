"""The chief of staff adapts the catalogue; every change is a new version."""

import pytest
from django.urls import reverse

from hamaynk.catalogue.models import Service

pytestmark = pytest.mark.django_db


def petition():
    return Service.objects.select_related("current_version").get(
        community__code="tatev", code="petition"
    )


def management_data(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def edit_payload(**overrides):
    version = petition().current_version
    data = {
        "name_hy": version.name_hy,
        "name_en": version.name_en,
        "name_ru": version.name_ru,
        "legal_basis_hy": version.legal_basis_hy,
        "term_length": "20",
        "term_unit": "working",
        "max_extension": "10",
        "pausable": "",
        "online": "on",
        "at_settlement_points": "on",
        "department": version.department_id,
        "outcome_template": version.outcome_template,
        **management_data(
            "documents", [{"name_hy": "Անձնագիր", "mandatory": "on", "form": "copy"}]
        ),
        **management_data("fees", []),
        **management_data(
            "fields",
            [
                {"key": "subject", "label_hy": "Թեմա", "kind": "text", "required": "on"},
                {
                    "key": "topic",
                    "label_hy": "Ոլորտ",
                    "kind": "choice",
                    "required": "on",
                    "choices": '[{"value": "roads", "hy": "Ճանապարհներ"}]',
                },
            ],
        ),
    }
    data.update(overrides)
    return data


def test_the_chief_of_staff_publishes_a_new_version(login):
    client = login("tatev.secretary")
    old = petition().current_version
    response = client.post(
        reverse("backoffice:catalogue_edit", args=[petition().pk]), edit_payload()
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    new = petition().current_version
    assert new.number == old.number + 1
    assert (new.term_length, new.term_unit, new.max_extension) == (20, "working", 10)
    assert list(new.documents.values_list("name_hy", flat=True)) == ["Անձնագիր"]
    assert new.form_fields.get(key="topic").choices[0]["value"] == "roads"
    old.refresh_from_db()
    assert old.term_unit == "month"


def test_a_bad_pattern_or_choice_list_is_shown_on_its_field(login):
    client = login("tatev.secretary")
    client.cookies["hamaynk_language"] = "en"
    payload = edit_payload(**{"fields-0-pattern": "([a-z", "fields-1-choices": "not json"})
    response = client.post(reverse("backoffice:catalogue_edit", args=[petition().pk]), payload)
    body = response.content.decode()
    assert response.status_code == 200
    assert "not a valid regular expression" in body
    assert "Write the choices as JSON" in body
    assert petition().versions.count() == 1


def test_only_the_chief_of_staff_adapts_services(login):
    assert (
        login("tatev.operator")
        .get(reverse("backoffice:catalogue_edit", args=[petition().pk]))
        .status_code
        == 403
    )
    assert login("tatev.operator").get(reverse("backoffice:catalogue_list")).status_code == 200


def test_withdraw_and_offer_again(login):
    client = login("tatev.secretary")
    url = reverse("backoffice:catalogue_toggle", args=[petition().pk])
    client.post(url)
    assert not petition().is_active
    client.post(url)
    assert petition().is_active


def test_adopting_a_service_twice_is_a_message_not_an_error(login):
    client = login("tatev.secretary")
    response = client.post(reverse("backoffice:catalogue_adopt"), {"library_code": "petition"})
    assert response.status_code == 302  # already adopted: a clear message, no error page
    assert Service.objects.filter(community__code="tatev", code="petition").count() == 1
