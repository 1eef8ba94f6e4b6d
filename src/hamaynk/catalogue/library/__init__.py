"""The national template library: services every community can adopt and adapt."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

LIBRARY_FILE = Path(__file__).with_name("services.json")


@cache
def library() -> dict[str, dict[str, Any]]:
    """Templates by code, read once per process."""
    data = json.loads(LIBRARY_FILE.read_text(encoding="utf-8"))
    return {entry["code"]: entry for entry in data["services"]}
