"""The secret key: from the environment, or generated once into the data folder."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def local_secret_key(data_dir: Path) -> str:
    """Return the key stored in ``data_dir``, creating it (readable by its owner only)."""
    path = data_dir / "secret_key"
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(64))
    return path.read_text().strip()
