"""Print the version from pyproject.toml (the one source for installers and the app)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from packaging_support import version

print(version())
