"""Armenian in Latin letters (BGN/PCGN), and the loose form services are searched by."""

import pytest

from hamaynk.core.transliteration import search_key, to_latin


@pytest.mark.parametrize(
    ("armenian", "latin"),
    [
        ("Տեղեկանք բնակության վայրի մասին", "Teghekank' bnakut'yan vayri masin"),
        ("Երևան", "Yerevan"),
        ("Որոտան", "Vorotan"),
        ("Ով", "Ov"),
        ("Հալիձոր", "Halidzor"),
        ("Շինուհայր", "Shinuhayr"),
        ("Քաշունի", "K'ashuni"),
        ("Ճանապարհ", "Chanaparh"),
        ("ԵՂԵԳՆԱՁՈՐ", "YEGHEGNADZOR"),
        ("և", "yev"),
        ("Tatev 2", "Tatev 2"),
    ],
)
def test_to_latin_follows_bgn_pcgn(armenian, latin):
    assert to_latin(armenian) == latin


@pytest.mark.parametrize("typed", ["teghekank", "tegekanq", "Teghekank'", "ՏԵՂԵԿԱՆՔ", "Տեղեկանք"])
def test_what_people_type_meets_the_armenian_name(typed):
    assert search_key(typed) in search_key("Տեղեկանք բնակության վայրի մասին")


def test_search_key_folds_punctuation_and_case():
    assert search_key("Residence-Certificate") == "residence certificate"
    assert search_key("Справка о месте") == "справка о месте"
