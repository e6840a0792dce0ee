"""Translating a file document (DOCX, XLIFF, HTML): its sentences through the usual pipeline
(glossary enforcement, QA), then each sentence's inline tags placed into the translation."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from app.document import Document, Origin, Segment, SegmentState, segment_json
from app.engine import CancelCheck, ProgressCallback
from app.formats.base import FileDocument, least_finished
from app.formats.inline import Piece, Tag, TagKind, numbering, to_markers
from app.pipeline import translate_with_glossary
from app.tag_targets import tag_alignments, tag_renderings, tag_target
from app.terminology import MTBackend
from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.terms import TermEntry

__all__ = [
    "TaggedSegment",
    "copy_source",
    "document_segments",
    "mark_units",
    "segment_work",
    "translate_file_document",
]


@dataclass
class TaggedSegment:
    """A pipeline segment and the document piece it came from (its tags, where it goes back)."""

    segment: Segment
    piece: Piece
    location: str

    @property
    def tags(self) -> list[Tag]:
        return [p for p in self.piece.parts if isinstance(p, Tag)]

    def to_json(self) -> dict[str, object]:
        numbers = numbering(self.piece.parts)
        return {
            **segment_json(self.segment),
            "location": self.location,
            "source_tagged": to_markers(self.piece.parts, numbers),
            "target_tagged": to_markers(self.piece.output(), numbers),
            "tags": [  # one entry per tag (a pair once)
                {
                    "number": numbers[t.id],
                    "id": t.id,
                    "kind": "paired" if t.kind is TagKind.OPEN else "standalone",
                    "label": t.label,
                }
                for t in self.tags
                if t.kind is not TagKind.CLOSE
            ],
        }


def document_segments(document: FileDocument) -> tuple[Document, list[TaggedSegment]]:
    """A plain `Document` of the file's translatable pieces (one paragraph per unit)."""
    texts: list[str] = []
    tagged: list[TaggedSegment] = []
    position = 0
    for number, unit in enumerate(document.units):
        for piece in unit.pieces:
            if not piece.translatable:
                continue
            source = "".join(p for p in piece.parts if isinstance(p, str))
            if texts:
                position += 2  # the "\n\n" joining pieces in the document text
            segment = Segment(len(tagged), number, position, position + len(source), source)
            texts.append(source)
            position += len(source)
            tagged.append(TaggedSegment(segment, piece, unit.location))
    text = "\n\n".join(texts)
    return Document(text, [t.segment for t in tagged]), tagged


def segment_work(segment: Segment) -> tuple[str, str]:
    """Where a translated segment's words came from and how far the translator's work went,
    as `Unit.origin` and `Unit.status` say it (XLIFF writes its states from them)."""
    if segment.state in (SegmentState.COPIED, SegmentState.NEW):  # the source as it is
        return ("copy", "draft")
    origin = {Origin.MT: "mt", Origin.TM: "tm"}.get(segment.origin, "human")
    if segment.state is SegmentState.CONFIRMED:
        return (origin, "confirmed")
    if segment.state is SegmentState.EDITED:
        return (origin, "edited")
    return ("tm" if segment.origin is Origin.TM else "mt", "draft")


def mark_units(document: FileDocument, tagged: Sequence[TaggedSegment]) -> None:
    """Give each unit with a translated piece the origin and status of its least finished
    translated piece (a unit can hold several sentences)."""
    works = {id(t.piece): segment_work(t.segment) for t in tagged if t.piece.target is not None}
    for unit in document.units:
        work = least_finished(works[id(p)] for p in unit.pieces if id(p) in works)
        if work is not None:
            unit.origin, unit.status = work


def copy_source(document: FileDocument) -> None:
    """Every translatable piece's target is its source (a round trip without translation)."""
    for unit in document.units:
        unit.origin = "copy"
        for piece in unit.pieces:
            if piece.translatable:
                piece.target = list(piece.parts)


def translate_file_document(
    backend: MTBackend | None,
    document: FileDocument,
    terms: Sequence[TermEntry],
    progress: ProgressCallback | None = None,
    cancelled: CancelCheck | None = None,
    matcher: Matcher | None = None,
    forbidden: ForbiddenIndex | None = None,
) -> list[TaggedSegment]:
    """Translate every translatable piece, place its tags, and set the pieces' targets
    (`matcher` and `forbidden`, if given, index `terms`, as for `translate_with_glossary`)."""
    plain, tagged = document_segments(document)
    translate_with_glossary(
        backend,
        plain,
        terms,
        progress=progress,
        cancelled=cancelled,
        matcher=matcher,
        forbidden=forbidden,
    )
    alignments = tag_alignments(backend, [t.segment for t in tagged if t.tags])
    hints = tag_renderings(backend, [(t.segment, t.piece.parts) for t in tagged if t.tags])
    for item in tagged:
        segment = item.segment
        if segment.state is not SegmentState.MT:  # nothing to translate: copied
            item.piece.target = list(item.piece.parts)
            continue
        # The report keeps the plain target and its offsets; the tags go into the piece.
        placed = tag_target(
            item.piece.parts,
            segment.target,
            segment.terms,
            alignment=alignments.get(id(segment)),
            hints=hints.get(id(segment), ()),
        )
        item.piece.target = placed.parts
        if placed.placement is not None:
            segment.flags.append(placed.placement)
    mark_units(document, tagged)
    return tagged
