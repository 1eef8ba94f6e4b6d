"""``manage.py load_demo``: demo communities, departments, service points, staff and residents.

Idempotent: a second run finds everything in place and changes nothing. Every staff
account and resident it makes is invented and marked as demo.
"""

from __future__ import annotations

import uuid
from datetime import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from hamaynk.accounts.models import Department, Membership, Organisation, Person, User
from hamaynk.accounts.roles import Role
from hamaynk.accounts.services import (
    department_create,
    membership_grant,
    organisation_create,
    person_create,
    staff_user_create,
)
from hamaynk.cases.intake import case_intake
from hamaynk.cases.models import Case, Channel, Decision
from hamaynk.cases.services import (
    case_assign,
    case_close,
    case_decide,
    case_request_info,
    case_start,
)
from hamaynk.catalogue.library import library
from hamaynk.catalogue.models import Service
from hamaynk.catalogue.services import service_adopt
from hamaynk.demo.data import (
    DEMO_CASES,
    DEMO_NAMESPACE,
    DEMO_PASSWORD,
    DEPARTMENTS,
    DIVISIONS_CSV,
    ORGANISATIONS,
    PERSONS,
    SERVICE_POINTS,
    STAFF,
)
from hamaynk.demo.letters import load_letters
from hamaynk.demo.questions import load_questions
from hamaynk.demo.residents import DEMO_RESIDENT_EMAIL, load_resident_accounts
from hamaynk.tenancy.importing import parse_divisions
from hamaynk.tenancy.models import Community, Region, ServicePoint, Settlement
from hamaynk.tenancy.services import divisions_import, service_point_save

WEEKDAYS = [(day, time(9, 0), time(18, 0)) for day in range(1, 6)]


