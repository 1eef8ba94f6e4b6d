"""A resident's account: sign-in with a one-time code, their page, profile and contacts,
their applications and letters, and adding one with its tracking code."""

from __future__ import annotations

from urllib.parse import urlencode

from axes.utils import reset as axes_reset  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamaynk.accounts.models import User
from hamaynk.accounts.services import user_log_out_everywhere, user_record_logout
from hamaynk.audit.middleware import client_ip
from hamaynk.cases.models import Case
from hamaynk.residents.backends import sign_in_error
from hamaynk.residents.claims import resident_claim
from hamaynk.residents.selectors import (
    data_access_log,
    resident_applications,
    resident_counts,
    resident_letter,
    resident_letters,
)
from hamaynk.residents.services import (
    resident_addresses,
    resident_contact_confirm,
    resident_contact_request,
    resident_request_code,
    resident_update_profile,
)

from .access import resident_page
from .account_forms import ClaimForm, CodeForm, ContactForm, ProfileForm, SignInForm

BACKEND = "hamaynk.residents.backends.ResidentCodeBackend"
SIGN_IN_KEY = "resident_sign_in"  # {"address": ..., "next": ...} between the two sign-in pages
CONTACT_KEY = "resident_contact"  # the address a contact code was sent to


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _resident(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _set_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=settings.LANGUAGE_COOKIE_SECURE,
    )


def _status(error: ValidationError) -> int:
    return 429 if getattr(error, "code", None) == "throttled" else 200


def _add_errors(form: Form, error: ValidationError, field: str | None) -> None:
    """A service's error onto the form: a dict by field, otherwise onto ``field``."""
    if hasattr(error, "error_dict"):
        form.add_error(None, error)
    else:
        form.add_error(field, error)


def sign_in(request: HttpRequest) -> HttpResponse:
    """Step one: the e-mail address or phone number the code goes to."""
    user = request.user
    if request.method != "POST" and getattr(user, "is_resident", False):
        return redirect(_safe_next(request, request.GET.get("next")) or "portal:account")
    form = SignInForm(request.POST or None, initial={"next": request.GET.get("next", "")})
    status = 200
    if form.is_bound and form.is_valid():
        address = form.cleaned_data["address"]
        try:
            resident_request_code(address, translation.get_language(), client_ip(request))
        except ValidationError as error:
            status = _status(error)
            form.add_error("address", error)
        else:
            request.session[SIGN_IN_KEY] = {
                "address": address,
                "next": _safe_next(request, form.cleaned_data["next"]),
            }
            return redirect("portal:sign_in_code")
    return render(request, "portal/account/sign_in.html", {"form": form}, status=status)


def sign_in_code(request: HttpRequest) -> HttpResponse:
    """Step two: the code from the message. A new account then gives its name."""
    if request.method == "POST":
        form = CodeForm(request.POST)
    else:
        pending = request.session.get(SIGN_IN_KEY) or {}
        if not pending.get("address"):
            return redirect("portal:sign_in")
        form = CodeForm(initial=pending)
    if form.is_bound and form.is_valid():
        address = form.cleaned_data["address"]
        user = authenticate(request, username=address, code=form.cleaned_data["code"])
        if isinstance(user, User):
            return _signed_in(request, user, address, form.cleaned_data["next"])
        form.add_error(
            "code", sign_in_error(request) or _("The code did not work. Ask for a new code.")
        )
    elif form.is_bound and "address" in form.errors:
        messages.error(request, _("Please start again: type your e-mail address or phone number."))
        return redirect("portal:sign_in")
    address = form["address"].value() or ""
    context = {
        "form": form,
        "address": address,
        "by_email": "@" in address,
        "minutes": settings.HAMAYNK_RESIDENT_CODE_MINUTES,
    }
    return render(request, "portal/account/sign_in_code.html", context)


