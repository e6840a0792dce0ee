"""Hostile `.wortlaut` project files and autosaves.

`write_cases(folder)` writes every case into `folder` and returns `(path, description)` pairs.
Each file is refused by the loader with one InputError naming it; none may escape as another
exception, hang, or (as an autosave) be deleted unseen. Run as a script to build the corpus:
`python -m tests.hostile.projects OUT_DIR`.
"""

from __future__ import annotations

import copy
import json
import sys
from collections.abc import Callable
from pathlib import Path

from app.project import new_project

TEXT = "Der Machthaber schweigt.\n\nDas Bollwerk hält.\n"
DEPTH = 50_000


def valid_project() -> dict:  # type: ignore[type-arg]
    """The JSON of a small, valid project (two segments, one term result, one flag)."""
    from app.pipeline import recheck_segment
    from glossary.matcher import Matcher
    from glossary.terms import TermEntry

    project = new_project(TEXT, name="hostile")
    segment = project.segments[0]
    segment.target = "The ruler says nothing. The ruler."
    recheck_segment(segment, Matcher([TermEntry("Machthaber", "ruler")]), [])
    return project.to_json()


def _changed(change: Callable[[dict], object]) -> bytes:  # type: ignore[type-arg]
    data = copy.deepcopy(valid_project())
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def _set(*path_and_value: object) -> Callable[[dict], None]:  # type: ignore[type-arg]
    *path, value = path_and_value

    def change(data: dict) -> None:  # type: ignore[type-arg]
        target = data
        for key in path[:-1]:
            target = target[key]  # type: ignore[index]
        target[path[-1]] = value  # type: ignore[index]

    return change


def _nested(depth: int) -> str:
    return "[" * depth + "]" * depth


CASES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "version-string": ('"version": "2.0"', lambda: _changed(_set("version", "2.0"))),
    "version-list": ('"version": [1]', lambda: _changed(_set("version", [1]))),
    "version-bool": ('"version": true', lambda: _changed(_set("version", True))),
    "version-zero": ('"version": 0', lambda: _changed(_set("version", 0))),
    "version-newer": ('"version": 99 (a newer Wortlaut)', lambda: _changed(_set("version", 99))),
    "top-list": ("a JSON list, not an object", lambda: b'["wortlaut-project", 1]'),
    "top-string": ("a JSON string", lambda: b'"wortlaut-project"'),
    "top-null": ("JSON null", lambda: b"null"),
    "other-format": ('"format": "something-else"', lambda: _changed(_set("format", "other"))),
    "saved-at-number": ('"saved_at": 5', lambda: _changed(_set("saved_at", 5))),
    "saved-at-text": ('"saved_at": "gestern"', lambda: _changed(_set("saved_at", "gestern"))),
    "created-at-list": ('"created_at": []', lambda: _changed(_set("created_at", []))),
    "source-path-number": ('"source_path": 5', lambda: _changed(_set("source_path", 5))),
    "name-object": ('"name": {}', lambda: _changed(_set("name", {}))),
    "text-missing": ("no text", lambda: _changed(lambda d: d.pop("text"))),
    "segments-object": ('"segments": {}', lambda: _changed(_set("segments", {}))),
    "segments-numbers": ('"segments": [1, 2]', lambda: _changed(_set("segments", [1, 2]))),
    "start-string": (
        "a segment start as text",
        lambda: _changed(_set("segments", 0, "start", "0")),
    ),
    "start-float": ("a segment start 0.5", lambda: _changed(_set("segments", 0, "start", 0.5))),
    "start-negative": ("a segment start -1", lambda: _changed(_set("segments", 0, "start", -1))),
    "end-huge": ("a segment end 10**30", lambda: _changed(_set("segments", 0, "end", 10**30))),
    "segments-overlap": (
        "the second segment starting inside the first",
        lambda: _changed(_set("segments", 1, "start", 2)),
    ),
    "state-unknown": ('"state": "done"', lambda: _changed(_set("segments", 0, "state", "done"))),
    "target-number": ('"target": 7', lambda: _changed(_set("segments", 0, "target", 7))),
    "terms-object": ('"terms": {}', lambda: _changed(_set("segments", 0, "terms", {}))),
    "term-outside": (
        "a term span beyond its segment",
        lambda: _changed(_set("segments", 0, "terms", 0, "end", 500)),
    ),
    "term-target-half": (
        "target_start without target_end",
        lambda: _changed(_set("segments", 0, "terms", 0, "target_end", None)),
    ),
    "term-status-unknown": (
        '"status": "maybe"',
        lambda: _changed(_set("segments", 0, "terms", 0, "status", "maybe")),
    ),
    "term-entry-missing": (
        "a term result without its term",
        lambda: _changed(lambda d: d["segments"][0]["terms"][0].pop("term")),
    ),
    "flag-details-nested": (
        "flag details nested 50,000 levels deep",
        lambda: _changed(
            _set("segments", 0, "flags", [{"kind": "k", "message": "m", "details": {"d": "@"}}])
        ).replace(b'"@"', _nested(DEPTH).encode()),
    ),
    "nested-50k": ("50,000 levels of nested lists", lambda: _nested(DEPTH).encode()),
    "nested-50k-objects": (
        "50,000 levels of nested objects",
        lambda: ('{"a":' * DEPTH + "1" + "}" * DEPTH).encode(),
    ),
    "nested-unknown-field": (
        "50,000 levels in a field Wortlaut does not know",
        lambda: (
            b'{"format": "wortlaut-project", "version": 1, "x": ' + _nested(DEPTH).encode() + b"}"
        ),
    ),
    "truncated": ("a project cut off half way", lambda: _changed(lambda d: None)[:150]),
    "empty": ("an empty file", lambda: b""),
    "nan": (
        "NaN as a value",
        lambda: _changed(lambda d: None).replace(b'"end": ', b'"end": NaN, "x": ', 1),
    ),
    "latin-1": ("Windows-1252 bytes", lambda: _changed(lambda d: None).decode().encode("cp1252")),
    "utf-16": ("UTF-16 with BOM", lambda: _changed(lambda d: None).decode().encode("utf-16")),
    "binary": ("binary junk with NULs", lambda: bytes(range(256)) * 4),
    "lone-surrogate": (
        "a lone UTF-16 surrogate escaped in a string",
        lambda: _changed(lambda d: None).replace(b'"name": "hostile"', b'"name": "\\ud800"'),
    ),
}


def write_cases(folder: Path) -> list[tuple[Path, str]]:
    """Write every hostile project into `folder`; (path, description) for each."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (description, build) in CASES.items():
        path = folder / f"{name}.wortlaut"
        path.write_bytes(build())
        written.append((path, description))
    return written


def write_folder_case(folder: Path) -> tuple[Path, str]:
    """A folder named like a project."""
    path = folder / "a-folder.wortlaut"
    path.mkdir(parents=True, exist_ok=True)
    return path, "a folder named like a project"


if __name__ == "__main__":  # pragma: no cover - a corpus for manual fuzzing
    for path, description in write_cases(Path(sys.argv[1])):
        print(f"{path}: {description}")
