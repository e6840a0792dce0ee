"""A local, read-only copy of a team glossary, for working while the server is out of reach."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from glossary.atomic import atomic_write_text
from glossary.terms import TermEntry, term_from_json, term_json

FORMAT = "wortlaut-glossary-snapshot"


def write_snapshot(path: Path, source: str, entries: list[TermEntry], latest_change: int) -> None:
    payload = {
        "format": FORMAT,
        "source": source,  # the server URL, without password
        "saved_at": datetime.now(UTC).isoformat(),
        "latest_change": latest_change,
        "terms": [{"id": e.id, **term_json(e)} for e in entries],
    }
    atomic_write_text(path, json.dumps(payload, ensure_ascii=False))


def read_snapshot(path: Path) -> tuple[list[TermEntry], datetime, int]:
    """(terms, when the copy was made, newest change it includes); ValueError if unusable."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: no usable glossary snapshot ({exc})") from None
    if data.get("format") != FORMAT:
        raise ValueError(f"{path}: not a glossary snapshot")
    entries = [term_from_json(item["id"], item) for item in data["terms"]]
    return entries, datetime.fromisoformat(data["saved_at"]), int(data.get("latest_change", 0))
