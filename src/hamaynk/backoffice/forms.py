"""Staff forms. They validate input; the service functions do the writing."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from hamaynk.accounts.models import Organisation, Person
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import (
    instances_user_has_permission_for,
    settlement_ids_limited_to,
)
from hamaynk.accounts.services import ORGANISATION_FIELDS, PERSON_FIELDS
from hamaynk.tenancy.models import Settlement


class StaffAuthenticationForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The user name or the password is wrong. Check them and try again "
            "(the password is case-sensitive)."
        ),
        "inactive": _("This account is switched off. Ask your system administrator."),
    }


class _ResidentForm(forms.ModelForm):
    """Limits the settlement choice to those the user may work in."""

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        community = self.instance.community
        settlement = self.fields["settlement"]
        assert isinstance(settlement, forms.ModelChoiceField)
        settlement.queryset = instances_user_has_permission_for(
            user, Perm.VIEW_COMMUNITY, Settlement.objects.filter(community=community)
        )
        if settlement_ids_limited_to(user, community):
            settlement.required = True
            settlement.empty_label = None
        else:
            settlement.empty_label = _("— not in this community —")


class PersonForm(_ResidentForm):
    class Meta:
        model = Person
        fields = PERSON_FIELDS
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}


class OrganisationForm(_ResidentForm):
    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
