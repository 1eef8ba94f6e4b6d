"""Starting an application from a resident's letter: the intake, with the letter carried.

When the letter's correspondent is a person the registry already knows (a resident record
linked to the correspondent), the intake opens with them as the applicant. Otherwise this
page finds the applicant (or registers a new resident) first. The letter travels in the
intake's query string (``letter=<id>``); once the application is registered, the intake
links the two (``correspondence.applications.letter_link_case``).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from hamaynk.accounts.models import Person
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import user_has_permission
from hamaynk.accounts.selectors import organisations_visible_to, persons_visible_to
from hamaynk.accounts.services import person_create
from hamaynk.correspondence.applications import why_no_application
from hamaynk.correspondence.models import Letter

from .access import StaffRequest, staff_page
from .forms import PersonForm
from .letters_forms import ApplicantSearchForm
from .letters_views import visible_letter

MAX_MATCHES = 20


def intake_url(letter: Letter, **applicant: int) -> str:
    """The intake's service step for this applicant, carrying the letter."""
    return f"{reverse('backoffice:intake_start')}?{urlencode({**applicant, 'letter': letter.pk})}"


def _persons(request: StaffRequest, query: str) -> list[Person]:
    """Residents whose names hold every word of ``query`` (or whose numbers start so)."""
    persons = persons_visible_to(request.user, request.community)
    words = query.split()
    digits = "".join(ch for ch in query if ch.isdigit())
    if len(digits) >= 4 and len(words) == 1:
        persons = persons.filter(
            Q(public_service_number__startswith=digits) | Q(phone__contains=digits)
        )
    else:
        for word in words:
            persons = persons.filter(
                Q(last_name__icontains=word)
                | Q(first_name__icontains=word)
                | Q(patronymic__icontains=word)
            )
    return list(persons.order_by("last_name", "first_name", "id")[:MAX_MATCHES])


@staff_page(Perm.ADD_CASE)
def letter_apply(request: StaffRequest, pk: int) -> HttpResponseBase:
    letter = visible_letter(request, pk)
    reason = why_no_application(letter)
    if reason:
        messages.error(request, reason)
        return redirect("backoffice:letter_detail", pk=letter.pk)
    correspondent = letter.correspondent
    assert correspondent is not None
    if request.method == "GET" and correspondent.person_id is not None:
        known = (
            persons_visible_to(request.user, request.community)
            .filter(pk=correspondent.person_id)
            .first()
        )
        if known is not None:
            return redirect(intake_url(letter, person=known.pk))
    may_add = user_has_permission(request.user, Perm.ADD_PERSON, request.community)
    new_person = None
    if may_add:
        new_person = PersonForm(
            request.POST if request.method == "POST" else None,
            instance=Person(community=request.community),
            user=request.user,
            prefix="new",
            initial={
                "address": correspondent.address,
                "phone": correspondent.phone,
                "email": correspondent.email,
            },
        )
    if request.method == "POST" and new_person is not None and new_person.is_valid():
        try:
            person = person_create(
                by=request.user, community=request.community, **new_person.cleaned_data
            )
        except ValidationError as error:
            new_person.add_error(None, error)
        else:
            messages.success(request, _("%(name)s is registered.") % {"name": person})
            return redirect(intake_url(letter, person=person.pk))
    search = ApplicantSearchForm(request.GET or {"q": correspondent.name})
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    persons = _persons(request, query) if query else []
    organisations = (
        list(organisations_visible_to(request.user, request.community, search=query)[:MAX_MATCHES])
        if query
        else []
    )
    return render(
        request,
        "backoffice/letters/apply.html",
        {
            "letter": letter,
            "search": search,
            "query": query,
            "persons": [(p, intake_url(letter, person=p.pk)) for p in persons],
            "organisations": [(o, intake_url(letter, organisation=o.pk)) for o in organisations],
            "new_person_form": new_person,
            "form": new_person,
        },
        status=400 if new_person is not None and new_person.errors else 200,
    )
