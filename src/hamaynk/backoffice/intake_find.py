"""Intake, first page: find the applicant (or register a new resident), then the service."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hamaynk.accounts.models import Person
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import settlement_ids_limited_to, user_has_permission
from hamaynk.accounts.selectors import organisations_visible_to, persons_visible_to
from hamaynk.accounts.services import person_create
from hamaynk.catalogue.selectors import services_matching

from .access import StaffRequest, staff_page
from .forms import PersonForm
from .intake_applicant import Applicant, applicant_from_query
from .intake_forms import ApplicantSearchForm, ServiceSearchForm

MAX_MATCHES = 20


def _new_person_form(request: StaffRequest) -> PersonForm | None:
    if not user_has_permission(request.user, Perm.ADD_PERSON, request.community):
        return None
    return PersonForm(
        request.POST if request.method == "POST" else None,
        instance=Person(community=request.community),
        user=request.user,
        prefix="new",
    )


def _find_applicant(request: StaffRequest, new_person: PersonForm | None) -> dict[str, Any]:
    form = ApplicantSearchForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    persons: list[Person] = []
    organisations: list[Any] = []
    if query:
        persons = list(
            persons_visible_to(request.user, request.community, search=query)[:MAX_MATCHES]
        )
        organisations = list(
            organisations_visible_to(request.user, request.community, search=query)[:MAX_MATCHES]
        )
    return {
        "search_form": form,
        "query": query,
        "persons": persons,
        "organisations": organisations,
        "new_person_form": new_person,
        "new_person_open": bool(
            new_person is not None and (new_person.errors or (query and not persons))
        ),
    }


def _find_service(request: StaffRequest, applicant: Applicant) -> dict[str, Any]:
    form = ServiceSearchForm(request.GET)
    query = form.cleaned_data["service_q"].strip() if form.is_valid() else ""
    at_points = bool(settlement_ids_limited_to(request.user, request.community))
    services = services_matching(request.community, query, at_settlement_points=at_points)
    return {
        "applicant": applicant,
        "service_form": form,
        "service_query": query,
        "services": services,
        "at_settlement_points": at_points,
    }


@staff_page(Perm.ADD_CASE)
def intake_start(request: StaffRequest) -> HttpResponseBase:
    """Without an applicant in the query string: find one. With one: find the service."""
    new_person = _new_person_form(request)
    if request.method == "POST" and new_person is not None and new_person.is_valid():
        try:
            person = person_create(
                by=request.user, community=request.community, **new_person.cleaned_data
            )
        except ValidationError as error:
            new_person.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person})
            return redirect(f"{reverse('backoffice:intake_start')}?person={person.pk}")
    applicant = applicant_from_query(request) if request.method == "GET" else None
    if applicant is not None:
        context = _find_service(request, applicant)
    else:
        context = _find_applicant(request, new_person)
    return render(request, "backoffice/intake/start.html", context)
