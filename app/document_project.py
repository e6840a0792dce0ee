"""A project opened from a DOCX, XLIFF or HTML file: its sentences as segments, and the export
back into that file with each segment's inline tags placed into the translation."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from app.document import SegmentState
from app.document_translation import TaggedSegment, document_segments
from app.formats import FileDocument, open_document
from app.project import Project
from app.tag_placement import place_tags


@dataclass
class OriginalDocument:
    """The file a project was opened from, and which piece of it each segment is."""

    file: FileDocument
    tagged: list[TaggedSegment]


def open_document_project(path: Path) -> Project:
    """A project of the document's translatable sentences (FormatError for bad input)."""
    file = open_document(path)
    plain, tagged = document_segments(file)
    project = Project(plain, name=path.stem, source_path=path)
    project.original = OriginalDocument(file, tagged)
    return project


def export_document(project: Project, path: Path) -> None:
    """Write the original format with every translated segment in place (atomically).

    Segments without a target keep their source. Tags are placed from the segment's term spans
    and literal matches (the app's translation keeps no attention); the rest go to the end."""
    original = project.original
    if not isinstance(original, OriginalDocument):
        raise ValueError("the project was not opened from a document file")
    for item in original.tagged:
        segment = item.segment
        if segment.state is SegmentState.NEW or not segment.target.strip():
            item.piece.target = None
            continue
        item.piece.target = place_tags(item.piece.parts, segment.target, segment.terms).parts
    original.file.save(path)
