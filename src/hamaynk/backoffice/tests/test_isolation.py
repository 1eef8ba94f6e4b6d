"""A staff member of one community sees nothing of another; a settlement administrator
sees only their settlements. Every staff URL is visited, found from the URL map itself,
so a new page is covered without anyone adding it here."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver, reverse

from hamaynk.accounts.models import Organisation, Person
from hamaynk.cases.models import Case
from hamaynk.catalogue.models import Service
from hamaynk.correspondence.models import Letter
from hamaynk.questions.models import Question, Topic
from hamaynk.tenancy.models import Community, Settlement

pytestmark = pytest.mark.django_db

# The model behind each object page's <pk>, by URL name prefix.
OBJECT_MODELS = {
    "case_": Case,
    "catalogue_": Service,
    "intake_": Case,
    "letter_": Letter,
    "person_": Person,
    "question_": Question,
    "topic_": Topic,
    "organisation_": Organisation,
    "settlement_": Settlement,
}
# Values for the other parts of a URL (an action, a file); the object decides the answer.
SAMPLE_KWARGS = {"action": "start", "file_id": 1, "file_format": "csv", "version": 1}
# Pages that take no object and that a logged-in user may open (POST-only ones excluded).
POST_ONLY = {"logout", "logout_everywhere", "community_switch"}
PUBLIC = {"login", "two_factor_setup", "two_factor_verify"}


def staff_patterns() -> list[URLPattern]:
    resolver = get_resolver()
    (staff,) = [p for p in resolver.url_patterns if getattr(p, "namespace", "") == "backoffice"]
    return list(staff.url_patterns)


def model_for(name: str):
    for prefix, model in OBJECT_MODELS.items():
        if name.startswith(prefix):
            return model
    raise AssertionError(f"backoffice:{name} takes an object; add its model to OBJECT_MODELS")


def object_urls(objects_of, *, only_plain: bool = False) -> list[str]:
    """Every object page, for every object ``objects_of(model)`` returns (with
    ``only_plain``, only the pages that show the object and take nothing else)."""
    urls = []
    for pattern in staff_patterns():
        if "pk" not in pattern.pattern.converters:
            continue
        if only_plain and (
            set(pattern.pattern.converters) != {"pk"}
            or "_act" in pattern.name
            or "comment" in pattern.name
        ):
            continue
        model = model_for(pattern.name)
        extra = {name: SAMPLE_KWARGS[name] for name in pattern.pattern.converters if name != "pk"}
        for obj in objects_of(model):
            urls.append(reverse(f"backoffice:{pattern.name}", kwargs={"pk": obj.pk, **extra}))
    return urls


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def visit(client, url):
    """GET, or POST where the page only takes posts: either way, the answer it gives."""
    response = client.get(url)
    if response.status_code == 405:
        response = client.post(url, {})
    return response


def list_urls() -> list[str]:
    return [
        reverse(
            f"backoffice:{p.name}",
            kwargs={name: SAMPLE_KWARGS[name] for name in p.pattern.converters},
        )
        for p in staff_patterns()
        if "pk" not in p.pattern.converters and p.name not in POST_ONLY | PUBLIC
    ]


def foreign_names(community_codes: set[str]) -> list[str]:
    """Names that appear only in those communities' records."""
    return [
        *Person.objects.filter(community__code__in=community_codes).values_list(
            "last_name", flat=True
        ),
        *Organisation.objects.filter(community__code__in=community_codes).values_list(
            "tax_number", flat=True
        ),
        "Արտենի",
        "Լուսակն",
        "Վերնաշեն",
    ]


@pytest.mark.parametrize(
    "username",
    [
        "tatev.operator",
        "tatev.head",
        "tatev.secretary",
        "tatev.specialist",
        "tatev.council",
        "tatev.khot",
        "syunik.supervisor",
    ],
)
def test_tatev_staff_see_nothing_of_other_communities(login, username):
    client = login(username)
    others = {"aragatsavan", "gladzor"}
    for url in object_urls(
        lambda model: model.objects.filter(**{model.policy_community_field + "__code__in": others})
    ):
        response = visit(client, url)
        assert response.status_code in (403, 404), url
    names = foreign_names(others)
    for url in list_urls():
        response = client.get(url)
        if response.status_code == 405:  # an action without an object: nothing to show
            continue
        if response.status_code == 302 and not response.url.startswith("/staff/"):
            continue  # sent to a public page (a supervisor's home is the public comparison)
        assert response.status_code in (200, 403), url
        text = body(response)
        leaked = [name for name in names if name in text]
        assert not leaked, f"{url} shows {leaked}"


def test_settlement_administrator_sees_only_their_settlements(login):
    client = login("tatev.khot")  # Khot and Halidzor
    own = {"tatev.khot", "tatev.halidzor"}
    tatev = Community.objects.get(code="tatev")
    others = Settlement.objects.filter(community=tatev).exclude(code__in=own)

    def objects_of(model):
        if model is Settlement:
            return others
        if getattr(model, "policy_settlement_field", None) is None:
            return model.objects.none()  # community-wide records: not settlement-bound
        return model.objects.filter(settlement__in=others)

    urls = object_urls(objects_of)
    assert urls, "the sweep must visit some object pages"
    for url in urls:
        assert visit(client, url).status_code in (403, 404), url

    # Codes always; names too, except the village that shares the community's name.
    other_names = [s.code for s in others] + [
        s.name_hy for s in others if s.name_hy != tatev.name_hy
    ]
    other_people = list(
        Person.objects.filter(settlement__in=others).values_list("last_name", flat=True)
    )
    for url in list_urls():
        text = body(client.get(url))
        leaked = [n for n in other_names + other_people if n in text]
        assert not leaked, f"{url} shows {leaked}"

    for own_object_url in object_urls(
        only_plain=True,
        objects_of=lambda model: (
            model.objects.filter(code__in=own)
            if model is Settlement
            else model.objects.filter(settlement__code__in=own)
            if getattr(model, "policy_settlement_field", None)
            else model.objects.none()
        ),
    ):
        response = client.get(own_object_url)
        if response.status_code != 405:  # a page that only takes posts shows nothing
            assert response.status_code in (200, 403), own_object_url


def test_every_staff_page_is_covered_by_the_sweep():
    for pattern in staff_patterns():
        if "pk" in pattern.pattern.converters:
            model_for(pattern.name)
        else:
            kwargs = {name: SAMPLE_KWARGS[name] for name in pattern.pattern.converters}
            assert reverse(f"backoffice:{pattern.name}", kwargs=kwargs)
