"""Writes regions, communities, settlements, departments, staff and the adopted services."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password

from hamaynk.accounts.models import Department, Membership, User
from hamaynk.accounts.roles import Role
from hamaynk.benchmarks import names
from hamaynk.benchmarks.loading import BENCH_PREFIX
from hamaynk.catalogue.library import library
from hamaynk.catalogue.models import DocumentRequirement, FormField, Service, ServiceVersion
from hamaynk.correspondence.models import Journal
from hamaynk.deadlines.engine import Term
from hamaynk.questions.models import Topic
from hamaynk.tenancy.models import Community, Region, Settlement

from .draw import _spread, zipf
from .plan import Plan

BENCH_PASSWORD = "hamaynk-bench"  # noqa: S105 (documented password of generated staff)
DEPARTMENTS = {
    "registry": ("Քաղաքացիների սպասարկման բաժին", "Registry"),
    "construction": ("Քաղաքաշինության բաժին", "Construction"),
    "land": ("Հողաշինության բաժին", "Land"),
    "finance": ("Ֆինանսական բաժին", "Finance"),
    "social": ("Սոցիալական բաժին", "Social affairs"),
}


@dataclass
class VersionInfo:
    service_id: int
    version: ServiceVersion
    term: Term
    department_id: int | None
    mandatory: list[int]
    fields: list[FormField]


@dataclass
class Place:
    """One generated community and what its rows refer to."""

    community: Community
    weight: float
    settlements: list[Settlement]
    operator: int
    head: int
    specialists: dict[int, list[int]]  # department id → user ids
    departments: dict[str, int]
    versions: list[VersionInfo]
    persons: range = range(0)
    organisations: range = range(0)
    residents: list[int] = field(default_factory=list)
    journals: dict[str, Journal] = field(default_factory=dict)
    correspondents: range = range(0)
    topics: list[Topic] = field(default_factory=list)


def _place_name(rng: random.Random) -> str:
    return rng.choice(names.SETTLEMENT_STEMS) + rng.choice(names.SETTLEMENT_ENDINGS)


def _users(rows: list[User]) -> list[User]:
    return User.objects.bulk_create(rows, batch_size=1000)


def build_places(plan: Plan, rng: random.Random) -> list[Place]:
    """Regions, communities, settlements, departments, staff and the adopted services."""
    weights = zipf(plan.communities)
    regions = Region.objects.bulk_create(
        Region(code=f"{BENCH_PREFIX}r{n:02d}", name_hy=f"Մարզ {n}", name_en=f"Region {n}")
        for n in range(1, 12)
    )
    communities = Community.objects.bulk_create(
        Community(
            code=f"{BENCH_PREFIX}c{n:03d}",
            name_hy=f"{_place_name(rng)} {n}",
            name_en=f"Community {n}",
            region=regions[0] if n == 1 else regions[1 + (n % 10)],
        )
        for n in range(1, plan.communities + 1)
    )
    settlement_counts = _spread(plan.settlements, [w**0.5 for w in weights], 1)
    settlements: list[Settlement] = []
    for community, count in zip(communities, settlement_counts, strict=True):
        for n in range(count):
            settlements.append(
                Settlement(
                    code=f"{community.code}-s{n + 1:03d}",
                    community=community,
                    is_centre=n == 0,
                    name_hy=community.name_hy if n == 0 else _place_name(rng),
                    name_en=f"Settlement {n + 1}",
                )
            )
    settlements = Settlement.objects.bulk_create(settlements, batch_size=1000)
    departments = Department.objects.bulk_create(
        Department(community=community, code=code, name_hy=hy, name_en=en)
        for community in communities
        for code, (hy, en) in DEPARTMENTS.items()
    )
    password = make_password(BENCH_PASSWORD)
    staff: list[User] = []
    memberships: list[Membership] = []
    places: list[Place] = []
    by_community: dict[int, list[Settlement]] = {}
    for settlement in settlements:
        by_community.setdefault(settlement.community_id, []).append(settlement)
    for community, weight in zip(communities, weights, strict=True):
        size = max(1, min(6, round(weight * plan.cases / 20_000)))
        depts = {d.code: d.pk for d in departments if d.community_id == community.pk}
        users = [
            User(
                username=f"{community.code}-operator",
                first_name="Օպերատոր",
                last_name=community.name_hy,
                password=password,
            ),
            User(
                username=f"{community.code}-head",
                first_name="Ղեկավար",
                last_name=community.name_hy,
                password=password,
            ),
        ]
        for code in depts:
            for n in range(size):
                users.append(
                    User(
                        username=f"{community.code}-{code}-{n + 1}",
                        first_name=rng.choice(names.MALE_FIRST_NAMES + names.FEMALE_FIRST_NAMES),
                        last_name=rng.choice(names.LAST_NAMES),
                        password=password,
                    )
                )
        staff += users
        places.append(
            Place(
                community=community,
                weight=weight,
                settlements=by_community[community.pk],
                operator=0,
                head=0,
                specialists={},
                departments=depts,
                versions=[],
            )
        )
    staff = _users(staff)
    by_name = {user.username: user for user in staff}
    for place in places:
        code = place.community.code
        place.operator = by_name[f"{code}-operator"].pk
        place.head = by_name[f"{code}-head"].pk
        memberships += [
            Membership(user_id=place.operator, role=Role.OPERATOR, community=place.community),
            Membership(user_id=place.head, role=Role.HEAD, community=place.community),
        ]
        for dept_code, dept_id in place.departments.items():
            ids = [
                user.pk for name, user in by_name.items() if name.startswith(f"{code}-{dept_code}-")
            ]
            place.specialists[dept_id] = ids
            memberships += [
                Membership(
                    user_id=pk,
                    role=Role.SPECIALIST,
                    community=place.community,
                    department_id=dept_id,
                )
                for pk in ids
            ]
    Membership.objects.bulk_create(memberships, batch_size=1000)
    _adopt_services(places)
    return places


def _adopt_services(places: list[Place]) -> None:
    """The ten national services, version 1, in every community (written directly: the
    catalogue's service function records an audit event per adoption)."""
    templates = list(library().values())
    services = Service.objects.bulk_create(
        Service(community=place.community, code=t["code"], library_code=t["code"])
        for place in places
        for t in templates
    )
    versions: list[ServiceVersion] = []
    for service in services:
        template = library()[service.library_code]
        place = next(p for p in places if p.community.pk == service.community_id)
        versions.append(
            ServiceVersion(
                service=service,
                number=1,
                name_hy=template["name"].get("hy", ""),
                name_en=template["name"].get("en", ""),
                name_ru=template["name"].get("ru", ""),
                legal_basis_hy=template["legal_basis"].get("hy", ""),
                legal_basis_en=template["legal_basis"].get("en", ""),
                legal_basis_ru=template["legal_basis"].get("ru", ""),
                term_length=template["term"]["length"],
                term_unit=template["term"]["unit"],
                max_extension=template.get("max_extension", 0),
                pausable=template.get("pausable", True),
                online=template.get("online", False),
                at_settlement_points=template.get("at_settlement_points", True),
                department_id=place.departments.get(template.get("department", "")),
                outcome_template=template.get("outcome", {}).get("hy", ""),
            )
        )
    versions = ServiceVersion.objects.bulk_create(versions, batch_size=500)
    documents: list[DocumentRequirement] = []
    fields: list[FormField] = []
    for version in versions:
        template = library()[version.service.library_code]
        for position, d in enumerate(template.get("documents", [])):
            documents.append(
                DocumentRequirement(
                    version=version,
                    position=position,
                    name_hy=d["name"].get("hy", ""),
                    name_en=d["name"].get("en", ""),
                    name_ru=d["name"].get("ru", ""),
                    mandatory=d.get("mandatory", True),
                    form=d.get("form", "either"),
                )
            )
        for position, f in enumerate(template.get("fields", [])):
            fields.append(
                FormField(
                    version=version,
                    position=position,
                    key=f["key"],
                    label_hy=f["label"].get("hy", ""),
                    label_en=f["label"].get("en", ""),
                    label_ru=f["label"].get("ru", ""),
                    kind=f["kind"],
                    required=f.get("required", True),
                    pattern=f.get("pattern", ""),
                    choices=f.get("choices", []),
                )
            )
    documents = DocumentRequirement.objects.bulk_create(documents, batch_size=1000)
    fields = FormField.objects.bulk_create(fields, batch_size=1000)
    for service, version in zip(services, versions, strict=True):
        service.current_version = version
    Service.objects.bulk_update(services, ["current_version"], batch_size=500)
    order = {t["code"]: n for n, t in enumerate(templates)}
    for version in sorted(versions, key=lambda v: order[v.service.library_code]):
        place = next(p for p in places if p.community.pk == version.service.community_id)
        place.versions.append(
            VersionInfo(
                service_id=version.service_id,
                version=version,
                term=version.term,
                department_id=version.department_id,
                mandatory=[d.pk for d in documents if d.version_id == version.pk and d.mandatory],
                fields=[f for f in fields if f.version_id == version.pk],
            )
        )
