"""Every page of the portal, as found in the URL map (namespace ``portal``), so that a page
added later is checked without touching this file:

- in Chromium with JavaScript on, no serious or critical axe-core finding;
- with JavaScript off, each page shows its main content (one ``h1`` in ``main``) and every
  form in ``main`` submits to a page that renders.

Pages that need a signed-in resident are visited again with a resident session. A page whose
address takes a value this file cannot supply (a staged application's key, a document
version) is listed as skipped; downloads (PDF, CSV) are not pages and are skipped too.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db.models import Count
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse

from hamaynk.accounts.models import User
from hamaynk.cases.models import Case
from hamaynk.tenancy.models import Community

from .conftest import serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

# The pages every installation has: these must answer, the others may be absent.
CORE = {
    "landing",
    "community",
    "services",
    "service",
    "track",
    "verify",
    "verify_code",
    "statistics",
    "statistics_region",
    "statistics_dashboard",
    "open_data",
}
WRONG_TRACKING_CODE = "0000-0000-0000-0000"
WRONG_VERIFICATION_CODE = "ZZZZ-ZZZZ-ZZZZ"
SUBMIT = "button:not([type]), button[type=submit], input[type=submit], input[type=image]"


@dataclass(frozen=True)
class Visit:
    label: str
    url: str
    required: bool


@dataclass
class DemoValues:
    """Values from the demo data for the parts of addresses."""

    community: str
    region: str
    service: str
    tracking_code: str
    verification_code: str
    resident: User
    case_pk: int
    letter_pk: int | None

    def value(self, name: str, param: str) -> str | None:
        specific = {
            ("verify_code", "code"): self.verification_code,
            ("statistics_region", "code"): self.region,
            ("track_document", "code"): self.tracking_code,
            ("my_application", "pk"): str(self.case_pk),
            ("apply_receipt", "pk"): str(self.case_pk),
            ("my_letter", "pk"): str(self.letter_pk) if self.letter_pk else None,
        }
        if (name, param) in specific:
            return specific[(name, param)]
        return {"code": self.community, "service": self.service}.get(param)


def demo_values() -> DemoValues:
    from hamaynk.cases.services import case_issue_result
    from hamaynk.correspondence.models import Letter
    from hamaynk.documents.models import IssuedDocument

    tatev = Community.objects.select_related("region").get(code="tatev")
    if not IssuedDocument.objects.exists():
        # The verification page shows a document: issue the result of a decided application.
        decided = Case.objects.filter(community=tatev, status="decided").first()
        if decided is not None:
            case_issue_result(by=User.objects.get(username="tatev.operator"), case=decided)
    case = (
        Case.objects.filter(community=tatev)
        .annotate(steps=Count("events"))
        .order_by("-steps", "pk")
        .first()
    )
    assert case is not None
    document = IssuedDocument.objects.order_by("pk").first()
    resident = User.objects.create(
        username="portal-access-resident", email="access@example.am", is_resident=True
    )
    resident.set_unusable_password()
    resident.save()
    Case.objects.filter(pk=case.pk).update(resident=resident)
    letter = Letter.objects.filter(community=tatev).order_by("pk").first()
    if letter is not None:
        Letter.objects.filter(pk=letter.pk).update(resident=resident)
    return DemoValues(
        community=tatev.code,
        region=tatev.region.code,
        service="residence-certificate",  # offered online, at the office and in villages
        tracking_code=case.tracking_code,
        verification_code=document.verification_code if document else "",
        resident=resident,
        case_pk=case.pk,
        letter_pk=letter.pk if letter else None,
    )


def _named_patterns(patterns: list[URLPattern | URLResolver]) -> Iterator[URLPattern]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _named_patterns(p.url_patterns)
        elif p.name:
            yield p


def portal_visits(values: DemoValues) -> tuple[list[Visit], list[str]]:
    """Every named page of the ``portal`` namespace with the demo values filled in, plus the
    states of the look-up pages (a result, a wrong code); and what had to be skipped."""
    from hamaynk.portal import urls

    visits: list[Visit] = []
    skipped: list[str] = []
    for pattern in _named_patterns(urls.urlpatterns):
        name = pattern.name
        assert name is not None
        params = list(getattr(pattern.pattern, "converters", {}))
        kwargs = {param: values.value(name, param) for param in params}
        missing = [param for param, value in kwargs.items() if not value]
        if missing:
            skipped.append(f"{name}: no demo value for {', '.join(missing)}")
            continue
        try:
            url = reverse(f"portal:{name}", kwargs=kwargs)
        except NoReverseMatch:
            skipped.append(f"{name}: cannot be reversed with {kwargs}")
            continue
        visits.append(Visit(name, url, name in CORE))
    track = reverse("portal:track")
    visits += [
        Visit("track: a result", f"{track}?code={values.tracking_code}", True),
        Visit("track: a wrong code", f"{track}?code={WRONG_TRACKING_CODE}", True),
        Visit(
            "verify: a wrong code",
            reverse("portal:verify_code", kwargs={"code": WRONG_VERIFICATION_CODE}),
            True,
        ),
    ]
    return visits, skipped


def _url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _session_cookie(user: User) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def audience(visit: Visit, values: DemoValues) -> str:
    """Who can see the page: "visitor", "resident" (a visitor is sent to sign in), or why it
    is not a page to check here (a download, a form's POST-only address, not found)."""
    cache.clear()  # the look-up pages slow down repeated wrong codes from one address
    visitor = Client()
    response = visitor.get(visit.url)
    who = "visitor"
    sign_in = _url("portal:sign_in")
    if (
        response.status_code == 302
        and sign_in
        and urlsplit(response["Location"]).path.startswith(sign_in)
    ):
        who = "resident"
        resident = Client()
        resident.force_login(values.resident)
        response = resident.get(visit.url)
    response.close()
    if response.status_code in (404, 405) and not visit.required:
        return f"status {response.status_code} with the demo data"
    if response.status_code < 300 and "text/html" not in response.get("Content-Type", ""):
        return "a download"
    return who


def _checked_pages(
    browser: Any, server: Any, values: DemoValues, check: Any, **options: Any
) -> tuple[list[str], list[str]]:
    """Run ``check(page, visit) -> list of problems`` on every page, as a visitor or, for
    the pages that need one, as a signed-in resident (a fresh session for each page: a form
    checked on one page may end it). Returns the problems and the pages checked."""
    visits, _skipped = portal_visits(values)
    problems: list[str] = []
    checked: list[str] = []
    for visit in visits:
        who = audience(visit, values)
        if who not in ("visitor", "resident"):
            continue
        context = browser.new_context(locale="hy-AM", base_url=server.url, **options)
        if who == "resident":
            cookie = _session_cookie(values.resident)
            context.add_cookies(
                [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": server.url}]
            )
        page = context.new_page()
        page.set_default_timeout(10_000)
        cache.clear()
        response = page.goto(visit.url)
        label = visit.label if who == "visitor" else f"{visit.label} (resident)"
        if response is None or response.status >= 400:
            status = response.status if response else "no response"
            problems.append(f"{label} {visit.url}: status {status}")
        else:
            problems += [f"{label} {visit.url}: {p}" for p in check(page, visit)]
            checked.append(label)
        context.close()
    return problems, checked


def _axe(page: Any, visit: Visit) -> list[str]:
    problems = serious_violations(page)
    if page.locator("h1").count() != 1:
        problems.append(f"{page.locator('h1').count()} h1 elements")
    return problems


def test_every_portal_page_passes_axe(browser, demo_server):
    values = demo_values()
    problems, checked = _checked_pages(browser, demo_server, values, _axe)
    assert problems == []
    assert {"landing", "community", "services", "service", "track", "track: a result"} <= set(
        checked
    )
    assert "verify_code" in checked or not values.verification_code


def _form_targets(page: Any) -> list[str]:
    """A description of each form in ``main``, in order, for messages."""
    described = []
    for i, form in enumerate(page.locator("main form").all()):
        method = form.get_attribute("method") or "get"
        described.append(f"form {i + 1} ({method} {form.get_attribute('action') or '.'})")
    return described


def _without_javascript(page: Any, visit: Visit) -> list[str]:
    from playwright.sync_api import Error

    problems = []
    heading = page.locator("main h1")
    if heading.count() != 1 or not heading.inner_text().strip():
        return ["no main heading without JavaScript"]
    if not page.locator("main").inner_text().strip():
        return ["main content is empty"]
    session_enders = tuple(
        url for url in map(_url, ("portal:sign_out", "portal:sign_out_everywhere")) if url
    )
    for index, description in enumerate(_form_targets(page)):
        if index:
            page.goto(visit.url)
        form = page.locator("main form").nth(index)
        if session_enders and (form.get_attribute("action") or "").startswith(session_enders):
            continue  # signing out is checked by its own tests
        button = form.locator(SUBMIT)
        if button.count() == 0:
            problems.append(f"{description}: nothing to submit it with")
            continue
        # The browser's own checks (required, pattern) would stop an empty form before it
        # leaves; the server's checks and their error summary are what is tested here.
        form.evaluate("f => { f.noValidate = true }")
        cache.clear()
        try:
            with page.expect_navigation() as navigation:
                button.first.click()
        except Error as error:
            if "Download is starting" in str(error):
                continue  # the form asks for a file, which is fine
            problems.append(f"{description}: did not submit ({error.message.splitlines()[0]})")
            continue
        response = navigation.value
        if response is not None and response.status >= 500:
            problems.append(f"{description}: status {response.status}")
        elif page.locator("main h1").count() != 1:
            problems.append(f"{description}: the page after submitting has no main heading")
    return problems


def test_every_portal_page_works_without_javascript(browser, demo_server):
    values = demo_values()
    problems, checked = _checked_pages(
        browser, demo_server, values, _without_javascript, java_script_enabled=False
    )
    assert problems == []
    assert {"landing", "service", "track", "track: a wrong code", "verify"} <= set(checked)


def test_the_url_map_is_read_with_every_page_accounted_for(demo_server):
    """Each named portal page is either visited or skipped for a stated reason."""
    values = demo_values()
    visits, skipped = portal_visits(values)
    from hamaynk.portal import urls

    names = {p.name for p in _named_patterns(urls.urlpatterns)}
    accounted = {v.label for v in visits} | {s.split(":", 1)[0] for s in skipped}
    assert names <= accounted
    expected = CORE if values.verification_code else CORE - {"verify_code"}
    assert expected <= {v.label for v in visits}
