"""The demo data set. Staff and residents are invented; their e-mails use ``.invalid``."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

DIVISIONS_CSV = Path(__file__).with_name("divisions.csv")
DEMO_PASSWORD = "hamaynk-demo"  # noqa: S105  (printed on purpose: demo log-ins only)

_DEPARTMENTS = [
    ("land", "Հողաշինարարության բաժին", "Land management", "Отдел землеустройства"),
    ("construction", "Քաղաքաշինության բաժին", "Urban development", "Отдел градостроительства"),
    ("social", "Սոցիալական բաժին", "Social affairs", "Социальный отдел"),
    ("finance", "Ֆինանսական բաժին", "Finance", "Финансовый отдел"),
    ("registry", "Գրասենյակ", "Registry", "Канцелярия"),
]
DEPARTMENTS = dict.fromkeys(("tatev", "aragatsavan", "gladzor"), _DEPARTMENTS)

# (settlement, kind, (hy, en, ru), address, phone)
SERVICE_POINTS = [
    (
        "tatev.shinuhayr",
        "office",
        ("Տաթևի ՔՍԳ", "Tatev Citizens' Service Office", "ЦОГ Татев"),
        "Շինուհայր, Կենտրոնական հրապարակ 1 (demo)",
        "+37428430000",
    ),
    (
        "tatev.tatev",
        "settlement_point",
        (
            "Տաթև բնակավայրի սպասարկման կետ",
            "Tatev village service point",
            "Пункт обслуживания села Татев",
        ),
        "Տաթև, Մեսրոպ Մաշտոցի փ. 2 (demo)",
        "",
    ),
    (
        "tatev.khot",
        "settlement_point",
        (
            "Խոտ բնակավայրի սպասարկման կետ",
            "Khot village service point",
            "Пункт обслуживания села Хот",
        ),
        "Խոտ, 1-ին փողոց 5 (demo)",
        "",
    ),
    (
        "aragatsavan.aragatsavan",
        "office",
        ("Արագածավանի ՔՍԳ", "Aragatsavan Citizens' Service Office", "ЦОГ Арагацаван"),
        "Արագածավան, Երևանյան խճուղի 10 (demo)",
        "+37424960000",
    ),
    (
        "gladzor.gladzor",
        "office",
        ("Գլաձորի ՔՍԳ", "Gladzor Citizens' Service Office", "ЦОГ Гладзор"),
        "Գլաձոր, Երևանյան փ. 20 (demo)",
        "+37428170000",
    ),
]

# (username, first name, last name, role, scopes, extra)
STAFF: list[tuple[str, str, str, str, list[Any], dict[str, Any]]] = [
    ("admin", "Demo", "Administrator", "admin", [], {}),
    ("tatev.operator", "Անի", "Դեմոյան", "operator", ["tatev"], {}),
    ("tatev.specialist", "Արմեն", "Դեմոյան", "specialist", ["tatev"], {"department": "land"}),
    (
        "tatev.khot",
        "Գոհար",
        "Դեմոյան",
        "settlement_administrator",
        ["tatev"],
        {"settlements": ["tatev.khot", "tatev.halidzor"]},
    ),
    ("tatev.head", "Տիգրան", "Դեմոյան", "head", ["tatev"], {}),
    ("tatev.secretary", "Լուսինե", "Դեմոյան", "chief_of_staff", ["tatev"], {}),
    ("tatev.council", "Սուրեն", "Դեմոյան", "council_member", ["tatev"], {}),
    ("aragatsavan.operator", "Մարիամ", "Դեմոյան", "operator", ["aragatsavan"], {}),
    ("aragatsavan.head", "Վահե", "Դեմոյան", "head", ["aragatsavan"], {}),
    ("gladzor.head", "Նարեկ", "Դեմոյան", "head", ["gladzor"], {}),
    ("both.operator", "Հասմիկ", "Դեմոյան", "operator", ["tatev", "aragatsavan"], {}),
    ("syunik.supervisor", "Արսեն", "Դեմոյան", "supervisor", ["AM-SU"], {}),
    ("national.auditor", "Կարինե", "Դեմոյան", "supervisor", [None], {}),
]

# (community, settlement, fields) — invented people; numbers are not real.
PERSONS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "tatev",
        "tatev.shinuhayr",
        {
            "last_name": "Պետրոսյան",
            "first_name": "Արամ",
            "patronymic": "Սերգեյի",
            "public_service_number": "1000000001",
            "id_document_type": "id_card",
            "id_document_number": "DEMO00001",
            "address": "Շինուհայր, 3-րդ փ. 7 (demo)",
            "phone": "+37493000001",
            "email": "aram@demo.hamaynk.invalid",
        },
    ),
    (
        "tatev",
        "tatev.khot",
        {
            "last_name": "Գրիգորյան",
            "first_name": "Անահիտ",
            "patronymic": "Վազգենի",
            "public_service_number": "1000000002",
            "id_document_type": "passport",
            "id_document_number": "DEMO00002",
            "address": "Խոտ, 2-րդ փ. 4 (demo)",
            "phone": "+37477000002",
        },
    ),
    (
        "tatev",
        "tatev.halidzor",
        {
            "last_name": "Սարգսյան",
            "first_name": "Գևորգ",
            "patronymic": "Արմենի",
            "public_service_number": "1000000003",
            "address": "Հալիձոր, 1-ին փ. 1 (demo)",
        },
    ),
    (
        "tatev",
        "tatev.tatev",
        {
            "last_name": "Հակոբյան",
            "first_name": "Մարինե",
            "patronymic": "Կարենի",
            "public_service_number": "1000000004",
            "address": "Տաթև, 5-րդ փ. 9 (demo)",
            "preferred_language": "ru",
        },
    ),
    (
        "aragatsavan",
        "aragatsavan.arteni",
        {
            "last_name": "Մկրտչյան",
            "first_name": "Նվեր",
            "patronymic": "Հովհաննեսի",
            "public_service_number": "2000000001",
            "address": "Արտենի, 4-րդ փ. 2 (demo)",
            "phone": "+37494000003",
        },
    ),
    (
        "gladzor",
        "gladzor.vernashen",
        {
            "last_name": "Ավետիսյան",
            "first_name": "Լիլիթ",
            "patronymic": "Սամվելի",
            "public_service_number": "3000000001",
            "address": "Վերնաշեն, 1-ին փ. 8 (demo)",
        },
    ),
]

ORGANISATIONS: list[tuple[str, str, dict[str, Any]]] = [
    (
        "tatev",
        "tatev.shinuhayr",
        {"name": "«Տաթև Ագրո» ՍՊԸ (demo)", "kind": "company", "tax_number": "09900001"},
    ),
    (
        "aragatsavan",
        "aragatsavan.aragatsavan",
        {"name": "«Արագած» ՀԿ (demo)", "kind": "ngo", "tax_number": "09900002"},
    ),
]

DEMO_NAMESPACE = uuid.UUID("5f1d8a3e-0c9b-4c55-9e57-68f0c2b6a001")

_ROAD = {"subject": "Ճանապարհների վերանորոգում", "text": "Խնդրում եմ նորոգել գյուղի ճանապարհը։"}
# (community, service, applicant's number, form data, steps after registration)
DEMO_CASES: list[tuple[str, str, str, dict[str, Any], list[str]]] = [
    (
        "tatev",
        "residence-certificate",
        "1000000001",
        {"settlement": "tatev.shinuhayr", "purpose": "Բանկ"},
        [],
    ),
    (
        "tatev",
        "land-use-reference",
        "1000000002",
        {"settlement": "tatev.khot", "cadastral_code": "09-001-0101-0012"},
        ["assign"],
    ),
    (
        "tatev",
        "land-use-reference",
        "1000000003",
        {"settlement": "tatev.halidzor", "cadastral_code": "09-001-0102-0040"},
        ["assign", "start"],
    ),
    (
        "tatev",
        "land-use-reference",
        "1000000004",
        {"settlement": "tatev.tatev", "cadastral_code": "09-001-0103-0007"},
        ["assign", "start", "request_info"],
    ),
    (
        "tatev",
        "land-use-reference",
        "1000000001",
        {"settlement": "tatev.shinuhayr", "cadastral_code": "09-001-0104-0101"},
        ["assign", "start", "decide"],
    ),
    ("tatev", "petition", "1000000002", _ROAD, ["assign", "start", "decide", "close"]),
    ("aragatsavan", "petition", "2000000001", _ROAD, []),
]
