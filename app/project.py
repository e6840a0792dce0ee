"""A translation project: the document, its segments' targets and states, and where it lives.

Saved as a `.wortlaut` file (JSON, written atomically) and read through the schema in
`app.project_schema`. Autosaves and crash recovery are in `app.autosave`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import msgspec

from app.document import Document, Flag, Segment, SegmentState, TermResult, segment_json
from app.project_schema import (
    FORMAT,
    FORMAT_VERSION,
    SegmentJson,
    parse_time,
    read_project_file,
)
from app.project_writer import ProjectSnapshot
from app.segmentation import segment_document
from glossary.atomic import atomic_write_text
from glossary.encoding import decode_bytes
from glossary.errors import InputError
from glossary.exchange import escape_cell
from glossary.terms import term_from_json

PROJECT_SUFFIX = ".wortlaut"


@dataclass(frozen=True)
class OriginalFile:
    """The DOCX/XLIFF/HTML file a project was opened from: its name, the SHA-256 of its bytes,
    and the bytes, or None when the project lost its copy (an autosave's sidecar file went
    missing): the project still opens, and Export translated document asks for the file."""

    name: str
    sha256: str
    data: bytes | None = field(default=None, repr=False)

    @classmethod
    def of(cls, name: str, data: bytes) -> OriginalFile:
        return cls(name, hashlib.sha256(data).hexdigest(), data)

    @property
    def missing(self) -> bool:
        return self.data is None

    def matches(self, data: bytes) -> bool:
        return hashlib.sha256(data).hexdigest() == self.sha256


@dataclass
class Project:
    document: Document
    name: str = "Untitled"
    path: Path | None = None  # the .wortlaut file, once saved
    source_path: Path | None = None  # the text file it was opened from
    glossary: str = ""  # glossary reference: "" is the stored default, else a DB URL or file
    saved_at: datetime | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    # The DOCX/XLIFF/HTML file a project was opened from, parsed (app.document_project), for
    # export; None when there is none or its copy is missing or does not read
    original: object | None = field(default=None, repr=False, compare=False)
    # that file's name and bytes, kept in the project file (autosaves keep them in a sidecar
    # file written once, `app.autosave`) so that Export translated document works after the
    # source file moved
    original_file: OriginalFile | None = field(default=None, repr=False, compare=False)

    @property
    def segments(self) -> list[Segment]:
        return self.document.segments

    def counts(self) -> dict[SegmentState, int]:
        counts = dict.fromkeys(SegmentState, 0)
        for segment in self.segments:
            counts[segment.state] += 1
        return counts

    # -- files ------------------------------------------------------------------------------
    def to_json(self, inline_original: bool = True) -> dict[str, object]:
        """The project file's JSON as Python values (the original's bytes in base64)."""
        payload = self.snapshot(inline_original).payload
        original = payload["original"]
        if isinstance(original, dict) and isinstance(original.get("data"), bytes):
            original["data"] = base64.b64encode(original["data"]).decode("ascii")
        return payload

    def snapshot(self, inline_original: bool = True) -> ProjectSnapshot:
        """What a save writes, taken now; without `inline_original` the original document is
        only named by its hash (autosaves keep its bytes beside them)."""
        original: dict[str, object] | None = None
        if self.original_file is not None:
            original = {"name": self.original_file.name, "sha256": self.original_file.sha256}
            if inline_original and self.original_file.data is not None:
                original["data"] = self.original_file.data
        return ProjectSnapshot(
            {
                "format": FORMAT,
                "version": FORMAT_VERSION,
                "name": self.name,
                "source_path": str(self.source_path) if self.source_path else None,
                "glossary": self.glossary,
                "created_at": self.created_at.isoformat(),
                "saved_at": datetime.now(UTC).isoformat(),
                "text": self.document.text,
                "segments": [segment_json(s, stored=True) for s in self.segments],
                "original": original,
            }
        )

    def save(self, path: Path | None = None) -> Path:
        """Write the project atomically (to `path`, or where it was last saved)."""
        target = project_file_path(path or self.path)
        self.snapshot().write(target)
        self.saved_to(target)
        return target

    def saved_to(self, path: Path) -> None:
        """The project lives in `path` now (a snapshot of it was written there)."""
        self.path, self.saved_at = path, datetime.now(UTC)

    def write_autosave(self, path: Path) -> None:
        """The autosave JSON, with the original document named by its hash only."""
        snapshot = self.snapshot(inline_original=False)
        snapshot.payload["autosave_of"] = str(self.path) if self.path else None
        snapshot.write(path, indent=False)

    def export_target_text(self, path: Path) -> None:
        """The translation as plain text, with the source's paragraphs and line breaks."""
        text = self.document.target_text(self._readable)
        atomic_write_text(path, text if text.endswith("\n") or not text else text + "\n")

    def _readable(self, target: str) -> str:
        """A target as a reader sees it: a document's tag markers left out (plain text projects
        have none: a `<1>` there is the translator's text)."""
        if self.original is None and self.original_file is None:
            return target
        from app.formats.inline import unmarked

        return unmarked(target)

    def export_bilingual_csv(self, path: Path) -> None:
        """One row per segment: number, source, target, state (UTF-8 with BOM, for Excel)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(["segment", "source", "target", "state"])
        for s in self.segments:
            writer.writerow(
                [
                    s.index + 1,
                    escape_cell(s.mt_input),
                    escape_cell(self._readable(s.target)),
                    str(s.state),
                ]
            )
        atomic_write_text(path, "\ufeff" + buffer.getvalue())


def new_project(text: str, name: str = "Untitled", source_path: Path | None = None) -> Project:
    document = segment_document(text)
    for segment in document.segments:
        if not segment.needs_mt:  # numbers and punctuation are copied, nothing to do
            segment.target, segment.state = segment.source, SegmentState.COPIED
    return Project(document, name=name, source_path=source_path)


def open_text_file(path: Path) -> Project:
    """A new project from a .txt file in UTF-8, UTF-16 (BOM) or Windows-1252."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(exc.strerror or str(exc), source=str(path)) from None
    text = decode_bytes(data, source=str(path), allow_legacy=True).text
    return new_project(text, name=path.stem, source_path=path)


