import pytest
from django.urls import reverse

from hamaynk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_staff_log_in_and_out(client):
    response = client.post(
        reverse("backoffice:login"),
        {"username": "tatev.operator", "password": "hamaynk-demo"},
    )
    assert response.status_code == 302
    assert response.url == reverse("backoffice:home")
    assert AuditEvent.objects.filter(
        action="accounts.logged_in", actor_label="tatev.operator"
    ).exists()
    home = client.get(reverse("backoffice:home"))
    assert "Տաթև" in home.content.decode()
    response = client.post(reverse("backoffice:logout"))
    assert response.status_code == 302
    assert client.get(reverse("backoffice:home")).status_code == 302


def test_a_wrong_password_says_so_in_the_users_language(client):
    client.cookies["hamaynk_language"] = "en"
    response = client.post(
        reverse("backoffice:login"), {"username": "tatev.operator", "password": "wrong"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The user name or the password is wrong" in body
    assert 'class="error-summary"' in body


def test_logout_needs_post(login):
    client = login("tatev.operator")
    assert client.get(reverse("backoffice:logout")).status_code == 405


def test_staff_pages_send_anonymous_users_to_the_log_in(client):
    response = client.get(reverse("backoffice:person_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:login"))


def test_a_user_without_a_role_is_told_so(client, django_user_model):
    user = django_user_model.objects.create_user("norole", password="x-long-password-1")
    client.force_login(user)
    response = client.get(reverse("backoffice:home"))
    assert response.status_code == 403
    assert "no role" in response.content.decode() or response.status_code == 403


def test_log_in_starts_in_the_users_language_unless_one_was_chosen(client, staff):
    user = staff("tatev.operator")
    user.preferred_language = "ru"
    user.save()
    response = client.post(
        reverse("backoffice:login"), {"username": "tatev.operator", "password": "hamaynk-demo"}
    )
    assert response.cookies["hamaynk_language"].value == "ru"
    client.post(reverse("backoffice:logout"))
    client.cookies["hamaynk_language"] = "en"
    response = client.post(
        reverse("backoffice:login"), {"username": "tatev.operator", "password": "hamaynk-demo"}
    )
    assert "hamaynk_language" not in response.cookies


def test_repeated_failures_lock_the_account_out_from_that_address(client, settings):
    from django.test import Client

    url = reverse("backoffice:login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": "tatev.head", "password": "wrong"})
    client.cookies["hamaynk_language"] = "en"
    response = client.post(url, {"username": "tatev.head", "password": "hamaynk-demo"})
    assert response.status_code == 429
    assert "Too many failed log-ins" in response.content.decode()
    # Another address, or another account, is not locked.
    other = Client(REMOTE_ADDR="192.0.2.99")
    assert (
        other.post(url, {"username": "tatev.head", "password": "hamaynk-demo"}).status_code == 302
    )
    assert (
        client.post(url, {"username": "tatev.operator", "password": "hamaynk-demo"}).status_code
        == 302
    )


def test_log_out_everywhere_ends_the_sessions_on_other_devices(client, staff):
    from django.test import Client

    phone, desk = Client(), Client()
    for device in (phone, desk):
        device.post(
            reverse("backoffice:login"), {"username": "tatev.operator", "password": "hamaynk-demo"}
        )
        assert device.get(reverse("backoffice:home")).status_code == 200
    response = desk.post(reverse("backoffice:logout_everywhere"))
    assert response.status_code == 302
    assert phone.get(reverse("backoffice:home")).status_code == 302  # back to the log-in
    assert desk.get(reverse("backoffice:home")).status_code == 302
    assert AuditEvent.objects.filter(action="accounts.logged_out_everywhere").exists()
