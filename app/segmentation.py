"""German sentence segmentation that keeps a document's paragraph and line structure.

Rules, in the order they matter for German news and business text:
- Paragraphs are runs of non-blank lines. Inside a paragraph every line break ends a segment
  (pasted web text puts headlines, list items and bylines on lines of their own), except a soft
  wrap: a line ending in a lowercase letter, comma or hyphen followed by a line starting lowercase.
- A sentence ends at `.`, `!`, `?` (plus closing quotes/brackets) followed by white space and an
  uppercase letter, a digit or an opening quote, and never inside a quotation.
- A period does not end a sentence after a known abbreviation (`Dr.`, `Nr.`, `z. B.`), a single
  letter (initials, `z.`/`B.`), or an ordinal number (`am 24. Februar`, `im 19. Jahrhundert`).
- Ellipses (`…`, `...`) never end a segment: they stay inside it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from app.document import Document, Segment

ABBREVIATIONS = frozenset(
    """
    abb abs abt allg bd bspw bzgl bzw ca co dgl dipl dr dt ebd engl etc evtl exkl f ff fr frz
    gebr gegr gen ggf ggü hg hr hrsg inkl insb jh jhd jr kap kfm lt max min mio mr mrd mrs ms
    nachm nr od pkt prof rd rel resp s sen sog st std str tel usw v vgl vorm vs z zb zit zt zzgl
    """.split()
)

MONTHS = frozenset(
    "januar jänner februar märz april mai juni juli august september oktober november dezember"
    " jan feb mär apr jun jul aug sep sept okt nov dez".split()
)

# Words that typically open a German sentence: after "2022." or "5." they mean a new sentence,
# not an ordinal ("der 3. Platz").
SENTENCE_OPENERS = frozenset(
    """
    der die das den dem des ein eine einer es er sie wir ich ihr man dies diese dieser dieses
    doch aber denn und oder dann danach damit so auch noch nun jetzt heute gestern morgen
    im in am an auf bei für mit nach seit von vor zu zum zur als wenn weil obwohl trotzdem
    allerdings außerdem zudem zuletzt zunächst bisher laut
    """.split()
)

OPENING_QUOTES = "„»«‚(["
CLOSERS = "\"'“”»«›‹’)]"
# Linear in the unit: a candidate starts only at the first mark of a run (the lookbehind), and
# possessive quantifiers never give back what they took. Without both, a run of n dots not
# followed by space was retried from each of its n positions: 100,000 dots took 96 s.
_CANDIDATE = re.compile(
    r"(?<![.!?…])(?P<punct>[.!?…]++)(?P<close>[" + re.escape(CLOSERS) + r"]*+)"
    r"(?=\s++(?P<next>\S))"
)
_WORD_AFTER = re.compile(r"[^\W\d_]++")


def segment_document(text: str) -> Document:
    """Split `text` into segments with offsets into `text` (which is kept exactly as given)."""
    segments: list[Segment] = []
    for paragraph, (unit_start, unit_end) in _units(text):
        for start, end in _sentences(text, unit_start, unit_end):
            segments.append(
                Segment(
                    index=len(segments),
                    paragraph=paragraph,
                    start=start,
                    end=end,
                    source=text[start:end],
                )
            )
    return Document(text=text, segments=segments)


def _units(text: str) -> Iterator[tuple[int, tuple[int, int]]]:
    """Yield (paragraph number, (start, end)) for each run of lines that belongs together."""
    paragraph = -1
    previous_blank = True
    unit: tuple[int, int] | None = None
    position = 0
    for line in text.splitlines(keepends=True):
        line_start = position
        position += len(line)
        content = line.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            if unit:
                yield paragraph, unit
                unit = None
            previous_blank = True
            continue
        if previous_blank:
            paragraph += 1
        lead = len(content) - len(content.lstrip())
        start = line_start + lead
        end = line_start + len(content.rstrip())
        if unit and not previous_blank and _is_soft_wrap(text[unit[1] - 1], stripped):
            unit = (unit[0], end)
        else:
            if unit:
                yield paragraph, unit
            unit = (start, end)
        previous_blank = False
    if unit:
        yield paragraph, unit


def _is_soft_wrap(last: str, line: str) -> bool:
    """`last` is the last character of the unit so far (not the unit: copying it is quadratic)."""
    return (last.islower() or last in ",-") and line[0].islower()


def _quote_depth_after(text: str) -> list[int]:
    """Quotation depth after each character; handles „…“, “…” and “…“ (pasted), »…«, «…», "…"."""
    depths: list[int] = []
    depth = 0
    german_open = 0
    for i, ch in enumerate(text):
        before = text[i - 1] if i > 0 else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        opens_here = (before.isspace() or before in "([—–-/") and not after.isspace()
        if ch == "„":
            depth += 1
            german_open += 1
        elif ch in "“”":
            if german_open:
                german_open -= 1
                depth -= 1
            elif opens_here:
                depth += 1
            elif depth:
                depth -= 1
        elif ch in "»«" or ch == '"':
            if opens_here:
                depth += 1
            elif depth:
                depth -= 1
        depths.append(depth)
    return depths


def _sentences(text: str, unit_start: int, unit_end: int) -> Iterator[tuple[int, int]]:
    unit = text[unit_start:unit_end]
    depths = _quote_depth_after(unit)
    start = 0
    for match in _CANDIDATE.finditer(unit):
        end = match.end()
        if depths[end - 1] > 0:
            continue
        if not _ends_sentence(unit, match):
            continue
        yield unit_start + start, unit_start + end
        start = match.start("next")
    if start < len(unit):
        yield unit_start + start, unit_end


def _ends_sentence(unit: str, match: re.Match[str]) -> bool:
    punct = match.group("punct")
    following = match.group("next")
    if not (following.isupper() or following.isdigit() or following in OPENING_QUOTES + '“"'):
        return False
    if "…" in punct or punct.startswith(".."):
        return False
    if punct != ".":
        return True
    word = _word_before(unit, match.start())
    bare = word.rstrip(".").lower()
    if not bare:
        return True
    if bare in ABBREVIATIONS or "." in bare:
        return False
    if len(bare) == 1 and bare.isalpha():
        return False
    if bare.isdigit():
        next_word = _WORD_AFTER.match(unit, match.start("next"))
        after = next_word.group(0).lower() if next_word else ""
        if after in MONTHS:
            return False
        return len(bare) > 3 or after in SENTENCE_OPENERS or not after
    return True


def _word_before(unit: str, end: int) -> str:
    """The run of word characters, dots and hyphens ending at `end` (scanned back, not searched).

    A regex search for `[\\w.-]+$` starts at every position of the unit, which made each
    candidate cost the whole line: quadratic for a line of many short sentences.
    """
    start = end
    while start > 0 and (unit[start - 1].isalnum() or unit[start - 1] in "._-"):
        start -= 1
    return unit[start:end]
