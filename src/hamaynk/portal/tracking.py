"""Following an application without an account: its number and tracking code."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from hamaynk.audit.middleware import client_ip
from hamaynk.cases.tracking import public_case
from hamaynk.core.throttle import Throttle


class TrackingForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=24,
        help_text=_("16 letters and digits, printed on your receipt, e.g. 7K3M-9QXT-2B4R-8HDN."),
    )


LOOKUPS = Throttle("tracking")


def track(request: HttpRequest) -> HttpResponse:
    form = TrackingForm(request.GET or None)
    view = None
    status = 200
    if form.is_bound and form.is_valid():
        client = client_ip(request) or "unknown"
        wait = LOOKUPS.wait(client)
        if wait:
            status = 429
            form.add_error(
                "code",
                _(
                    "Too many wrong codes from this device. Please wait %(seconds)d seconds "
                    "and try again."
                )
                % {"seconds": wait},
            )
        else:
            view = public_case(form.cleaned_data["code"])
            if view is None:
                LOOKUPS.fail(client)
                form.add_error(
                    "code",
                    _("No application has this tracking code. Check it against your receipt."),
                )
    return render(request, "portal/track.html", {"form": form, "case": view}, status=status)
