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


# A document segment's tags, as the app writes them in a target (`app/formats/inline.py`):
# `<1>`, `</1>`, `<2/>`; `<<` before a digit is a literal `<`. The memory keeps them as TMX inline
# codes whose native data is the marker, so a TMX export is valid and a 100 % match gives the
# translator's tag positions back.
MARKER = re.compile(r"<(/?)(\d+)(/?)>")
_OUR_CODE = re.compile(
    r'<bpt i="(\d+)" x="\1">&lt;\1&gt;</bpt>|<ept i="(\d+)">&lt;/\2&gt;</ept>'
    r'|<ph x="(\d+)">&lt;\3/&gt;</ph>'
)


def marked_to_seg(text: str) -> str:
    """A target with tag markers as `<seg>` content: text escaped, each marker an inline code
    (`<bpt>` opens pair n, `<ept>` closes it, `<ph>` is a standalone tag)."""
    out: list[str] = []
    position = 0
    for match in MARKER.finditer(text):
        if match.start() > 0 and text[match.start() - 1] == "<":
            continue
        out.append(escape(_unescaped(text[position : match.start()])))
        closing, number, single = match.groups()
        if single:
            out.append(f'<ph x="{number}">&lt;{number}/&gt;</ph>')
        elif closing:
            out.append(f'<ept i="{number}">&lt;/{number}&gt;</ept>')
        else:
            out.append(f'<bpt i="{number}" x="{number}">&lt;{number}&gt;</bpt>')
        position = match.end()
    out.append(escape(_unescaped(text[position:])))
    return "".join(out)


def seg_to_marked(seg: str) -> str | None:
    """`<seg>` content written by `marked_to_seg` back as text with markers; None when it holds
    no such codes, or other markup too (a TMX from another tool)."""
    if "<" not in seg:
        return None
    out: list[str] = []
    position = 0
    found = False
    for match in _OUR_CODE.finditer(seg):
        between = seg[position : match.start()]
        if "<" in between:
            return None
        out.append(re.sub(r"<(?=/?\d)", "<<", html.unescape(between)))
        pair, close, single = match.groups()
        out.append(f"<{pair}>" if pair else f"</{close}>" if close else f"<{single}/>")
        position = match.end()
        found = True
    rest = seg[position:]
    if not found or "<" in rest:
        return None
    out.append(re.sub(r"<(?=/?\d)", "<<", html.unescape(rest)))
    return "".join(out)


def _unescaped(text: str) -> str:
    return re.sub(r"<<(?=/?\d)", "<", text)


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
