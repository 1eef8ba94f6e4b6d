"""What ``make bench`` asks of the server: each operation as requests a load tool can send.

Everything is read from the generated data of the largest community (``bench-c001``):
real case ids, tracking codes, a cursor deep into the worklist, staff sessions and an
integration token. Each operation is tried once through Django's test client before the
load starts, so a benchmark never measures an error page.
"""

from __future__ import annotations

import random
import re
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Count
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from hamaynk.accounts.models import Person, User
from hamaynk.accounts.permissions import Perm
from hamaynk.accounts.roles import Role
from hamaynk.cases.models import Case
from hamaynk.cases.worklists import ORDERINGS, Sort
from hamaynk.catalogue.forms import application_form_class
from hamaynk.catalogue.selectors import services_offered
from hamaynk.core.pagination import encode_cursor
from hamaynk.integrations.services import client_create, token_issue
from hamaynk.tenancy.models import Community

from .generator import BENCH_PREFIX

SAMPLE = 1000
"""Distinct ids, codes or words an operation cycles through."""
DEEP_PAGE = 10_000
PAGE_SIZE = 50
SEARCH_WORDS = ("վերանորոգման", "ջրամատակարարման", "աղբահանության", "բողոք", "լուսավորության")
FORM_PREFIX = "f"
"""The prefix of the service's own questions on the intake form."""
CASE_LINK = rb'href="/staff/cases/\d+/"'
LETTER_LINK = rb'href="/staff/letters/\d+/"'
TRACKING_CODE = rb"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}"
RECEIPT = re.compile(r"^/staff/intake/\d+/receipt/$")
"""Where the intake redirects once an application is registered; in Lua's syntax below."""
RECEIPT_LUA = "^/staff/intake/%d+/receipt/$"
SUBMISSION_KEY = "00000000-0000-4000-8000-000000000000"
"""Replaced by a fresh UUID in every request, so each POST registers a new application."""


@dataclass
class Operation:
    name: str
    title: str
    method: str
    paths: list[str]
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    expect: int = 200
    location: str = ""
    """For a redirect: the pattern (a Lua pattern, also valid here) its target must match."""
    kind: str = "read"
    """``read``, ``write`` or ``baseline``: targets differ by kind."""
    note: str = ""
    shows: bytes = b""
    """A pattern the page must contain at least ``rows`` times: what the operation is for
    (a page of applications, the figures), so that an empty or wrong page is not measured."""
    rows: int = 1


class NoBenchData(RuntimeError):
    pass


def _community() -> Community:
    community = (
        Community.objects.filter(code__startswith=BENCH_PREFIX)
        .annotate(size=Count("cases"))
        .order_by("-size")
        .first()
    )
    if community is None:
        raise NoBenchData("No generated data here: run `make bench-data` first.")
    return community


def _member(community: Community, role: Role) -> User:
    user = User.objects.filter(
        memberships__community=community, memberships__role=role, is_active=True
    ).first()
    if user is None:
        raise NoBenchData(f"No {role} in {community.code}.")
    return user


def _client(user: User) -> Client:
    """A test client logged in as ``user``, with the second factor verified if they have one."""
    client = Client()
    client.force_login(user, backend="hamaynk.residents.backends.StaffPasswordBackend")
    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def _cookie_header(client: Client) -> str:
    return "; ".join(f"{name}={morsel.value}" for name, morsel in client.cookies.items())


def _sample(values: list[Any], rng: random.Random) -> list[Any]:
    return rng.sample(values, min(SAMPLE, len(values)))


