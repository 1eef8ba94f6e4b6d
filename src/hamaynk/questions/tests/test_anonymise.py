from __future__ import annotations

import pytest

from hamaynk.questions.anonymise import REMOVED, anonymise


@pytest.mark.parametrize(
    "personal",
    [
        "aram.petrosyan@mail.am",
        "+374 93 000001",
        "+37493000001",
        "093 00-00-01",
        "(010) 52-52-52",
        "0037493000001",
        "1000000001",  # a Public Service Number
        "AN1234567",  # a passport
    ],
)
def test_contacts_and_personal_numbers_are_taken_out(personal):
    text = f"Կապվեք ինձ հետ՝ {personal}, շնորհակալություն։"
    assert anonymise(text) == f"Կապվեք ինձ հետ՝ {REMOVED}, շնորհակալություն։"


@pytest.mark.parametrize(
    "kept",
    ["15.03.2026", "2026 թ.", "1 500 000 դրամ", "5000", "N 62-Ն", "3-րդ փողոց 7"],
)
def test_dates_years_sums_and_addresses_stay(kept):
    assert anonymise(f"Տես՝ {kept}։") == f"Տես՝ {kept}։"


def test_the_askers_names_go_in_any_case_ending_and_in_latin_letters():
    text = "Ես Արամ Պետրոսյանն եմ։ Պետրոսյանի տունը։ ԱՐԱՄ։ Aram Petrosyan. Արամայիս"
    result = anonymise(text, names=["Արամ", "Պետրոսյան"])
    assert (
        result
        == f"Ես {REMOVED} {REMOVED} եմ։ {REMOVED} տունը։ {REMOVED}։ {REMOVED} {REMOVED}. {REMOVED}"
    )


def test_other_peoples_names_and_very_short_names_are_left_to_staff():
    assert anonymise("Սուրեն Մելքոնյանը", names=["Ա", ""]) == "Սուրեն Մելքոնյանը"
