"""Importing administrative divisions: all rows checked first, all or nothing, idempotent."""

import io

import pytest
from django.core.management import CommandError, call_command

from hamaynk.audit.models import AuditEvent
from hamaynk.tenancy.importing import COLUMNS, parse_divisions
from hamaynk.tenancy.models import Community, Region, Settlement

pytestmark = pytest.mark.django_db

HEADER = ",".join(COLUMNS)


def csv_file(tmp_path, *rows, header=HEADER, encoding="utf-8"):
    path = tmp_path / "divisions.csv"
    path.write_bytes(("\n".join([header, *rows]) + "\n").encode(encoding))
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(
            "import_divisions", str(path), "--language", "en", *args, stdout=out, stderr=err
        )
    except CommandError as error:
        return False, out.getvalue(), err.getvalue() + str(error)
    return True, out.getvalue(), err.getvalue()


GOOD = [
    "AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.odzun,Օձուն,Odzun,Одзун,1",
    "AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.ardvi,Արդվի,Ardvi,Ардви,0",
    "AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.hagvi,Հագվի,Hagvi,Агви,",
]


def test_a_good_file_imports_every_level(tmp_path):
    ok, out, err = run(csv_file(tmp_path, *GOOD))
    assert ok, err
    assert "Created — regions: 1, communities: 1, settlements: 3" in out
    odzun = Community.objects.get(code="odzun")
    assert odzun.region.code == "AM-LO"
    assert odzun.name_ru == "Одзун"
    assert list(odzun.settlements.filter(is_centre=True).values_list("code", flat=True)) == [
        "odzun.odzun"
    ]


def test_importing_twice_changes_nothing(tmp_path):
    path = csv_file(tmp_path, *GOOD)
    run(path)
    events = AuditEvent.objects.count()
    ok, out, _err = run(path)
    assert ok
    assert "Unchanged — regions: 1, communities: 1, settlements: 3" in out
    assert AuditEvent.objects.count() == events


def test_a_second_import_updates_names_and_moves_the_centre(tmp_path):
    run(csv_file(tmp_path, *GOOD))
    changed = [
        GOOD[0].replace(",1", ",0").replace("Одзун,0", "Одзун,0"),
        GOOD[1].replace("Ardvi,Ардви,0", "Ardvi village,Ардви,1"),
        GOOD[2],
    ]
    ok, _out, err = run(csv_file(tmp_path, *changed))
    assert ok, err
    ardvi = Settlement.objects.get(code="odzun.ardvi")
    assert ardvi.name_en == "Ardvi village"
    assert ardvi.is_centre
    assert not Settlement.objects.get(code="odzun.odzun").is_centre


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ("AM-LO,Լոռի,Lori,Лори,odzun,,Odzun,Одзун,odzun.x,X,X,X,0", "community_name_hy"),
        ("AM-LO,Լոռի,Lori,Лори,od zun,Օձուն,Odzun,Одзун,odzun.x,X,X,X,0", "community_code"),
        ("AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.x,X,X,X,maybe", "is_centre"),
        ("AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.x,X,X,X,0,extra", "more cells"),
        (
            "AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.ardvi,Արդվի,A,A,0",
            "already listed on line 3",
        ),
        ("AM-LO,Լոռի,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.x,X,X,X,1", "already has its centre"),
        ("AM-LO,Lori wrong,Lori,Лори,odzun,Օձուն,Odzun,Одзун,odzun.x,X,X,X,0", "other names"),
    ],
)
def test_one_bad_row_is_reported_by_line_and_nothing_is_imported(tmp_path, row, expected):
    before = (
        Region.objects.count(),
        Community.objects.count(),
        Settlement.objects.count(),
        AuditEvent.objects.count(),
    )
    ok, _out, err = run(csv_file(tmp_path, *GOOD, row))
    assert not ok
    assert "line 5" in err
    assert expected in err
    assert "nothing was imported" in err
    after = (
        Region.objects.count(),
        Community.objects.count(),
        Settlement.objects.count(),
        AuditEvent.objects.count(),
    )
    assert after == before


def test_missing_columns_are_named(tmp_path):
    ok, _out, err = run(csv_file(tmp_path, "a,b", header="region_code,community_code"))
    assert not ok
    assert "missing columns" in err
    assert "settlement_code" in err


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = csv_file(tmp_path, "AM-LO,Лори,Lori,Лори,odzun,Одзун,,,odzun.x,Х,,,0", encoding="cp1251")
    ok, _out, err = run(path)
    assert not ok
    assert "UTF-8" in err


def test_semicolons_and_a_byte_order_mark_are_accepted():
    data = ("\ufeff" + ";".join(COLUMNS) + "\n" + GOOD[0].replace(",", ";") + "\n").encode()
    result = parse_divisions(data)
    assert result.errors == []
    assert result.rows[0].settlement_code == "odzun.odzun"


def test_an_import_does_not_move_an_existing_settlement(tmp_path):
    row = "AM-SU,Սյունիք,Syunik,Сюник,goris,Գորիս,Goris,Горис,tatev.khot,Խոտ,Khot,Хот,0"
    ok, _out, err = run(csv_file(tmp_path, row))
    assert not ok
    assert "belongs to community tatev" in err
    assert not Community.objects.filter(code="goris").exists()


def test_dry_run_checks_without_writing(tmp_path):
    ok, out, _err = run(csv_file(tmp_path, *GOOD), "--dry-run")
    assert ok
    assert "3 rows are valid" in out
    assert not Community.objects.filter(code="odzun").exists()


def test_an_unreadable_path_is_a_clear_error(tmp_path):
    ok, _out, err = run(tmp_path / "nope.csv")
    assert not ok
    assert "Cannot read" in err


def test_the_demo_file_matches_the_domain_brief():
    tatev = Community.objects.get(code="tatev")
    assert tatev.settlements.count() == 8
    assert tatev.settlements.get(is_centre=True).name_en == "Shinuhayr"
    assert Community.objects.get(code="aragatsavan").settlements.count() == 4


def test_dry_run_also_refuses_a_move(tmp_path):
    row = "AM-SU,Սյունիք,Syunik,Сюник,goris,Գորիս,Goris,Горис,tatev.khot,Խոտ,Khot,Хот,0"
    ok, _out, err = run(csv_file(tmp_path, row), "--dry-run")
    assert not ok
    assert "belongs to community tatev" in err


def test_a_header_and_a_blank_line_is_an_empty_file(tmp_path):
    ok, _out, err = run(csv_file(tmp_path, ""))
    assert not ok
    assert "no rows" in err
