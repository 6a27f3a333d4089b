"""Column mappings confirmed by analysts, reused for the next file of the same layout.

Kept next to the database (runtime knowledge of this installation, not project configuration):
`<db dir>/learned_mappings.json` = {layout_signature: {header text: field}}.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from etl import config


def path() -> Path:
    return Path(os.environ.get("MONITORING_MAPPINGS", str(config.db_path().parent / "learned_mappings.json")))


def load_all() -> dict[str, dict[str, str]]:
    p = path()
    if not p.exists():
        return {}
    try:
        return json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def get(signature: str | None) -> dict[str, str] | None:
    if not signature:
        return None
    return load_all().get(signature)


def save(signature: str, mapping: dict[str, str]) -> None:
    """Remember header → field for this layout (atomic write)."""
    data = load_all()
    data[signature] = {**data.get(signature, {}), **mapping}
    p = path()
    p.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=p.parent, suffix=".json")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1)
    os.replace(tmp, p)
