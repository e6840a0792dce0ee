"""LibreOffice Calc as a real spreadsheet client for the XLSX tests, run headless.

`Calc.convert` runs `soffice --convert-to` with a private user profile (so a user's running
LibreOffice, or a parallel test run, is never disturbed) and returns the converted file.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# CSV filter options: comma, double quote, UTF-8 (76), data from row 1.
CSV_UTF8_COMMA = "44,34,76,1"
CSV_UTF8_SEMICOLON = "59,34,76,1"
TIMEOUT = 180  # the first conversion also creates the profile


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@dataclass(frozen=True)
class Calc:
    binary: str
    profile: Path

    def convert(self, source: Path, to: str, out_dir: Path, infilter: str | None = None) -> Path:
        """Convert `source` (to "csv" or "xlsx") into `out_dir`; return the new file."""
        out_dir.mkdir(parents=True, exist_ok=True)
        target = "csv:Text - txt - csv (StarCalc):" + CSV_UTF8_COMMA if to == "csv" else to
        command = [
            self.binary,
            f"-env:UserInstallation={self.profile.as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
        ]
        if infilter is not None:
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", target, "--outdir", str(out_dir), str(source)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT)
        converted = out_dir / f"{source.stem}.{to}"
        if not converted.exists():
            raise AssertionError(
                f"LibreOffice did not convert {source.name} to {to} (exit {done.returncode}): "
                f"{done.stdout.strip()} {done.stderr.strip()}"
            )
        return converted
