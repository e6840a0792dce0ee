"""Wortlaut terminology library: storage, German-aware matching and exchange formats.

Pure Python: nothing in this package imports Qt or `app`.
"""

from __future__ import annotations
