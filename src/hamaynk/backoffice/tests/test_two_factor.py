"""Two-step log-in: required for the head, the chief of staff, supervisors and administrators."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamaynk.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.HAMAYNK_TWO_FACTOR_ENABLED = True


def code(device):
    return str(totp(device.bin_key, device.step, device.t0, device.digits)).zfill(6)


def log_in(client, username):
    response = client.post(
        reverse("backoffice:login"), {"username": username, "password": "hamaynk-demo"}
    )
    assert response.status_code == 302
    return client


def test_the_head_must_set_up_an_authenticator_before_any_page(client, staff):
    log_in(client, "tatev.head")
    response = client.get(reverse("backoffice:case_list"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("backoffice:two_factor_setup"))
    page = client.get(response.url)
    assert "<svg" in page.content.decode()
    device = TOTPDevice.objects.get(user=staff("tatev.head"), confirmed=False)
    wrong = client.post(reverse("backoffice:two_factor_setup"), {"code": "000000"})
    assert wrong.status_code == 200
    device.refresh_from_db()
    device.throttle_reset()  # a wrong code makes the next try wait a moment: it has passed
    done = client.post(
        reverse("backoffice:two_factor_setup"),
        {"code": code(device), "next": reverse("backoffice:case_list")},
    )
    assert done.url == reverse("backoffice:case_list")
    assert client.get(reverse("backoffice:case_list")).status_code == 200
    assert AuditEvent.objects.filter(action="accounts.two_factor_enrolled").exists()


def test_the_next_log_in_asks_for_the_code(client, staff):
    head = staff("tatev.head")
    device = TOTPDevice.objects.create(user=head, name="authenticator", confirmed=True)
    log_in(client, "tatev.head")
    response = client.get(reverse("backoffice:home"))
    assert response.url.startswith(reverse("backoffice:two_factor_verify"))
    client.post(reverse("backoffice:two_factor_verify"), {"code": "123456"})
    assert AuditEvent.objects.filter(action="accounts.two_factor_failed").exists()
    assert client.get(reverse("backoffice:home")).status_code == 302
    device.refresh_from_db()
    assert device.throttling_failure_count == 1
    device.throttle_reset()
    client.post(reverse("backoffice:two_factor_verify"), {"code": code(device)})
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_an_operator_works_without_it_unless_they_chose_it(client):
    log_in(client, "tatev.operator")
    assert client.get(reverse("backoffice:home")).status_code == 200


def test_a_system_administrator_needs_it_too(client):
    log_in(client, "admin")
    response = client.get(reverse("backoffice:home"))
    assert response.url.startswith(reverse("backoffice:two_factor_setup"))


def test_a_settlement_administrator_needs_it_too(client):
    log_in(client, "tatev.khot")
    response = client.get(reverse("backoffice:home"))
    assert response.url.startswith(reverse("backoffice:two_factor_setup"))
