import pytest
from django.test import Client, override_settings
from django.urls import path

from hamaynk.urls import urlpatterns as real_patterns

pytestmark = pytest.mark.django_db


def test_healthz_checks_the_database(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_reports_a_database_failure(client, monkeypatch):
    from django.db import connection

    def broken_cursor(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(connection, "cursor", broken_cursor)
    response = client.get("/healthz")
    assert response.status_code == 503


@pytest.mark.parametrize(
    ("language", "text"),
    [("hy", 'lang="hy"'), ("en", "Page not found"), ("ru", 'lang="ru"')],
)
def test_404_page_is_in_the_users_language(client, language, text):
    client.cookies["hamaynk_language"] = language
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert text in response.content.decode()


def test_403_page(login):
    client = login("tatev.council")
    client.cookies["hamaynk_language"] = "en"
    response = client.get("/staff/people/")
    assert response.status_code == 403
    assert "You cannot open this page" in response.content.decode()


def _boom(request):
    raise RuntimeError("boom")


urlpatterns = [path("boom/", _boom), *real_patterns]
handler500 = "hamaynk.core.views.server_error"


@override_settings(ROOT_URLCONF=__name__)
def test_500_page_is_plain_and_translated():
    client = Client(raise_request_exception=False)
    client.cookies["hamaynk_language"] = "en"
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_language_switcher_sets_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    assert 'lang="ru"' in client.get("/").content.decode()


def test_armenian_unless_the_person_chose_otherwise(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert 'lang="hy"' in response.content.decode()
    assert response["Content-Language"] == "hy"
    client.cookies["hamaynk_language"] = "ru"
    assert 'lang="ru"' in client.get("/").content.decode()
    client.cookies["hamaynk_language"] = "xx"
    assert 'lang="hy"' in client.get("/").content.decode()


def test_pages_carry_a_strict_content_security_policy(client):
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"
