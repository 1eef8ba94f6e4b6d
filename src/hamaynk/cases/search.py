"""Finding applications: by number, tracking code, applicant, service, status, settlement,
dates, and by words (Armenian full-text search on PostgreSQL, a plain fallback elsewhere)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.policy import instances_user_has_permission_for

from .models import SEARCH_CONFIG, Case
from .numbering import normalize_tracking_code

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from hamaynk.accounts.models import User
    from hamaynk.catalogue.models import Service
    from hamaynk.tenancy.models import Community, Settlement

_NUMBER = re.compile(r"^(\d{4})\s*[/-]\s*0*(\d{1,7})$")


def search_document(case: Case) -> str:
    """The words a case is found by, lower-cased (SQLite only folds ASCII case itself)."""
    version = case.service_version
    parts = [case.number, case.tracking_code, version.name_hy, version.name_en, version.name_ru]
    if case.applicant_person is not None:
        person = case.applicant_person
        parts += [person.full_name, person.public_service_number]
    if case.applicant_organisation is not None:
        parts += [case.applicant_organisation.name, case.applicant_organisation.tax_number]
    if case.settlement is not None:
        parts += [case.settlement.name_hy, case.settlement.name_en, case.settlement.name_ru]
    parts += [str(value) for value in case.form_data.values() if isinstance(value, str)]
    return " ".join(p for p in parts if p).lower()


def cases_visible_to(user: User | AnonymousUser, community: Community) -> QuerySet[Case]:
    return instances_user_has_permission_for(
        user,
        Perm.VIEW_CASE,
        Case.objects.select_related(
            "service_version",
            "applicant_person",
            "applicant_organisation",
            "settlement",
            "assignee",
            "department",
        ),
        community=community,
    )


@dataclass(frozen=True)
class CaseFilters:
    text: str = ""
    service: Service | None = None
    status: str = ""
    settlement: Settlement | None = None
    registered_from: date | None = None
    registered_to: date | None = None


def _text_q(queryset: QuerySet[Case], text: str) -> QuerySet[Case]:
    text = text.strip()
    exact = Q(pk__in=[])
    match = _NUMBER.match(text)
    if match:
        exact |= Q(year=int(match.group(1)), sequence=int(match.group(2)))
    code = normalize_tracking_code(text)
    if len(code) == 16:
        exact |= Q(tracking_code=code)
    digits = re.sub(r"\D", "", text)
    if len(digits) in (8, 10) and digits == text.replace(" ", ""):
        exact |= Q(applicant_person__public_service_number=digits)
        exact |= Q(applicant_organisation__tax_number=digits)
    if exact != Q(pk__in=[]) and queryset.filter(exact).exists():
        return queryset.filter(exact)
    if connection.vendor == "postgresql":
        return queryset.annotate(
            document=SearchVector("search_document", config=SEARCH_CONFIG)
        ).filter(document=SearchQuery(text, config=SEARCH_CONFIG, search_type="plain"))
    words = text.lower().split()
    for word in words:
        queryset = queryset.filter(search_document__contains=word)
    return queryset


def case_search(
    user: User | AnonymousUser, community: Community, filters: CaseFilters
) -> QuerySet[Case]:
    cases = cases_visible_to(user, community)
    if filters.text.strip():
        cases = _text_q(cases, filters.text)
    if filters.service is not None:
        cases = cases.filter(service=filters.service)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.settlement is not None:
        cases = cases.filter(settlement=filters.settlement)
    zone = timezone.get_current_timezone()
    if filters.registered_from is not None:
        start = datetime.combine(filters.registered_from, time.min, tzinfo=zone)
        cases = cases.filter(registered_at__gte=start)
    if filters.registered_to is not None:
        end = datetime.combine(filters.registered_to, time.max, tzinfo=zone)
        cases = cases.filter(registered_at__lte=end)
    return cases
