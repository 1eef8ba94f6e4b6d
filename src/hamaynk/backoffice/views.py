"""Staff pages: log-in, the community home, residents, organisations, staff and audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hamaynk.accounts.models import Department, Organisation, Person, User
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import (
    grants,
    instances_user_has_permission_for,
    user_has_permission,
)
from hamaynk.accounts.roles import Role
from hamaynk.accounts.scope import switch_community
from hamaynk.accounts.selectors import (
    organisations_visible_to,
    persons_visible_to,
    staff_visible_to,
)
from hamaynk.accounts.services import (
    organisation_create,
    organisation_update,
    person_create,
    person_record_view,
    person_update,
    user_log_out_everywhere,
    user_record_login,
    user_record_logout,
)
from hamaynk.audit.models import AuditEvent
from hamaynk.audit.registry import registry as audit_registry
from hamaynk.tenancy.models import OpeningHours, Region, ServicePoint, Settlement

from .access import StaffRequest, staff_page
from .forms import OrganisationForm, PersonForm, SearchForm, StaffAuthenticationForm

PAGE_SIZE = 50


class LoginView(auth_views.LoginView):
    template_name = "backoffice/login.html"
    authentication_form = StaffAuthenticationForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        assert isinstance(user, User)
        user_record_login(user=user)
        if settings.LANGUAGE_COOKIE_NAME not in self.request.COOKIES:
            # No language chosen on this device yet: start in the user's own.
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME,
                user.preferred_language,
                max_age=settings.LANGUAGE_COOKIE_AGE,
                samesite="Lax",
                secure=settings.LANGUAGE_COOKIE_SECURE,
            )
        return response


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout as auth_logout

    if isinstance(request.user, User):
        user_record_logout(user=request.user)
    auth_logout(request)
    messages.info(request, _("You have logged out."))
    return redirect("backoffice:login")


def _safe_next(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return fallback


@login_required
@require_POST
def logout_everywhere(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth import logout as auth_logout

    assert isinstance(request.user, User)
    user_log_out_everywhere(user=request.user)
    auth_logout(request)
    messages.info(request, _("You have logged out on every device."))
    return redirect("backoffice:login")


@login_required
@require_POST
def community_switch(request: HttpRequest) -> HttpResponse:
    try:
        community_id = int(request.POST.get("community", ""))
    except ValueError:
        community_id = 0
    community = switch_community(request, community_id)
    if community is None:
        messages.error(request, _("You cannot work in that community."))
    else:
        messages.success(request, _("You are now working in %(name)s.") % {"name": community})
    return HttpResponseRedirect(_safe_next(request, reverse("backoffice:home")))


def _settlements(request: StaffRequest) -> Any:
    return instances_user_has_permission_for(
        request.user, Perm.VIEW_COMMUNITY, Settlement.objects.all(), community=request.community
    )


def _supervised_area(request: StaffRequest) -> str | None:
    """A supervisor's home is the comparison of the communities they oversee."""
    held = grants(request.user)
    if not held or any(grant.role != Role.SUPERVISOR for grant in held):
        return None
    regions = {grant.region_id for grant in held}
    region_id = regions.pop() if len(regions) == 1 else None
    if region_id is None:
        return reverse("portal:statistics")
    region = Region.objects.filter(pk=region_id).first()
    return reverse("portal:statistics_region", args=[region.code]) if region else None


@staff_page(Perm.VIEW_COMMUNITY)
def home(request: StaffRequest) -> HttpResponse:
    supervised = _supervised_area(request)
    if supervised is not None:
        return redirect(supervised)
    community = request.community
    settlements = _settlements(request).annotate(persons_count=Count("persons", distinct=True))
    points = instances_user_has_permission_for(
        request.user,
        Perm.VIEW_COMMUNITY,
        ServicePoint.objects.select_related("settlement").prefetch_related("opening_hours"),
        community=community,
    )
    departments = Department.objects.filter(community=community).order_by("code")
    context = {
        "settlements": settlements,
        "service_points": points,
        "departments": departments,
        "can_view_persons": user_has_permission(request.user, Perm.VIEW_PERSON, community),
        "can_view_staff": user_has_permission(request.user, Perm.VIEW_STAFF, community),
        "can_view_audit": user_has_permission(request.user, Perm.VIEW_AUDIT, community),
    }
    return render(request, "backoffice/home.html", context)


@staff_page(Perm.VIEW_COMMUNITY)
def settlement_detail(request: StaffRequest, pk: int) -> HttpResponse:
    settlement = _settlements(request).filter(pk=pk).first()
    if settlement is None:
        raise Http404
    points = settlement.service_points.prefetch_related(
        Prefetch("opening_hours", queryset=OpeningHours.objects.order_by("weekday"))
    )
    return render(
        request,
        "backoffice/settlement_detail.html",
        {"settlement": settlement, "service_points": points},
    )


def _paginate(request: HttpRequest, queryset: Any) -> Any:
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


