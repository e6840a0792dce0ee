"""Build the whole hostile-input corpus into one folder, one subfolder per area, and list it.

    python -m tests.hostile.build_corpus OUT_DIR

Each area's module writes its own cases (and its test module feeds them to the real CLI or app,
asserting the exit code, that no traceback reaches stderr and that nothing changed on refusal);
this script only gathers them, for trying by hand or with another tool.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from tests.hostile import (
    db_faults,
    docx_inputs,
    forbidden,
    glossary_input,
    inputs,
    long_input,
    models,
    projects,
)


def _describe(case: object) -> str:
    for name in ("description", "problem"):
        value = getattr(case, name, None)
        if isinstance(value, str):
            return value
    if isinstance(case, tuple) and len(case) == 2:
        return str(case[1])
    return type(case).__name__


AREAS: dict[str, Callable[[Path], list]] = {  # type: ignore[type-arg]
    "documents": inputs.build,
    "docx": docx_inputs.build,
    "long-input": long_input.build,
    "glossary-files": glossary_input.build,
    "forbidden-variants": forbidden.build,
    "databases": db_faults.all_cases,
    "model-packages": models.build,
    "projects": projects.write_cases,
}


def build_corpus(out: Path) -> dict[str, list[str]]:
    """Write every area's cases under `out`; area → one description per case."""
    listing: dict[str, list[str]] = {}
    for area, build in AREAS.items():
        folder = out / area
        folder.mkdir(parents=True, exist_ok=True)
        listing[area] = [_describe(case) for case in build(folder)]
    return listing


if __name__ == "__main__":  # pragma: no cover - run by hand
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-corpus")
    for area, cases in build_corpus(target).items():
        print(f"{area} ({len(cases)} cases)")
        for description in cases:
            print(f"  - {description}")
