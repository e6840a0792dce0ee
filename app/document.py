"""Plain domain objects for a document being translated: its text and its segments."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Segment:
    """One translatable unit: a sentence or a headline line.

    `start`/`end` are character offsets into the document's text, so `source` is always
    `document.text[start:end]` and the document can be rebuilt around the targets.
    """

    index: int
    paragraph: int
    start: int
    end: int
    source: str
    target: str = ""

    @property
    def needs_mt(self) -> bool:
        """False for segments without letters (numbers, punctuation): they are copied as they are."""
        return any(ch.isalpha() for ch in self.source)

    @property
    def mt_input(self) -> str:
        """The source with soft line breaks and runs of white space folded to single spaces."""
        return " ".join(self.source.split())


@dataclass
class Document:
    text: str
    segments: list[Segment] = field(default_factory=list)

    def target_text(self) -> str:
        """The translation with the original paragraph and line structure between segments.

        A document without segments (empty or white space only) translates to "".
        """
        if not self.segments:
            return ""
        parts: list[str] = []
        position = 0
        for segment in self.segments:
            parts.append(self.text[position : segment.start])
            parts.append(segment.target if segment.needs_mt else segment.source)
            position = segment.end
        parts.append(self.text[position:])
        return "".join(parts)
