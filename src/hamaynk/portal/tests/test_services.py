"""A community's services as a resident reads them: the list by department, one service in
full, and only what the community offers."""

from __future__ import annotations

from types import ModuleType

import pytest
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path

from hamaynk.catalogue.models import Service
from hamaynk.catalogue.services import service_publish_version, service_withdraw
from hamaynk.tenancy.models import Community

pytestmark = pytest.mark.django_db


def _stub(request: HttpRequest, **kwargs: str) -> HttpResponse:
    return HttpResponse("stub")


STUB_PATHS = {
    "apply": "c/<str:code>/services/<str:service>/apply/",
    "ask": "c/<str:code>/ask/",
    "faq": "c/<str:code>/faq/",
}


def urlconf(*, with_pages: tuple[str, ...] = (), without: tuple[str, ...] = ()) -> ModuleType:
    """The project's URL map with some portal pages added (as stubs) or taken away, so a
    test does not depend on which of them exist in the tree yet."""
    from hamaynk.portal import urls as portal_urls

    names = set(with_pages) | set(without)
    portal: list[URLPattern | URLResolver] = [
        p for p in portal_urls.urlpatterns if getattr(p, "name", None) not in names
    ]
    portal += [path(STUB_PATHS[name], _stub, name=name) for name in with_pages]
    module = ModuleType(f"urls_{'_'.join(with_pages)}_without_{'_'.join(without)}")
    module.urlpatterns = [  # type: ignore[attr-defined]
        path("i18n/", include("django.conf.urls.i18n")),
        path("staff/", include("hamaynk.backoffice.urls")),
        path("", include((portal, "portal"))),
    ]
    return module


@pytest.fixture
def english(client):
    client.cookies["hamaynk_language"] = "en"
    return client


def test_the_list_groups_services_by_department_with_terms_in_plain_words(english):
    body = english.get("/c/tatev/services/").content.decode()
    assert '<h2 id="department-registry">Registry</h2>' in body
    assert '<h2 id="department-construction">Urban development</h2>' in body
    start = body.index('id="department-registry"')
    registry = body[start : body.index("</section>", start)]
    assert "Petition (free form)" in registry
    assert "Answer within 1 month" in registry
    assert "Answer within 3 working days" in registry
    assert "Construction permit" not in registry
    assert "Answer within 30 days" in body
    assert 'href="/c/tatev/services/residence-certificate/"' in body


def test_names_follow_the_language(client):
    assert "Տեղեկանք բնակության վայրի մասին" in client.get("/c/tatev/services/").content.decode()
    client.cookies["hamaynk_language"] = "ru"
    body = client.get("/c/tatev/services/residence-certificate/").content.decode()
    assert "Справка о месте жительства" in body
    assert "Канцелярия" in body  # the department that answers


def test_a_withdrawn_service_is_neither_listed_nor_shown(english, tatev, staff):
    service = Service.objects.get(community=tatev, code="trade-permit")
    service_withdraw(by=staff("tatev.secretary"), service=service)
    assert "trade-permit" not in english.get("/c/tatev/services/").content.decode()
    assert english.get("/c/tatev/services/trade-permit/").status_code == 404
    assert english.get("/c/tatev/services/petition/").status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/c/nowhere/services/", "/c/nowhere/services/petition/", "/c/tatev/services/no-such-service/"],
)
def test_unknown_communities_and_services_are_not_found(client, url):
    assert client.get(url).status_code == 404


def test_an_inactive_community_shows_nothing(client, tatev):
    Community.objects.filter(pk=tatev.pk).update(is_active=False)
    for url in ("/c/tatev/", "/c/tatev/services/", "/c/tatev/services/petition/"):
        assert client.get(url).status_code == 404, url


def test_a_service_page_says_what_who_how_long_how_much_and_where(english):
    body = english.get("/c/tatev/services/construction-permit/").content.decode()
    assert '<h1><span class="caption">Tatev</span>Construction permit</h1>' in body
    assert "A permit to build a building or structure in the community." in body
    assert "30 days from registration" in body
    assert "None: the term cannot be extended." in body
    assert "Urban development" in body
    assert "10\u202f000\u00a0AMD" in body
    assert "example amount, not yet set by the council" in body
    assert "Design documents (original)" in body
    assert "Law on Urban Development" in body
    # Not taken at settlement points: only the office is offered, and the page says so.
    assert "Settlement service points do not take this application." in body
    assert "Tatev Citizens&#x27; Service Office" in body
    assert "Khot village service point" not in body
    assert "Monday–Friday" in body
    assert "09:00–18:00" in body


def test_extensions_optional_documents_and_free_services(english):
    body = english.get("/c/tatev/services/council-decision-copy/").content.decode()
    assert "5 days from registration" in body
    assert "Up to 25 days more" in body
    assert "Free of charge." in body
    body = english.get("/c/tatev/services/family-composition-certificate/").content.decode()
    birth = body.index("Birth certificates of family members")
    assert '<span class="tag">optional</span>' in body[birth : birth + 120]
    identity = body.index("Identity document")
    assert '<span class="tag">mandatory</span>' in body[identity : identity + 120]
    assert "Khot village service point" in body  # settlement points take it
    assert "At a settlement service point" in body
    body = english.get("/c/tatev/services/petition/").content.decode()
    assert "1 month from registration" in body
    assert "Up to 1 month more" in body


def test_apply_online_only_when_the_version_allows_it(english, settings, tatev, staff):
    settings.ROOT_URLCONF = urlconf(with_pages=("apply",))
    body = english.get("/c/tatev/services/residence-certificate/").content.decode()
    assert 'href="/c/tatev/services/residence-certificate/apply/">Apply online</a>' in body
    service = Service.objects.get(community=tatev, code="residence-certificate")
    service_publish_version(by=staff("tatev.secretary"), service=service, online=False)
    body = english.get("/c/tatev/services/residence-certificate/").content.decode()
    assert "Apply online" not in body
    assert "This service cannot be applied for online." in body


def test_no_apply_link_while_the_online_application_does_not_exist(english, settings):
    settings.ROOT_URLCONF = urlconf(without=("apply",))
    body = english.get("/c/tatev/services/residence-certificate/").content.decode()
    assert "Apply online" not in body
    assert "<li>Online</li>" in body  # the channel is still named


def test_the_header_menu_leads_to_this_communitys_services_and_to_tracking(english):
    body = english.get("/c/tatev/services/petition/").content.decode()
    nav = body[body.index('<nav class="portal-nav"') : body.index("</nav>")]
    assert '<a href="/c/tatev/services/" aria-current="page">' in nav
    assert 'href="/track/"' in nav
    landing_nav = english.get("/").content.decode()
    assert '<nav class="portal-nav"' in landing_nav
