import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from hamaynk.residents.backends import ResidentCodeBackend, sign_in_error
from hamaynk.residents.services import resident_request_code

from .helpers import IP, last_mailed_code, make_resident

pytestmark = pytest.mark.django_db

ADDRESS = "gor@example.am"


def a_request():
    return RequestFactory().post("/account/sign-in/code/", REMOTE_ADDR=IP)


def test_authenticate_signs_a_resident_in_with_the_code():
    resident_request_code(ADDRESS, "en", IP)
    user = authenticate(a_request(), username=ADDRESS, code=last_mailed_code(ADDRESS))
    assert user is not None
    assert user.is_resident


def test_a_wrong_code_leaves_its_reason_on_the_request():
    resident_request_code(ADDRESS, "en", IP)
    code = last_mailed_code(ADDRESS)
    request = a_request()
    assert (
        authenticate(request, username=ADDRESS, code=str((int(code) + 1) % 10**6).zfill(6)) is None
    )
    error = sign_in_error(request)
    assert error is not None
    assert error.code == "wrong"


def test_the_password_backend_never_lets_a_resident_in(staff):
    resident = make_resident(ADDRESS)
    resident.set_password("a-long-password-1")  # even if someone gave it one
    resident.save()
    request = a_request()
    assert authenticate(request, username=resident.username, password="a-long-password-1") is None
    operator = authenticate(request, username="tatev.operator", password="hamaynk-demo")
    assert operator == staff("tatev.operator")


def test_the_code_backend_restores_only_resident_sessions(staff):
    backend = ResidentCodeBackend()
    resident = make_resident(ADDRESS)
    assert backend.get_user(resident.pk) == resident
    assert backend.get_user(staff("tatev.operator").pk) is None
    # A password never reaches the code backend.
    assert backend.authenticate(a_request(), username="tatev.operator") is None
