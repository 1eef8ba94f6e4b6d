"""Forms of the resident's account pages. They read input; the residents services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Channel, Language, User
from hamaynk.residents.addresses import normalize_address
from hamaynk.residents.codes import CODE_DIGITS


def _address_input(autocomplete: str) -> forms.TextInput:
    return forms.TextInput(
        attrs={"autocomplete": autocomplete, "autocapitalize": "none", "spellcheck": "false"}
    )


class SignInForm(forms.Form):
    """One field: an e-mail address or a mobile number, normalised."""

    address = forms.CharField(
        label=_("E-mail address or mobile phone number"),
        help_text=_("For example name@example.am or 093 123456. We will send you a code."),
        max_length=254,
        widget=_address_input("username"),
    )
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean_address(self) -> str:
        return normalize_address(self.cleaned_data["address"]).value


class ContactForm(forms.Form):
    address = forms.CharField(
        label=_("New e-mail address or mobile phone number"),
        help_text=_("We will send a code to it, so you can show that it is yours."),
        max_length=254,
        widget=_address_input("off"),
    )

    def clean_address(self) -> str:
        return normalize_address(self.cleaned_data["address"]).value


class CodeForm(forms.Form):
    """The code from the message; the address it went to rides along unseen."""

    address = forms.CharField(max_length=254, widget=forms.HiddenInput)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("Code"),
        help_text=_("The 6 digits in the message we sent."),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "class": "code-input",
            }
        ),
    )

    def clean_address(self) -> str:
        return normalize_address(self.cleaned_data["address"]).value

    def clean_code(self) -> str:
        code = "".join(ch for ch in self.cleaned_data["code"] if not ch.isspace() and ch != "-")
        if not code.isdigit() or len(code) != CODE_DIGITS:
            raise ValidationError(
                _("The code has 6 digits, e.g. 123456. Type only the digits."), code="format"
            )
        return code


class ProfileForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    preferred_language = forms.ChoiceField(
        label=_("Language of messages and pages"), choices=Language.choices
    )
    preferred_channel = forms.ChoiceField(
        label=_("How we tell you about your applications"),
        help_text=_("We write to you when something happens with an application."),
        choices=Channel.choices,
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {
                "first_name": user.first_name,
                "last_name": user.last_name,
                "preferred_language": user.preferred_language,
                "preferred_channel": user.preferred_channel,
            },
        )
        super().__init__(*args, **kwargs)
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = (
                "given-name" if name == "first_name" else "family-name"
            )
        channel = self.fields["preferred_channel"]
        assert isinstance(channel, forms.ChoiceField)
        reachable = {Channel.EMAIL: bool(user.email), Channel.SMS: bool(user.phone)}
        channel.choices = [
            (value, label) for value, label in Channel.choices if reachable[Channel(value)]
        ]


class ClaimForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=24,
        help_text=_("16 letters and digits, printed on your receipt, e.g. 7K3M-9QXT-2B4R-8HDN."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "spellcheck": "false"}),
    )
