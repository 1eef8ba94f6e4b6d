import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from hamaynk.tenancy.models import Community, Settlement

pytestmark = pytest.mark.django_db


def test_names_follow_the_active_language_with_armenian_as_fallback():
    tatev = Community.objects.get(code="tatev")
    with translation.override("ru"):
        assert tatev.name == "Татев"
    with translation.override("hy"):
        assert tatev.name == "Տաթև"
    tatev.name_en = ""
    with translation.override("en"):
        assert tatev.name == "Տաթև"


def test_a_community_has_at_most_one_centre():
    khot = Settlement.objects.get(code="tatev.khot")
    khot.is_centre = True
    with pytest.raises(IntegrityError), transaction.atomic():
        khot.save()
