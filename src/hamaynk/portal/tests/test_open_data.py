"""Open data: every field of every file, and not one piece of personal data in them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from hamaynk.accounts.models import Organisation, Person
from hamaynk.cases.models import Case
from hamaynk.reporting.models import DailyServiceStats, DecisionFact
from hamaynk.reporting.tests.helpers import generate

pytestmark = pytest.mark.django_db
FILES = ["daily.csv", "daily.json", "decisions.csv", "decisions.json"]


def secrets() -> set[str]:
    """What identifies a person or an application: names, numbers, phones, codes."""
    found: set[str] = set()
    for person in Person.objects.all():
        found |= {
            person.first_name,
            person.last_name,
            person.patronymic,
            person.full_name,
            person.public_service_number,
            person.id_document_number,
            getattr(person, "phone", ""),
            getattr(person, "email", ""),
        }
    for organisation in Organisation.objects.all():
        found |= {organisation.name, organisation.tax_number}
    for number, code in Case.objects.values_list("number", "tracking_code"):
        found |= {number, code}
    return {value.strip() for value in found if value and len(value.strip()) >= 4}


def cells(name: str, body: bytes) -> list[str]:
    if name.endswith(".csv"):
        rows = list(csv.reader(io.StringIO(body.decode())))
        return [cell for row in rows for cell in row]
    data = json.loads(body)
    values = [str(v) for v in data if not isinstance(v, list | dict)]
    values += [str(data[k]) for k in data if k != "records"]
    return values + [str(v) for record in data["records"] for v in record.values()]


def download(client, name: str, query: str = "") -> bytes:
    response = client.get(f"/open-data/{name}{query}")
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("name", FILES)
def test_no_personal_data_in_any_field(client, file_case, name):
    generate(file_case)
    values = cells(name, download(client, name))
    assert len(values) > 20
    forbidden = secrets()
    assert len(forbidden) > 20
    leaks = [(v, s) for v in values for s in forbidden if s in v]
    assert leaks == []


def test_the_files_hold_every_row_with_the_documented_fields(client, file_case, tatev):
    generate(file_case)
    daily = list(csv.DictReader(io.StringIO(download(client, "daily.csv").decode())))
    assert len(daily) == DailyServiceStats.objects.count()
    decisions = json.loads(download(client, "decisions.json", "?community=tatev"))
    assert decisions["licence"] == "CC BY 4.0"
    assert len(decisions["records"]) == DecisionFact.objects.filter(community=tatev).count()
    assert set(decisions["records"][0]) == set(decisions["fields"])
    schema = client.get("/open-data/").content.decode()
    for field in decisions["fields"] + list(daily[0]):
        assert f"<code>{field}</code>" in schema
    assert "creativecommons.org/licenses/by/4.0" in schema


def test_unknown_files_are_not_found(client):
    assert client.get("/open-data/people.csv").status_code == 404
    assert client.get("/open-data/daily.xml").status_code == 404
    assert client.get("/open-data/daily.csv?community=nowhere").status_code == 404
