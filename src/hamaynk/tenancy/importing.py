"""Reading administrative divisions from a CSV file, checking every row before any write.

The format (one row per settlement, UTF-8, comma- or semicolon-separated, with a header)
is documented in ``docs/divisions-csv.md``.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import CODE_PATTERN

COLUMNS = (
    "region_code",
    "region_name_hy",
    "region_name_en",
    "region_name_ru",
    "community_code",
    "community_name_hy",
    "community_name_en",
    "community_name_ru",
    "settlement_code",
    "settlement_name_hy",
    "settlement_name_en",
    "settlement_name_ru",
    "is_centre",
)
REQUIRED = (
    "region_code",
    "region_name_hy",
    "community_code",
    "community_name_hy",
    "settlement_code",
    "settlement_name_hy",
)
CODE_COLUMNS = ("region_code", "community_code", "settlement_code")
_TRUE = {"1", "yes", "true", "y", "այո", "да"}
_FALSE = {"", "0", "no", "false", "n", "ոչ", "нет"}
_CODE = re.compile(CODE_PATTERN)
MAX_NAME = 200


@dataclass(frozen=True)
class Names:
    hy: str
    en: str
    ru: str


@dataclass(frozen=True)
class DivisionRow:
    line: int
    region_code: str
    region: Names
    community_code: str
    community: Names
    settlement_code: str
    settlement: Names
    is_centre: bool


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        where = _("line %(line)d") % {"line": self.line}
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.message}"


@dataclass
class ParseResult:
    rows: list[DivisionRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def parse_divisions(data: bytes) -> ParseResult:
    """Parse and check the whole file. Rows are returned only if there is no error at all."""
    result = ParseResult()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        result.errors.append(RowError(line, "", _("the file is not UTF-8 text.")))
        return result
    if not text.strip():
        result.errors.append(RowError(1, "", _("the file is empty.")))
        return result
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        result.errors.append(
            RowError(1, "", _("missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        )
        return result
    reader.fieldnames = header

    rows: list[DivisionRow] = []
    for record in reader:
        line = reader.line_num
        row = _check_row(line, record, result.errors)
        if row is not None:
            rows.append(row)
    if not rows and not result.errors:
        result.errors.append(RowError(1, "", _("the file has a header but no rows.")))
    _check_consistency(rows, result.errors)
    if not result.errors:
        result.rows = rows
    result.errors.sort(key=lambda e: e.line)
    return result


def _check_row(
    line: int, record: dict[str | None, object], errors: list[RowError]
) -> DivisionRow | None:
    if None in record:
        errors.append(RowError(line, "", _("this row has more cells than the header.")))
        return None
    values = {name: str(record.get(name) or "").strip() for name in COLUMNS}
    ok = True
    for name in REQUIRED:
        if not values[name]:
            errors.append(RowError(line, name, _("this value is required.")))
            ok = False
    for name in CODE_COLUMNS:
        if values[name] and not _CODE.fullmatch(values[name]):
            errors.append(
                RowError(
                    line,
                    name,
                    _(
                        "%(value)r is not a valid code (up to 40 Latin letters, digits, "
                        "'.', '-' or '_')."
                    )
                    % {"value": values[name]},
                )
            )
            ok = False
    for name in COLUMNS:
        if "name" in name and len(values[name]) > MAX_NAME:
            errors.append(
                RowError(line, name, _("longer than %(max)d characters.") % {"max": MAX_NAME})
            )
            ok = False
    centre = values["is_centre"].lower()
    if centre not in _TRUE | _FALSE:
        errors.append(
            RowError(
                line,
                "is_centre",
                _("write 1 or 0 (yes or no), not %(value)r.") % {"value": values["is_centre"]},
            )
        )
        ok = False
    if not ok:
        return None

    def names(prefix: str) -> Names:
        return Names(
            values[f"{prefix}_name_hy"], values[f"{prefix}_name_en"], values[f"{prefix}_name_ru"]
        )

    return DivisionRow(
        line=line,
        region_code=values["region_code"],
        region=names("region"),
        community_code=values["community_code"],
        community=names("community"),
        settlement_code=values["settlement_code"],
        settlement=names("settlement"),
        is_centre=centre in _TRUE,
    )


def _check_consistency(rows: list[DivisionRow], errors: list[RowError]) -> None:
    """The same code must mean the same thing on every row of the file."""
    regions: dict[str, DivisionRow] = {}
    communities: dict[str, DivisionRow] = {}
    settlements: dict[str, DivisionRow] = {}
    centres: dict[str, DivisionRow] = {}
    for row in rows:
        first = regions.setdefault(row.region_code, row)
        if first.region != row.region:
            errors.append(
                RowError(
                    row.line,
                    "region_name_hy",
                    _("region %(code)s has other names on line %(first)d.")
                    % {"code": row.region_code, "first": first.line},
                )
            )
        first = communities.setdefault(row.community_code, row)
        if first.community != row.community or first.region_code != row.region_code:
            errors.append(
                RowError(
                    row.line,
                    "community_code",
                    _("community %(code)s has another region or other names on line %(first)d.")
                    % {"code": row.community_code, "first": first.line},
                )
            )
        first = settlements.setdefault(row.settlement_code, row)
        if first is not row:
            errors.append(
                RowError(
                    row.line,
                    "settlement_code",
                    _("settlement %(code)s is already listed on line %(first)d.")
                    % {"code": row.settlement_code, "first": first.line},
                )
            )
        if row.is_centre:
            first = centres.setdefault(row.community_code, row)
            if first is not row:
                errors.append(
                    RowError(
                        row.line,
                        "is_centre",
                        _("community %(code)s already has its centre on line %(first)d.")
                        % {"code": row.community_code, "first": first.line},
                    )
                )
