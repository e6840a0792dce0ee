"""Segment text as the memory keeps it: TMX `<seg>` content (escaped text plus inline markup).

- `source`/`target` of a unit are the inner XML of a TMX `<seg>`: `&lt;` for `<`, and inline
  elements (`bpt`, `ept`, `ph`, `it`, `ut`, `hi`) as they came, so an export gives them back.
- `plain_text()` is what a reader sees and what is indexed and scored: the text without the
  inline codes (`hi` keeps its text: it only marks it up).
- `fold()` and `text_key()` make the exact-match key: Unicode NFC, runs of white space as one
  space, ends trimmed.
"""

from __future__ import annotations

import hashlib
import html
import re
import unicodedata
from xml.sax.saxutils import escape

INLINE_CODES = ("bpt", "ept", "ph", "it", "ut")
_CODE = re.compile(
    r"<(bpt|ept|ph|it|ut)\b[^>]*?/>|<(bpt|ept|ph|it|ut)\b[^>]*>.*?</\2\s*>", re.DOTALL
)
_TAG = re.compile(r"<[^>]*>")


def escape_text(text: str) -> str:
    """Plain text as `<seg>` content (no markup)."""
    return escape(text)


def plain_text(seg: str) -> str:
    """The text of `<seg>` content without its inline codes, entities resolved."""
    if "<" not in seg and "&" not in seg:
        return seg
    return html.unescape(_TAG.sub("", _CODE.sub("", seg)))


def inline_codes(seg: str) -> list[str]:
    """The inline codes of `<seg>` content, in order, each as its XML."""
    if "<" not in seg:
        return []
    return [match.group(0) for match in _CODE.finditer(seg)]


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def text_key(text: str) -> str:
    """The exact-match key of a plain text (16 hex digits, 64 bits)."""
    return hashlib.blake2b(fold(text).encode("utf-8"), digest_size=8).hexdigest()


def context_key(prev_source: str, next_source: str) -> str:
    """The key of a segment's surroundings (previous and next plain source)."""
    return text_key(fold(prev_source) + "\x1f" + fold(next_source))
