"""Shared helpers for the document-format tests: fixtures and LibreOffice as a real client."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

DOCUMENTS = FIXTURES / "documents"
Converter = Callable[..., dict[Path, str]]


@pytest.fixture(scope="session")
def soffice_text(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Converter]:
    """Convert DOCX files to plain text with LibreOffice (headless, its own profile).

    Skipped when soffice is not installed; WORTLAUT_REQUIRE_SOFFICE=1 (set by .ci/run) turns
    that into a failure, so CI always runs these tests."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        reason = "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("WORTLAUT_REQUIRE_SOFFICE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    profile = tmp_path_factory.mktemp("lo-profile")

    def convert(paths: list[Path], to: str = "txt") -> dict[Path, str]:
        """Each file as LibreOffice exports it: plain text ("txt") or HTML ("html")."""
        out = tmp_path_factory.mktemp("lo-text")
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={profile.as_uri()}",
                "--headless",
                "--convert-to",
                "txt:Text (encoded):UTF8" if to == "txt" else to,
                "--outdir",
                str(out),
                *map(str, paths),
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        texts = {}
        for path in paths:
            converted = out / f"{path.stem}.{to}"
            assert converted.exists(), f"LibreOffice could not open {path}"
            texts[path] = converted.read_text(encoding="utf-8-sig")
        return texts

    yield convert
