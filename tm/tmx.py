"""TMX 1.4b import and export, streaming: a million units never need the whole tree in memory.

- Reading is `defusedxml`'s iterparse: entity declarations and external references are refused,
  nothing is fetched (a DOCTYPE naming tmx14.dtd is allowed and ignored); each `<tu>` is handed
  on and dropped from the tree as soon as it is read.
- Languages are matched by primary subtag (`de`, `de-DE`, `DE`, `de_AT` are German). A unit with a
  German and an English side becomes a de→en unit whatever its source language and however many
  other languages it has; any other is skipped and counted with its reason.
- `<seg>` content is kept as XML (inline `bpt`/`ept`/`ph`/`it`/`ut`/`hi` as they came) and written
  back as it was, so import → export → import loses nothing.
- Context and document travel as `<prop type="x-context-pre|x-context-post|x-document">`, author
  and times as `creationid`/`changeid`/`creationdate`/`changedate`.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO
from xml.etree.ElementTree import Element, ParseError, tostring
from xml.sax.saxutils import escape, quoteattr

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from glossary.errors import InputError, describe_os_error
from tm.store import CancelCheck, Progress, TMCancelled, TranslationMemory
from tm.units import SOURCE_LANG, TARGET_LANG, TranslationUnit

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
DATE_FORMAT = "%Y%m%dT%H%M%SZ"
PROGRESS_EVERY = 1000  # units between progress reports and cancel checks
CONTEXT_PRE, CONTEXT_POST, DOCUMENT = "x-context-pre", "x-context-post", "x-document"


@dataclass
class TMXReport:
    """What an import did: units stored, units skipped and why (reason → count)."""

    imported: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())


def primary_language(tag: str | None) -> str:
    return (tag or "").strip().replace("_", "-").split("-")[0].lower()


def _seg_content(seg: Element) -> str:
    parts = [escape(seg.text or "")]
    for child in seg:
        parts.append(tostring(child, encoding="unicode"))  # with its tail text
    return "".join(parts)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.strptime(value.strip(), DATE_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        return None


def _unit(tu: Element, report: TMXReport) -> TranslationUnit | None:
    sides: dict[str, tuple[Element, str]] = {}
    for tuv in tu.iterfind("tuv"):
        language = primary_language(tuv.get(XML_LANG) or tuv.get("lang"))
        seg = tuv.find("seg")
        if seg is not None and language not in sides:
            sides[language] = (tuv, _seg_content(seg))
    if SOURCE_LANG not in sides or TARGET_LANG not in sides:
        missing = "German" if SOURCE_LANG not in sides else "English"
        report.skipped[f"no {missing} side"] += 1
        return None
    source, target = sides[SOURCE_LANG][1], sides[TARGET_LANG][1]
    if not source.strip() or not target.strip():
        report.skipped["an empty side"] += 1
        return None
    props = {p.get("type"): (p.text or "") for p in tu.iterfind("prop")}
    german = sides[SOURCE_LANG][0]
    created = _date(tu.get("creationdate") or german.get("creationdate"))
    changed = _date(tu.get("changedate") or german.get("changedate")) or created
    return TranslationUnit(
        source=source,
        target=target,
        prev_source=props.get(CONTEXT_PRE, ""),
        next_source=props.get(CONTEXT_POST, ""),
        author=tu.get("changeid") or tu.get("creationid") or "",
        document=props.get(DOCUMENT, ""),
        created_at=created,
        changed_at=changed,
    )


def read_tmx(
    path: Path,
    report: TMXReport,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> Iterator[TranslationUnit]:
    """The de→en units of a TMX file, one at a time; skipped units are counted in `report`.

    Raises InputError (FILE:LINE: problem) for a file that is not well-formed TMX or declares
    entities; `progress(bytes read, file size)`; `cancelled()` true raises TMCancelled.
    """
    try:
        handle = path.open("rb")
        size = os.fstat(handle.fileno()).st_size
    except OSError as exc:
        raise InputError(describe_os_error(exc)) from None
    with handle:
        yield from _parse(path, handle, size, report, progress, cancelled)


def _parse(
    path: Path,
    handle: IO[bytes],
    size: int,
    report: TMXReport,
    progress: Progress | None,
    cancelled: CancelCheck | None,
) -> Iterator[TranslationUnit]:
    seen = 0
    body: Element | None = None
    started = False
    try:
        for event, element in iterparse(handle, events=("start", "end")):
            if event == "start":
                if not started:
                    started = True
                    if element.tag != "tmx":
                        raise InputError(
                            f"not a TMX file (it starts with <{element.tag}>)", source=str(path)
                        )
                elif element.tag == "body":
                    body = element
                continue
            if element.tag != "tu":
                continue
            unit = _unit(element, report)
            if body is not None and len(body) and body[-1] is element:
                del body[-1]  # keep memory flat: the unit is handed on, the tree forgets it
            seen += 1
            if unit is not None:
                yield unit
            if seen % PROGRESS_EVERY == 0:
                if progress:
                    progress(handle.tell(), size)
                if cancelled and cancelled():
                    raise TMCancelled("cancelled; nothing was imported")
    except ParseError as exc:
        line = exc.position[0] if exc.position else None
        problem = str(exc).split(":")[0]
        raise InputError(f"not well-formed XML ({problem})", source=str(path), line=line) from None
    except DefusedXmlException as exc:
        raise InputError(
            f"refused: the file declares entities or external references ({type(exc).__name__})",
            source=str(path),
        ) from None
    except OSError as exc:
        raise InputError(describe_os_error(exc)) from None
    if not started:
        raise InputError("the file is empty", source=str(path))
    if progress:
        progress(size, size)


def import_tmx(
    memory: TranslationMemory,
    path: Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
) -> TMXReport:
    """Import a TMX file in one transaction (a bad or cancelled file writes nothing)."""
    report = TMXReport()
    report.imported = memory.add(read_tmx(path, report, progress, cancelled))
    return report


# -- export ------------------------------------------------------------------------------------
HEADER = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<tmx version="1.4">\n'
    '  <header creationtool="Wortlaut" creationtoolversion="{version}" segtype="sentence"'
    ' o-tmf="Wortlaut" adminlang="en" srclang="de" datatype="plaintext"/>\n'
    "  <body>\n"
)
FOOTER = "  </body>\n</tmx>\n"


def _tu(unit: TranslationUnit) -> str:
    attributes = ""
    if unit.created_at:
        attributes += f' creationdate="{unit.created_at.astimezone(UTC).strftime(DATE_FORMAT)}"'
    if unit.changed_at:
        attributes += f' changedate="{unit.changed_at.astimezone(UTC).strftime(DATE_FORMAT)}"'
    if unit.author:
        attributes += f" creationid={quoteattr(unit.author)} changeid={quoteattr(unit.author)}"
    lines = [f"    <tu{attributes}>\n"]
    for kind, value in (
        (DOCUMENT, unit.document),
        (CONTEXT_PRE, unit.prev_source),
        (CONTEXT_POST, unit.next_source),
    ):
        if value:
            lines.append(f'      <prop type="{kind}">{escape(value)}</prop>\n')
    lines.append(f'      <tuv xml:lang="{unit.source_lang}"><seg>{unit.source}</seg></tuv>\n')
    lines.append(f'      <tuv xml:lang="{unit.target_lang}"><seg>{unit.target}</seg></tuv>\n')
    lines.append("    </tu>\n")
    return "".join(lines)


def export_tmx(
    memory: TranslationMemory,
    path: Path,
    progress: Progress | None = None,
    cancelled: CancelCheck | None = None,
    version: str = "",
) -> int:
    """Write every unit to a TMX file, atomically (a failed or cancelled export leaves any old
    file as it was); returns the count. `progress(units written, total)`."""
    total = memory.count()
    path = Path(path)
    try:
        fd, scratch = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise InputError(describe_os_error(exc)) from None
    written = 0
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            out.write(HEADER.format(version=escape(version)))
            for unit in memory.units():
                out.write(_tu(unit))
                written += 1
                if written % PROGRESS_EVERY == 0:
                    if progress:
                        progress(written, total)
                    if cancelled and cancelled():
                        raise TMCancelled("cancelled; no file was written")
            if cancelled and cancelled():
                raise TMCancelled("cancelled; no file was written")
            out.write(FOOTER)
            out.flush()
            os.fsync(out.fileno())
        os.replace(scratch, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(scratch)
        if isinstance(exc, OSError):
            raise InputError(describe_os_error(exc)) from None
        raise
    if progress:
        progress(written, total)
    return written
