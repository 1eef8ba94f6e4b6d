"""Setting up an authenticator app and entering its code after the password."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hamaynk.accounts.models import User
from hamaynk.accounts.two_factor import (
    authenticator_confirm,
    authenticator_start,
    second_factor_missing,
    second_factor_verify,
)
from hamaynk.documents.pdf import qr_svg


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Code from the app"),
        max_length=8,
        help_text=gettext_lazy("6 digits; a new code appears every 30 seconds."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return "/staff/"


@login_required
def setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    device = authenticator_start(user=user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if authenticator_confirm(request=request, user=user, token=form.cleaned_data["code"]):
            messages.success(request, _("The authenticator app is set up."))
            return redirect(_next(request))
        form.add_error(
            "code",
            _("This code is not right. Check the time on the phone and try the newest code."),
        )
    secret = device.config_url.split("secret=")[1].split("&")[0]
    return render(
        request,
        "backoffice/two_factor_setup.html",
        {"form": form, "qr": qr_svg(device.config_url), "secret": secret, "next": _next(request)},
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if second_factor_missing(request) != "verify":
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor_verify(request=request, user=user, token=form.cleaned_data["code"]):
            return redirect(_next(request))
        form.add_error("code", _("This code is not right. Try the newest code in the app."))
    return render(
        request, "backoffice/two_factor_verify.html", {"form": form, "next": _next(request)}
    )