def _deep_cursor(community: Community) -> tuple[str, int]:
    """The worklist cursor of page ``DEEP_PAGE`` of all applications, or of the deepest full
    page the community has: the page starts after the row it names."""
    ordering = ORDERINGS[Sort.RECENT]
    cases = Case.objects.filter(community=community).order_by(*ordering.columns)
    total = cases.count()
    page = min(DEEP_PAGE, total // PAGE_SIZE)  # every page up to this one is full
    if page < 2:
        raise NoBenchData(f"{community.code} has too few applications for a deep page.")
    before = cases.values_list(*[name for name, _desc in ordering.fields()])[
        (page - 1) * PAGE_SIZE - 1
    ]
    return encode_cursor(list(before)), page


def _answer(field_: forms.Field) -> list[str]:
    """A plausible value for one field of a service's form."""
    if isinstance(field_, forms.ModelMultipleChoiceField | forms.ModelChoiceField):
        first = field_.queryset.first() if field_.queryset is not None else None
        if first is None:
            return []
        return [str(getattr(first, field_.to_field_name or "pk"))]
    if isinstance(field_, forms.ChoiceField):  # and MultipleChoiceField
        choices: list[tuple[Any, Any]] = list(field_.choices)  # type: ignore[arg-type]
        values = [str(value) for value, _label in choices if value]
        return values[:1]
    if isinstance(field_, forms.BooleanField):
        return ["on"]
    if isinstance(field_, forms.DateField):
        return ["2026-01-15"]
    if isinstance(field_, forms.IntegerField | forms.DecimalField | forms.FloatField):
        return [str(field_.min_value or 1)]
    if isinstance(field_, forms.EmailField):
        return ["bench@example.am"]
    return ["Փորձնական"]


def _errors(response: Any) -> str:
    """The text of a page's error summary, to say why a trial request failed."""
    html = response.content.decode(errors="replace")
    start = html.find("error-summary")
    if start < 0:
        return "(no error summary on the page)"
    text = re.sub(r"<[^>]+>", " ", html[start : start + 3000])
    return " ".join(text.split())[:500]


def _intake(community: Community, rng: random.Random) -> Operation:
    operator = _member(community, Role.OPERATOR)
    client = _client(operator)
    service = services_offered(community).order_by("pk").first()
    person = Person.objects.filter(community=community).order_by("pk").first()
    if service is None or person is None or service.current_version is None:
        raise NoBenchData(f"No offered service or no person in {community.code}.")
    path = "/staff/intake/application/?" + urlencode({"person": person.pk, "service": service.pk})
    page = client.get(path)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.content)
    if page.status_code != 200 or token is None:
        raise NoBenchData(
            f"The intake page answered {page.status_code} {page.get('Location', '')}."
        )
    answers = application_form_class(service.current_version, community)(prefix=FORM_PREFIX)
    data: list[tuple[str, str]] = [
        ("csrfmiddlewaretoken", token.group(1).decode()),
        ("submission_key", SUBMISSION_KEY),
    ]
    for name, field_ in answers.fields.items():
        data += [(answers.add_prefix(name), value) for value in _answer(field_)]
    for document in service.current_version.documents.all():
        data.append(("documents", str(document.pk)))
    body = urlencode(data)
    trial = client.post(
        path,
        body.replace(SUBMISSION_KEY, str(uuid.uuid4())),
        content_type="application/x-www-form-urlencoded",
    )
    if trial.status_code != 302 or not RECEIPT.match(trial.get("Location", "")):
        raise NoBenchData(
            f"A trial intake answered {trial.status_code}, not the receipt: {_errors(trial)}"
        )
    return Operation(
        "intake",
        "Intake POST (registers an application)",
        "POST",
        [path],
        headers={
            "Cookie": _cookie_header(client),
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=body,
        expect=302,
        location=RECEIPT_LUA,
        kind="write",
    )


def _api(community: Community) -> Operation:
    integration = client_create(
        by=None,
        name=f"bench {uuid.uuid4().hex[:8]}",
        communities=[community],
        permissions=[Perm.VIEW_COMMUNITY, Perm.VIEW_CASE],
    )
    issued = token_issue(by=None, client=integration)
    return Operation(
        "api_list",
        "API: list of applications",
        "GET",
        [f"/api/v1/communities/{community.code}/cases"],
        headers={"Authorization": f"Bearer {issued.plaintext}"},
        shows=rb'"results":\s*\[\s*\{',
    )


def prepare(seed: int = 1) -> list[Operation]:
    """The operations, each checked once: the bare view first, then the pages."""
    rng = random.Random(seed)
    community = _community()
    head = _client(_member(community, Role.HEAD))
    staff = {"Cookie": _cookie_header(head)}
    ids = list(Case.objects.filter(community=community).values_list("pk", flat=True)[:200_000])
    codes = list(
        Case.objects.filter(community=community).values_list("tracking_code", flat=True)[:200_000]
    )
    cursor, deep_page = _deep_cursor(community)
    operations = [
        Operation("bare", "Bare Django view", "GET", ["/bench/bare/"], kind="baseline"),
        Operation(
            "worklist",
            "Worklist, first page",
            "GET",
            ["/staff/cases/?list=all"],
            headers=staff,
            shows=CASE_LINK,
            rows=PAGE_SIZE,
        ),
        Operation(
            "worklist_deep",
            f"Worklist, page {deep_page:,} (keyset)",
            "GET",
            ["/staff/cases/?" + urlencode({"list": "all", "after": cursor})],
            headers=staff,
            note=f"page {deep_page:,}",
            shows=CASE_LINK,
            rows=PAGE_SIZE,
        ),
        Operation(
            "case_page",
            "Case page",
            "GET",
            [f"/staff/cases/{pk}/" for pk in _sample(ids, rng)],
            headers=staff,
            shows=TRACKING_CODE,
        ),
        Operation(
            "tracking",
            "Public tracking",
            "GET",
            ["/track/?" + urlencode({"code": code}) for code in _sample(codes, rng)],
            shows=rb"<dl",
        ),
        _intake(community, rng),
        Operation(
            "search",
            "Full-text search of letters",
            "GET",
            ["/staff/letters/?" + urlencode({"q": word}) for word in SEARCH_WORDS],
            headers=staff,
            shows=LETTER_LINK,
        ),
        Operation(
            "dashboard",
            "Public dashboard",
            "GET",
            [f"/statistics/{community.code}/"],
            shows=rb'data-figure="received">[1-9]',
        ),
        Operation(
            "letters_control",
            "Letters on control",
            "GET",
            ["/staff/letters/?control=on_control"],
            headers=staff,
            shows=LETTER_LINK,
        ),
        _api(community),
    ]
    for operation in operations:
        if operation.method == "GET":
            started = time.perf_counter()
            check(operation)
            elapsed = time.perf_counter() - started
            kept = settings.HAMAYNK_STATISTICS_CACHE_SECONDS
            if operation.name == "dashboard" and kept > 0:
                operation.note = (
                    f"figures kept {kept} s in each worker (HAMAYNK_STATISTICS_CACHE_SECONDS); "
                    f"the first request, which computed them, took {elapsed * 1000:.0f} ms"
                )
    return operations


def check(operation: Operation) -> None:
    """One request of the operation through the test client; it must answer as expected."""
    client = Client(raise_request_exception=False)
    headers = {k: v for k, v in operation.headers.items() if k != "Cookie"}
    for item in operation.headers.get("Cookie", "").split("; "):
        if "=" in item:
            name, value = item.split("=", 1)
            client.cookies[name] = value
    response = client.get(operation.paths[0], headers=headers)
    if response.status_code != operation.expect:
        raise NoBenchData(
            f"{operation.name}: {operation.paths[0]} answered {response.status_code}, "
            f"not {operation.expect}."
        )
    content = response.content
    if b"error-summary" in content:
        raise NoBenchData(
            f"{operation.name}: {operation.paths[0]} shows an error: {_errors(response)}"
        )
    found = len(re.findall(operation.shows, content)) if operation.shows else operation.rows
    if found < operation.rows:
        raise NoBenchData(
            f"{operation.name}: {operation.paths[0]} shows {found} of the {operation.rows} "
            f"expected {operation.shows!r}."
        )