class Command(BaseCommand):
    help = "Load the demo communities, staff and residents (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.HAMAYNK_DEMO_ALLOWED:
            raise CommandError(
                "Demo data (with a known administrator password) is not loaded with these "
                "settings. Set HAMAYNK_DEMO_ALLOWED=1 only on a machine meant for trying out."
            )
        result = parse_divisions(DIVISIONS_CSV.read_bytes())
        if result.errors:
            raise CommandError("; ".join(str(e) for e in result.errors))
        with transaction.atomic():
            divisions_import(rows=result.rows, by=None)
            self._departments()
            self._service_points()
            self._staff()
            self._residents()
            self._catalogue()
            self._cases()
            load_letters()
            load_resident_accounts()
            load_questions()
        self.stdout.write(self.style.SUCCESS("Demo data is in place."))
        self.stdout.write(f"Demo log-ins (password for all: {DEMO_PASSWORD}):")
        for username, _first, _last, role, *_rest in STAFF:
            self.stdout.write(f"  {username:<24} {role}")
        self.stdout.write(
            f"  {DEMO_RESIDENT_EMAIL:<24} resident on the portal: sign in with a one-time code; "
            "in the demo the code is printed to the console/log"
        )

    def _departments(self) -> None:
        for community in Community.objects.filter(code__in=DEPARTMENTS):
            for code, hy, en, ru in DEPARTMENTS[community.code]:
                if not Department.objects.filter(community=community, code=code).exists():
                    department_create(
                        by=None, community=community, code=code, name_hy=hy, name_en=en, name_ru=ru
                    )

    def _service_points(self) -> None:
        for settlement_code, kind, names, address, phone in SERVICE_POINTS:
            settlement = Settlement.objects.select_related("community").get(code=settlement_code)
            hy, en, ru = names
            exists = ServicePoint.objects.filter(
                settlement=settlement, kind=kind, name_hy=hy
            ).exists()
            if not exists:
                service_point_save(
                    by=None,
                    community=settlement.community,
                    settlement=settlement,
                    kind=kind,
                    name_hy=hy,
                    name_en=en,
                    name_ru=ru,
                    address=address,
                    phone=phone,
                    hours=WEEKDAYS,
                )

    def _staff(self) -> None:
        for username, first, last, role, scope, extra in STAFF:
            user = User.objects.filter(username=username).first()
            if user is None:
                user = staff_user_create(
                    by=None,
                    username=username,
                    password=DEMO_PASSWORD,
                    first_name=first,
                    last_name=last,
                    email=f"{username}@demo.hamaynk.invalid",
                    is_superuser=role == "admin",
                    is_demo=True,
                )
            if role == "admin":
                continue
            for community_code in scope:
                self._grant(user, Role(role), community_code, extra)

    def _grant(self, user: User, role: Role, scope: str | None, extra: dict[str, Any]) -> None:
        community = region = None
        if role == Role.SUPERVISOR:
            region = Region.objects.get(code=scope) if scope else None
        else:
            community = Community.objects.get(code=scope)
        if Membership.objects.filter(
            user=user, role=role, community=community, region=region
        ).exists():
            return
        department = None
        if "department" in extra:
            department = Department.objects.get(community=community, code=extra["department"])
        settlements = list(Settlement.objects.filter(code__in=extra.get("settlements", [])))
        membership_grant(
            by=None,
            user=user,
            role=role,
            community=community,
            region=region,
            department=department,
            settlements=settlements,
        )

    def _catalogue(self) -> None:
        """Every demo community adopts the whole national library."""
        for community in Community.objects.filter(code__in=DEPARTMENTS):
            adopted = set(
                Service.objects.filter(community=community).values_list("library_code", flat=True)
            )
            for code in library():
                if code not in adopted:
                    service_adopt(by=None, community=community, library_code=code)

    def _cases(self) -> None:
        """A few applications at each step of the workflow, filed through the services."""
        for n, (community_code, service_code, psn, form_data, steps) in enumerate(DEMO_CASES):
            key = uuid.uuid5(DEMO_NAMESPACE, f"case-{n}")
            if Case.objects.filter(submission_key=key).exists():
                continue
            community = Community.objects.get(code=community_code)
            service = Service.objects.get(community=community, code=service_code)
            version = service.current_version
            assert version is not None
            operator = User.objects.get(username=f"{community_code}.operator")
            case = case_intake(
                by=operator,
                community=community,
                service=service,
                channel=Channel.DESK,
                applicant_person=Person.objects.get(community=community, public_service_number=psn),
                form_data=form_data,
                documents_received=list(version.documents.values_list("pk", flat=True)),
                submission_key=key,
            )
            head = User.objects.get(username=f"{community_code}.head")
            specialist = User.objects.filter(username=f"{community_code}.specialist").first()
            for step in steps:
                if step == "assign" and specialist is not None:
                    case = case_assign(by=head, case=case, assignee=specialist)
                elif step == "start":
                    case = case_start(by=specialist or head, case=case)
                elif step == "request_info":
                    case = case_request_info(
                        by=specialist or head,
                        case=case,
                        message="Խնդրում ենք ներկայացնել սեփականության վկայականի պատճենը։",
                    )
                elif step == "decide":
                    case = case_decide(by=head, case=case, decision=Decision.GRANTED)
                elif step == "close":
                    case = case_close(by=operator, case=case)

    def _residents(self) -> None:
        for community_code, settlement_code, data in PERSONS:
            community = Community.objects.get(code=community_code)
            if Person.objects.filter(
                community=community, public_service_number=data["public_service_number"]
            ).exists():
                continue
            settlement = Settlement.objects.get(code=settlement_code)
            person_create(by=None, community=community, settlement=settlement, is_demo=True, **data)
        for community_code, settlement_code, data in ORGANISATIONS:
            community = Community.objects.get(code=community_code)
            if Organisation.objects.filter(
                community=community, tax_number=data["tax_number"]
            ).exists():
                continue
            settlement = Settlement.objects.get(code=settlement_code)
            organisation_create(
                by=None, community=community, settlement=settlement, is_demo=True, **data
            )
