"""``/verify/<code>/``: anyone checks that a document was really issued, and what it says."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from hamaynk.audit.middleware import client_ip
from hamaynk.core.throttle import Throttle
from hamaynk.documents.selectors import verify as verify_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=20,
        help_text=_("12 letters and digits, printed at the bottom of the document."),
    )


LOOKUPS = Throttle("verification")


def verify(request: HttpRequest, code: str = "") -> HttpResponse:
    if not code and "code" in request.GET:
        form = VerifyForm(request.GET)
        if form.is_valid():
            return redirect("portal:verify_code", code=form.cleaned_data["code"].strip())
    else:
        form = VerifyForm(initial={"code": code})
    result = None
    status = 200
    if code:
        client = client_ip(request) or "unknown"
        wait = LOOKUPS.wait(client)
        if not wait:
            result = verify_code(code)
        if result is None:
            form = VerifyForm({"code": code})
            form.is_valid()
            if wait:
                status = 429
                form.add_error(
                    "code",
                    _(
                        "Too many wrong codes from this device. Please wait "
                        "%(seconds)d seconds and try again."
                    )
                    % {"seconds": wait},
                )
            else:
                LOOKUPS.fail(client)
                form.add_error("code", _("No document with this code was issued. Check the code."))
    return render(request, "portal/verify.html", {"form": form, "result": result}, status=status)