@staff_page(Perm.VIEW_PERSON)
def person_list(request: StaffRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    persons = persons_visible_to(request.user, request.community, search=query)
    context = {
        "form": form,
        "page": _paginate(request, persons),
        "query": query,
        "can_add": user_has_permission(request.user, Perm.ADD_PERSON, request.community),
    }
    return render(request, "backoffice/person_list.html", context)


def _visible_person(request: StaffRequest, pk: int, perm: Perm) -> Person:
    person = (
        instances_user_has_permission_for(
            request.user,
            perm,
            Person.objects.select_related("settlement", "community"),
            community=request.community,
        )
        .filter(pk=pk)
        .first()
    )
    if person is None:
        raise Http404
    return person


@staff_page(Perm.VIEW_PERSON)
def person_detail(request: StaffRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk, Perm.VIEW_PERSON)
    person_record_view(by=request.user, person=person)
    can_change = user_has_permission(request.user, Perm.CHANGE_PERSON, request.community)
    return render(
        request, "backoffice/person_detail.html", {"person": person, "can_change": can_change}
    )


def _save_form(request: HttpRequest, form: Any, save: Any) -> Any:
    """Run ``save`` with the form's data; a ``ValidationError`` goes back onto the form."""
    if not form.is_valid():
        return None
    try:
        return save(**form.cleaned_data)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@staff_page(Perm.ADD_PERSON)
def person_create_view(request: StaffRequest) -> HttpResponse:
    form = PersonForm(
        request.POST or None, instance=Person(community=request.community), user=request.user
    )
    if request.method == "POST":
        person = _save_form(
            request,
            form,
            lambda **data: person_create(by=request.user, community=request.community, **data),
        )
        if person is not None:
            messages.success(request, _("%(name)s is registered.") % {"name": person})
            return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/person_form.html", {"form": form, "person": None})


@staff_page(Perm.CHANGE_PERSON)
def person_edit(request: StaffRequest, pk: int) -> HttpResponse:
    person = _visible_person(request, pk, Perm.CHANGE_PERSON)
    form = PersonForm(request.POST or None, instance=person, user=request.user)
    if request.method == "POST":
        saved = _save_form(
            request, form, lambda **data: person_update(by=request.user, person=person, **data)
        )
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("backoffice:person_detail", pk=person.pk)
    return render(request, "backoffice/person_form.html", {"form": form, "person": person})


@staff_page(Perm.VIEW_ORGANISATION)
def organisation_list(request: StaffRequest) -> HttpResponse:
    form = SearchForm(request.GET)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    organisations = organisations_visible_to(request.user, request.community, search=query)
    context = {
        "form": form,
        "page": _paginate(request, organisations),
        "query": query,
        "can_add": user_has_permission(request.user, Perm.ADD_ORGANISATION, request.community),
    }
    return render(request, "backoffice/organisation_list.html", context)


def _visible_organisation(request: StaffRequest, pk: int, perm: Perm) -> Organisation:
    organisation = (
        instances_user_has_permission_for(
            request.user,
            perm,
            Organisation.objects.select_related("settlement"),
            community=request.community,
        )
        .filter(pk=pk)
        .first()
    )
    if organisation is None:
        raise Http404
    return organisation


@staff_page(Perm.VIEW_ORGANISATION)
def organisation_detail(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = _visible_organisation(request, pk, Perm.VIEW_ORGANISATION)
    can_change = user_has_permission(request.user, Perm.CHANGE_ORGANISATION, request.community)
    return render(
        request,
        "backoffice/organisation_detail.html",
        {"organisation": organisation, "can_change": can_change},
    )


@staff_page(Perm.ADD_ORGANISATION)
def organisation_create_view(request: StaffRequest) -> HttpResponse:
    form = OrganisationForm(
        request.POST or None,
        instance=Organisation(community=request.community),
        user=request.user,
    )
    if request.method == "POST":
        organisation = _save_form(
            request,
            form,
            lambda **data: organisation_create(
                by=request.user, community=request.community, **data
            ),
        )
        if organisation is not None:
            messages.success(request, _("%(name)s is registered.") % {"name": organisation})
            return redirect("backoffice:organisation_detail", pk=organisation.pk)
    return render(
        request, "backoffice/organisation_form.html", {"form": form, "organisation": None}
    )


@staff_page(Perm.CHANGE_ORGANISATION)
def organisation_edit(request: StaffRequest, pk: int) -> HttpResponse:
    organisation = _visible_organisation(request, pk, Perm.CHANGE_ORGANISATION)
    form = OrganisationForm(request.POST or None, instance=organisation, user=request.user)
    if request.method == "POST":
        saved = _save_form(
            request,
            form,
            lambda **data: organisation_update(by=request.user, organisation=organisation, **data),
        )
        if saved is not None:
            messages.success(request, _("The changes are saved."))
            return redirect("backoffice:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "backoffice/organisation_form.html",
        {"form": form, "organisation": organisation},
    )


@staff_page(Perm.VIEW_STAFF)
def staff_list(request: StaffRequest) -> HttpResponse:
    memberships = staff_visible_to(request.user, request.community)
    return render(request, "backoffice/staff_list.html", {"memberships": memberships})


@staff_page(Perm.VIEW_AUDIT)
def audit_log(request: StaffRequest) -> HttpResponse:
    action = request.GET.get("action", "")
    events = instances_user_has_permission_for(
        request.user,
        Perm.VIEW_AUDIT,
        AuditEvent.objects.all(),
        community=request.community,
    ).order_by("-sequence")
    if action:
        events = events.filter(action=action)
    page = _paginate(request, events)
    rows: list[dict[str, Any]] = [
        {"event": event, "label": audit_registry.label(event.action)} for event in page
    ]
    actions = [(code, audit_registry.label(code)) for code in audit_registry.codes()]
    return render(
        request,
        "backoffice/audit_log.html",
        {"page": page, "rows": rows, "actions": actions, "action": action},
    )
