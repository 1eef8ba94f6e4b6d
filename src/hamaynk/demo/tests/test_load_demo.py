import io

import pytest
from django.core.management import call_command

from hamaynk.accounts.models import Membership, Person, User
from hamaynk.audit.models import AuditEvent
from hamaynk.tenancy.models import Community, ServicePoint, Settlement

pytestmark = pytest.mark.django_db


def counts():
    return tuple(
        model.objects.count()
        for model in (Community, Settlement, ServicePoint, User, Membership, Person, AuditEvent)
    )


def test_loading_the_demo_again_changes_nothing():
    before = counts()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    assert counts() == before
    assert "tatev.operator" in out.getvalue()


def test_demo_people_are_labelled_as_demo():
    assert not User.objects.filter(is_demo=False).exists()
    assert not Person.objects.filter(is_demo=False).exists()
    assert Community.objects.filter(code__in=["tatev", "aragatsavan", "gladzor"]).count() == 3


def test_demo_data_is_refused_where_it_is_not_allowed(settings):
    from django.core.management import CommandError

    settings.HAMAYNK_DEMO_ALLOWED = False
    with pytest.raises(CommandError, match="HAMAYNK_DEMO_ALLOWED"):
        call_command("load_demo", stdout=io.StringIO())