def _signed_in(request: HttpRequest, user: User, address: str, target: str) -> HttpResponse:
    login(request, user, backend=BACKEND)
    axes_reset(ip=client_ip(request), username=address)
    request.session.pop(SIGN_IN_KEY, None)
    target = _safe_next(request, target)
    if not (user.first_name and user.last_name):
        query = {"welcome": "1", **({"next": target} if target else {})}
        url = f"{reverse('portal:profile')}?{urlencode(query)}"
    else:
        url = target or reverse("portal:account")
        messages.success(request, _("You are signed in."))
    response = redirect(url)
    _set_language(response, user.preferred_language)
    return response


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    user = request.user
    if isinstance(user, User) and user.is_resident:
        user_record_logout(user=user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("portal:landing")


@require_POST
@resident_page
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    user_log_out_everywhere(user=_resident(request))
    logout(request)
    messages.info(request, _("You have signed out on every device."))
    return redirect("portal:landing")


@resident_page
def account(request: HttpRequest) -> HttpResponse:
    applications, letters = resident_counts(_resident(request))
    return render(
        request,
        "portal/account/home.html",
        {"applications_count": applications, "letters_count": letters},
    )


@resident_page
def profile(request: HttpRequest) -> HttpResponse:
    user = _resident(request)
    welcome = request.GET.get("welcome") == "1"
    target = _safe_next(request, request.GET.get("next"))
    form = ProfileForm(request.POST or None, user=user)
    if form.is_bound and form.is_valid():
        try:
            user = resident_update_profile(user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error, None)
        else:
            messages.success(request, _("Your details are saved."))
            fallback = reverse("portal:account") if welcome else reverse("portal:profile")
            response = redirect(target or fallback)
            _set_language(response, user.preferred_language)
            return response
    context = {"form": form, "welcome": welcome, "addresses": resident_addresses(user)}
    return render(request, "portal/account/profile.html", context)


@resident_page
def contact(request: HttpRequest) -> HttpResponse:
    """Add a second contact (or change one): a code goes to the new address first."""
    user = _resident(request)
    form = ContactForm(request.POST or None)
    status = 200
    if form.is_bound and form.is_valid():
        address = form.cleaned_data["address"]
        try:
            resident_contact_request(user, address, client_ip(request))
        except ValidationError as error:
            status = _status(error)
            form.add_error("address", error)
        else:
            request.session[CONTACT_KEY] = address
            return redirect("portal:profile_contact_confirm")
    return render(request, "portal/account/contact.html", {"form": form}, status=status)


_CODE_ERRORS = {"wrong", "expired", "used", "too_many", "no_code"}


@resident_page
def contact_confirm(request: HttpRequest) -> HttpResponse:
    user = _resident(request)
    if request.method == "POST":
        form = CodeForm(request.POST)
    else:
        address = request.session.get(CONTACT_KEY)
        if not address:
            return redirect("portal:profile_contact")
        form = CodeForm(initial={"address": address})
    if form.is_bound and form.is_valid():
        try:
            updated = resident_contact_confirm(
                user, form.cleaned_data["address"], form.cleaned_data["code"]
            )
        except ValidationError as error:
            form.add_error("code" if error.code in _CODE_ERRORS else None, error)
        else:
            request.session.pop(CONTACT_KEY, None)
            added = form.cleaned_data["address"]
            if added == updated.email:
                messages.success(request, _("Your e-mail address is confirmed and saved."))
            else:
                messages.success(request, _("Your phone number is confirmed and saved."))
            return redirect("portal:profile")
    elif form.is_bound and "address" in form.errors:
        return redirect("portal:profile_contact")
    context = {"form": form, "address": form["address"].value()}
    return render(request, "portal/account/contact_confirm.html", context)


@resident_page
def my_applications(request: HttpRequest) -> HttpResponse:
    rows = resident_applications(_resident(request))
    return render(request, "portal/account/applications.html", {"applications": rows})


@resident_page
def my_letters(request: HttpRequest) -> HttpResponse:
    letters = resident_letters(_resident(request))
    return render(request, "portal/account/letters.html", {"letters": letters})


@resident_page
def my_letter(request: HttpRequest, pk: int) -> HttpResponse:
    letter = resident_letter(_resident(request), pk)
    if letter is None:
        raise Http404
    return render(request, "portal/account/letter.html", {"letter": letter})


@resident_page
def data_access(request: HttpRequest) -> HttpResponse:
    """Who in the municipality opened the resident's data, and when."""
    log = data_access_log(_resident(request))
    return render(request, "portal/account/data_access.html", {"log": log})


@resident_page
def claim(request: HttpRequest) -> HttpResponse:
    """Add an application or a letter to the account with its tracking code."""
    form = ClaimForm(request.POST or None)
    status = 200
    if form.is_bound and form.is_valid():
        try:
            found = resident_claim(
                _resident(request), form.cleaned_data["code"], client_ip(request)
            )
        except ValidationError as error:
            status = _status(error)
            form.add_error("code", error)
        else:
            if isinstance(found, Case):
                messages.success(
                    request,
                    _("Application %(number)s is now on your page.") % {"number": found.number}
                    if found.number
                    else _("The application is now on your page."),
                )
                return redirect("portal:my_applications")
            messages.success(
                request, _("Letter %(number)s is now on your page.") % {"number": found.number}
            )
            return redirect("portal:my_letter", pk=found.pk)
    return render(request, "portal/account/claim.html", {"form": form}, status=status)
