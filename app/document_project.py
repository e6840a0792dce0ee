"""A project opened from a DOCX, XLIFF or HTML file: its sentences as segments, and the export
back into that file with each segment's inline tags placed into the translation."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from app.document import FlagKind, SegmentState, TermResult
from app.document_translation import TaggedSegment, document_segments, mark_units
from app.formats import FileDocument, FormatError, read_document
from app.formats.inline import Part, from_markers, markers
from app.project import OriginalFile, Project
from app.tag_placement import check_tags, place_tags
from glossary.errors import os_problem


@dataclass
class OriginalDocument:
    """The file a project was opened from, and which piece of it each segment is."""

    file: FileDocument
    tagged: list[TaggedSegment]


def open_document_project(path: Path) -> Project:
    """A project of the document's translatable sentences (FormatError for bad input)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: {os_problem(exc)}") from None
    file = read_document(path, data)
    plain, tagged = document_segments(file)
    project = Project(plain, name=path.stem, source_path=path)
    project.original = OriginalDocument(file, tagged)
    project.original_file = OriginalFile.of(path.name, data)
    return project


def attach_original(project: Project, original: OriginalFile) -> bool:
    """Re-open the document copy kept in a project file, its pieces tied to the project's
    segments; True when it is attached. A copy that is missing, no longer reads, or whose
    sentences differ from the project's, is left out: the project opens, and Export translated
    document asks for the original file (`supply_original`)."""
    project.original_file = original
    if original.data is None:
        return False
    try:
        file = read_document(Path(original.name), original.data)
    except FormatError:
        return False
    _plain, tagged = document_segments(file)
    if [t.segment.source for t in tagged] != [s.source for s in project.segments]:
        return False
    for item, segment in zip(tagged, project.segments, strict=True):
        item.segment = segment
    project.original = OriginalDocument(file, tagged)
    return True


def needs_original(project: Project) -> bool:
    """True for a project made from a document whose copy is missing or does not read."""
    return project.original_file is not None and not isinstance(project.original, OriginalDocument)


def find_original(project: Project, candidates: Iterable[Path]) -> Path | None:
    """For a project whose original's copy is missing: the first candidate file with the same
    bytes (by SHA-256), attached; None when none has them (unreadable files are skipped)."""
    wanted = project.original_file
    if wanted is None or not wanted.missing:
        return None
    for path in candidates:
        try:
            data = path.read_bytes()
        except OSError:
            continue
        if wanted.matches(data) and attach_original(
            project, OriginalFile(wanted.name, wanted.sha256, data)
        ):
            return path
    return None


def supply_original(project: Project, path: Path) -> bool:
    """The translator chose the original file of a project that lost its copy: attach it when
    its sentences are the project's (it may have been saved again since: the bytes may differ).
    FormatError when it cannot be read."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise FormatError(f"{path}: {os_problem(exc)}") from None
    previous = project.original_file
    if attach_original(project, OriginalFile.of(path.name, data)):
        return True
    project.original_file = previous
    read_document(path, data)  # not a document at all: a FormatError names the problem
    return False


def export_document(project: Project, path: Path) -> None:
    """Write the original format with every translated segment in place (atomically).

    Segments without a target keep their source. A target with tag markers (as the app's
    translation writes them, and as the translator moved them) puts its tags where the markers
    are; a plain target (typed without tags, or from a project saved before targets carried
    markers) gets them placed from its term spans and literal matches; the rest go to the end."""
    original = project.original
    if not isinstance(original, OriginalDocument):
        raise ValueError("the project was not opened from a document file")
    for item in original.tagged:
        segment = item.segment
        if segment.state is SegmentState.NEW or not segment.target.strip():
            item.piece.target = None
            continue
        item.piece.target = target_parts(item.piece.parts, segment.target, segment.terms)
    mark_units(original.file, original.tagged)
    original.file.save(path)


def has_markers(target: str) -> bool:
    """True when the translator wrote tag markers (`<1>`, `</1>`, `<2/>`) into a target."""
    return next(markers(target), None) is not None


def target_parts(source: list[Part], target: str, terms: list[TermResult]) -> list[Part]:
    """A target with markers keeps the translator's tags where they stand; a plain one gets its
    tags placed from the term spans and literal matches."""
    if has_markers(target):
        return from_markers(target, source)
    return place_tags(source, target, terms).parts


def source_parts(project: Project, row: int) -> list[Part] | None:
    """The source of a document segment with its inline tags (None: no tags, or a plain text
    project)."""
    original = project.original
    if not isinstance(original, OriginalDocument) or row >= len(original.tagged):
        return None
    item = original.tagged[row]
    return item.piece.parts if item.tags else None


def recheck_tags(project: Project, row: int) -> None:
    """Add `tag-mismatch` flags to a translator's edit (or confirmation) of a document segment
    with tags: source tags missing from the target, tags not in the source, pairs out of order.

    Machine translation gives a tagged segment's target its markers, so an edited target
    without any marker has lost them all and is flagged as such (export still places them by
    term spans and literal matches, so the file keeps its formatting somewhere)."""
    source = source_parts(project, row)
    segment = project.segments[row]
    segment.flags = [f for f in segment.flags if f.kind != FlagKind.TAG_MISMATCH]
    if source is None or not segment.protected or not segment.target.strip():
        return
    segment.flags += check_tags(source, from_markers(segment.target, source))


def memory_target(project: Project, row: int) -> tuple[str, bool]:
    """What the translation memory keeps of a segment's target, and whether it carries tag
    markers. A document segment with tags keeps them (the memory stores them as TMX inline
    codes, so an export stays valid TMX and a 100 % match gives the translator's tag positions
    back); the memory's source is the plain sentence, so matching ignores tags."""
    return project.segments[row].target, source_parts(project, row) is not None
