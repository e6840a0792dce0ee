"""Writing `.wortlaut` files: a snapshot taken on the UI thread, encoded and written anywhere.

Taking a `ProjectSnapshot` only copies plain values (no base64, no JSON), so it is cheap on the
UI thread; `write` encodes with msgspec (an original document's bytes become base64 in C, about
ten times faster than `base64` + `json.dumps`) and replaces the file atomically, so an app can
run it in the background (`EditorSession.save_in_background`). Saves of one file are written
one at a time, and a snapshot never replaces the file of a snapshot taken after it: a slow
background save cannot overwrite the newer save made when the window closes.
"""

from __future__ import annotations

import itertools
import secrets
import threading
from dataclasses import dataclass, field
from pathlib import Path

import msgspec

from glossary.atomic import atomic_write_bytes

_ENCODER = msgspec.json.Encoder()
_LOCK = threading.Lock()
_NUMBERS = itertools.count(1)
_written: dict[Path, int] = {}  # the newest snapshot written to each file


@dataclass
class ProjectSnapshot:
    """A project's file content at one moment (`Project.snapshot`): plain values and bytes."""

    payload: dict[str, object]
    number: int = field(default_factory=lambda: next(_NUMBERS))

    def encode(self, indent: bool = True) -> bytes:
        """The JSON; with `indent` one field a line, except the original's base64 (indenting
        20 MB of it would only cost time), which is put in after by a one-off placeholder."""
        if not indent:
            return _ENCODER.encode(self.payload)
        original = self.payload.get("original")
        data = original.get("data") if isinstance(original, dict) else None
        if not isinstance(original, dict) or not isinstance(data, bytes):
            return msgspec.json.format(_ENCODER.encode(self.payload), indent=1)
        placeholder = secrets.token_hex(16)
        payload = {**self.payload, "original": {**original, "data": placeholder}}
        raw = msgspec.json.format(_ENCODER.encode(payload), indent=1)
        return raw.replace(f'"{placeholder}"'.encode(), _ENCODER.encode(data), 1)

    def write(self, path: Path, indent: bool = True) -> bool:
        """Write the file atomically (OSError on failure); False, and nothing written, when a
        snapshot taken later has already been written to `path`."""
        raw = self.encode(indent)
        with _LOCK:
            key = path.absolute()
            if _written.get(key, 0) > self.number:
                return False
            atomic_write_bytes(path, raw)
            _written[key] = self.number
        return True