def load_project(path: Path) -> Project:
    """Read a .wortlaut file; any problem is an InputError naming the file and the field."""
    path = Path(path)
    data = read_project_file(path)
    text = data.text
    segments = [_segment_from_json(i, item, text) for i, item in enumerate(data.segments)]
    project = Project(
        Document(text, segments),
        name=data.name or path.stem,
        path=path,
        source_path=Path(data.source_path) if data.source_path else None,
        glossary=data.glossary or "",
    )
    if data.autosave_of is not msgspec.UNSET:  # an autosave is not the project file
        project.path = Path(data.autosave_of) if data.autosave_of else None
    if data.created_at:
        project.created_at = parse_time(data.created_at) or project.created_at
    if data.saved_at:
        project.saved_at = parse_time(data.saved_at)
    original = data.original
    if original is not None and original.data is not None:
        from app.document_project import attach_original

        attach_original(project, OriginalFile.of(original.name, original.data))
    elif original is not None and original.sha256 is not None:  # kept beside it, or lost
        project.original_file = OriginalFile(original.name, original.sha256)
    return project


def project_file_path(path: Path | None) -> Path:
    """`path` with the `.wortlaut` suffix (ValueError when the project has no file name)."""
    target = Path(path or "")
    if not str(target):
        raise ValueError("the project has no file name yet")
    if target.suffix != PROJECT_SUFFIX:
        target = target.with_name(target.name + PROJECT_SUFFIX)
    return target


def _segment_from_json(index: int, item: SegmentJson, text: str) -> Segment:
    segment = Segment(
        index=index,
        paragraph=item.paragraph,
        start=item.start,
        end=item.end,
        source=text[item.start : item.end],
        target=item.target,
        state=item.state,
        origin=item.origin,
        tm_score=item.tm_score,
    )
    for t in item.terms:
        term = term_from_json(t.term.id, msgspec.structs.asdict(t.term))
        segment.terms.append(
            TermResult(
                term, t.start, t.end, t.status, t.target_start, t.target_end, t.plural, t.method
            )
        )
    segment.flags = [Flag(f.kind, f.message, dict(f.details)) for f in item.flags]
    return segment
