"""The community page: where to go, how to reach the office, and what else residents can do."""

from __future__ import annotations

import pytest

from hamaynk.tenancy.models import ServicePoint

from .test_services import urlconf

pytestmark = pytest.mark.django_db


@pytest.fixture
def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def test_the_community_page_links_to_everything_a_resident_can_do(english, settings):
    settings.ROOT_URLCONF = urlconf(with_pages=("ask", "faq"))
    body = english.get("/c/tatev/").content.decode()
    start = body.index('aria-labelledby="community-links"')
    links = body[start : body.index("</nav>", start)]
    assert 'href="/c/tatev/services/">Services and how to apply' in links
    assert 'href="/c/tatev/ask/">Ask a specialist' in links
    assert 'href="/c/tatev/faq/">Questions and answers' in links
    assert 'href="/track/">Follow your application' in links
    assert 'href="/statistics/tatev/">Service statistics' in links


def test_links_to_pages_not_yet_in_the_installation_are_left_out(english, settings):
    settings.ROOT_URLCONF = urlconf(without=("ask", "faq"))
    response = english.get("/c/tatev/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ask a specialist" not in body
    assert "Questions and answers" not in body


def test_contacts_show_the_office_and_the_settlement_points_apart(english, tatev):
    ServicePoint.objects.filter(community=tatev, kind="office").update(email="cso@tatev.example.am")
    body = english.get("/c/tatev/").content.decode()
    contacts = body[
        body.index("<h2>Contacts</h2>") : body.index("<h2>Settlement service points</h2>")
    ]
    assert "Tatev Citizens&#x27; Service Office" in contacts
    assert "Շինուհայր, Կենտրոնական հրապարակ 1 (demo)" in contacts
    assert 'href="tel:+37428430000"' in contacts
    assert 'href="mailto:cso@tatev.example.am"' in contacts
    assert "Khot village service point" not in contacts
    points = body[body.index("<h2>Settlement service points</h2>") :]
    assert "Khot village service point" in points
    assert "Monday–Friday" in points


def test_a_community_without_settlement_points_says_where_to_go(english):
    body = english.get("/c/gladzor/").content.decode()
    assert "This community has no settlement service point: apply at its office." in body


def test_staff_log_in_is_in_the_footer_for_visitors_only(english, login):
    assert 'href="/staff/login/">Staff log-in' in english.get("/").content.decode()
    staff_client = login("tatev.operator")
    assert "Staff log-in" not in staff_client.get("/").content.decode()
