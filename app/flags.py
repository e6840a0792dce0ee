"""QA flags: their kinds, one constructor per kind, and each message template defined once.

A template is marked with `N_()` (extracted into the catalogs, not translated here); a flag keeps
its English `message` (what the CLI, logs and JSON show) and `text()` renders the same template in
the UI language at display time. Flags from project files are matched to a template by kind and
details; a flag no template fits shows its stored message as written.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field


# `app.engine` imports this module (through `app.document`), so gettext is loaded only when a
# message is shown: the engine's import footprint stays what the model check was tested with.
def N_(message: str) -> str:
    """Mark `message` for extraction without translating it (it is translated where shown)."""
    return message


def _(message: str) -> str:
    from app.i18n import _ as translate

    return translate(message)


class FlagKind(enum.StrEnum):
    """What a QA flag reports; the values are what project files and JSON hold."""

    TERM_MISSING = "term-missing"
    FORBIDDEN_TERM = "forbidden-term"
    POSSIBLE_MISSPELLING = "possible-misspelling"
    NUMBER_MISMATCH = "number-mismatch"
    UNTRANSLATED = "untranslated"
    TRUNCATED = "truncated"
    TAG_PLACEMENT = "tag-placement"  # inline tags the MT pass could not place (documents)
    TAG_MISMATCH = "tag-mismatch"  # missing, extra or misordered tags in an edited target

    def label(self) -> str:
        """The kind's short name in the UI language."""
        return _(_LABELS[self])


_LABELS: dict[FlagKind, str] = {
    FlagKind.TERM_MISSING: N_("term missing"),
    FlagKind.FORBIDDEN_TERM: N_("forbidden term"),
    FlagKind.POSSIBLE_MISSPELLING: N_("possible misspelling"),
    FlagKind.NUMBER_MISMATCH: N_("number mismatch"),
    FlagKind.UNTRANSLATED: N_("untranslated"),
    FlagKind.TRUNCATED: N_("truncated"),
    FlagKind.TAG_PLACEMENT: N_("tag placement"),
    FlagKind.TAG_MISMATCH: N_("tag mismatch"),
}


def flag_label(kind: FlagKind | str) -> str:
    """A kind's short name in the UI language; an unknown kind (from a file) as written."""
    kind = _kind(kind)
    return kind.label() if isinstance(kind, FlagKind) else kind


@dataclass(frozen=True)
class _Template:
    """One message of a kind: used for a flag whose details hold every `when` value."""

    kind: FlagKind
    text: str
    when: tuple[tuple[str, str], ...] = ()

    def fits(self, details: Mapping[str, object]) -> bool:
        if any(str(details.get(key)) != value for key, value in self.when):
            return False
        try:
            self.text % _strings(details)
        except (KeyError, ValueError, TypeError):
            return False
        return True


def _strings(details: Mapping[str, object]) -> dict[str, str]:
    return {key: str(value) for key, value in details.items()}


TERM_MISSING = _Template(
    FlagKind.TERM_MISSING, N_("'%(surface)s' should be translated as '%(target)s'")
)
TERM_MISSING_PROPOSED = _Template(
    FlagKind.TERM_MISSING,
    N_(
        "'%(surface)s' should be translated as '%(target)s'; proposed: '%(proposed)s' in place "
        "of '%(found)s' (alignment confidence %(confidence)s, too low to apply)"
    ),
    (("outcome", "proposed"),),
)
FORBIDDEN_LEFT = _Template(
    FlagKind.FORBIDDEN_TERM,
    N_("the MT rendered %(term)s as forbidden '%(surface)s'; left in place"),
    (("outcome", "left"),),
)
FORBIDDEN_REPLACED = _Template(
    FlagKind.FORBIDDEN_TERM,
    N_("the MT rendered %(term)s as forbidden '%(surface)s'; replaced by '%(replacement)s'"),
    (("outcome", "replaced"),),
)
FORBIDDEN_ANYWHERE = _Template(
    FlagKind.FORBIDDEN_TERM, N_("'%(surface)s' is a forbidden rendering; use '%(target)s'")
)
FORBIDDEN_OLD = _Template(  # flags of project files written before the outcome was recorded
    FlagKind.FORBIDDEN_TERM, N_("forbidden rendering '%(variant)s' of %(term)s")
)
MISSPELLING = _Template(
    FlagKind.POSSIBLE_MISSPELLING,
    N_("'%(surface)s' looks like a misspelling of '%(suggestion)s' (%(target)s)"),
)
MISSPELLING_OLD = _Template(
    FlagKind.POSSIBLE_MISSPELLING,
    N_("'%(surface)s' looks like a misspelling of '%(suggestion)s'"),
)
NUMBER_MISMATCH = _Template(
    FlagKind.NUMBER_MISMATCH, N_("number %(number)s of the source is missing in the target")
)
EMPTY = _Template(FlagKind.UNTRANSLATED, N_("the target is empty"), (("reason", "empty"),))
SAME = _Template(
    FlagKind.UNTRANSLATED, N_("the target is identical to the source"), (("reason", "same"),)
)
TRUNCATED = _Template(
    FlagKind.TRUNCATED,
    N_("the machine translation stopped at the length limit; the end of the target may be missing"),
)
TAG_PLACEMENT = _Template(
    FlagKind.TAG_PLACEMENT,
    N_("tags %(tags)s could not be placed with confidence; they are at the end of the segment"),
)
TAG_MISSING = _Template(
    FlagKind.TAG_MISMATCH,
    N_("tag %(tag)s of the source is missing in the target"),
    (("problem", "missing"),),
)
TAG_EXTRA = _Template(
    FlagKind.TAG_MISMATCH, N_("tag %(tag)s is not in the source"), (("problem", "extra"),)
)
TAG_DUPLICATE = _Template(
    FlagKind.TAG_MISMATCH,
    N_("tag %(tag)s is in the target more often than in the source"),
    (("problem", "duplicate"),),
)
TAG_ORDER = _Template(
    FlagKind.TAG_MISMATCH,
    N_("tag %(tag)s is closed before it opens or crosses another tag"),
    (("problem", "order"),),
)
# Per kind, in the order they are tried for a flag read from a file.
_TEMPLATES: dict[FlagKind, tuple[_Template, ...]] = {
    FlagKind.TERM_MISSING: (TERM_MISSING_PROPOSED, TERM_MISSING),
    FlagKind.FORBIDDEN_TERM: (
        FORBIDDEN_LEFT,
        FORBIDDEN_REPLACED,
        FORBIDDEN_ANYWHERE,
        FORBIDDEN_OLD,
    ),
    FlagKind.POSSIBLE_MISSPELLING: (MISSPELLING, MISSPELLING_OLD),
    FlagKind.NUMBER_MISMATCH: (NUMBER_MISMATCH,),
    FlagKind.UNTRANSLATED: (EMPTY, SAME),
    FlagKind.TRUNCATED: (TRUNCATED,),
    FlagKind.TAG_PLACEMENT: (TAG_PLACEMENT,),
    FlagKind.TAG_MISMATCH: (TAG_MISSING, TAG_EXTRA, TAG_DUPLICATE, TAG_ORDER),
}


def _kind(kind: FlagKind | str) -> FlagKind | str:
    try:
        return FlagKind(kind)
    except ValueError:
        return kind  # a kind this version does not know (a newer or hand-edited project file)


def _template_for(kind: FlagKind | str, details: Mapping[str, object]) -> str:
    if not isinstance(kind, FlagKind):
        return ""
    return next((t.text for t in _TEMPLATES[kind] if t.fits(details)), "")


@dataclass
class Flag:
    """One QA finding on a segment. Offsets in `details`: `start`/`end` into the source,
    `target_start`/`target_end` into the target.

    Build flags with the constructors (`Flag.term_missing(...)` …); `Flag(kind, message,
    details)` is for flags read back from files, whose template is found from kind and details.
    """

    kind: FlagKind | str  # a plain string only for a kind unknown to this version
    message: str  # in English, for the CLI, logs and JSON
    details: dict[str, object] = field(default_factory=dict)
    template: str = field(default="", repr=False, compare=False)

    def __post_init__(self) -> None:
        self.kind = _kind(self.kind)
        if not self.template:
            self.template = _template_for(self.kind, self.details)

    def text(self) -> str:
        """The message in the UI language (the stored message when no template fits)."""
        if not self.template:
            return self.message
        return _(self.template) % _strings(self.details)

    def label(self) -> str:
        return flag_label(self.kind)

    def source_span(self) -> tuple[int, int] | None:
        """(start, end) into the source, for flags that mark a place in it; else None."""
        return self._span("start", "end")

    def target_span(self) -> tuple[int, int] | None:
        """(start, end) into the target, for flags that mark a place in it; else None."""
        return self._span("target_start", "target_end")

    def _span(self, start_key: str, end_key: str) -> tuple[int, int] | None:
        start, end = self.details.get(start_key), self.details.get(end_key)
        if isinstance(start, int) and isinstance(end, int) and 0 <= start <= end:
            return start, end
        return None

    def to_json(self) -> dict[str, object]:
        return {"kind": str(self.kind), "message": self.message, **self.details}

    @classmethod
    def _made(cls, template: _Template, details: dict[str, object]) -> Flag:
        return cls(template.kind, template.text % _strings(details), details, template.text)

    @classmethod
    def term_missing(cls, term: str, target: str, surface: str, start: int, end: int) -> Flag:
        """A glossary match whose target could not be placed (offsets into the source)."""
        details: dict[str, object] = {
            "term": term,
            "target": target,
            "surface": surface,
            "start": start,
            "end": end,
        }
        return cls._made(TERM_MISSING, details)

    @classmethod
    def term_missing_proposed(
        cls,
        term: str,
        target: str,
        surface: str,
        start: int,
        end: int,
        target_start: int,
        target_end: int,
        found: str,
        proposed: str,
        confidence: float,
    ) -> Flag:
        """A match not placed, with the target span attention suggests (not confidently enough):
        replacing target[target_start:target_end] (`found`) by `proposed` would apply it."""
        details: dict[str, object] = {
            "term": term,
            "target": target,
            "surface": surface,
            "start": start,
            "end": end,
            "outcome": "proposed",
            "target_start": target_start,
            "target_end": target_end,
            "found": found,
            "proposed": proposed,
            "confidence": round(confidence, 2),
        }
        return cls._made(TERM_MISSING_PROPOSED, details)

    def proposal(self) -> tuple[int, int, str] | None:
        """(target start, target end, replacement) a `term-missing` flag proposes; else None."""
        span = self.target_span()
        proposed = self.details.get("proposed")
        if self.kind != FlagKind.TERM_MISSING or span is None or not isinstance(proposed, str):
            return None
        return span[0], span[1], proposed

    @classmethod
    def forbidden_left(
        cls, term: str, variant: str, surface: str, target_start: int, target_end: int
    ) -> Flag:
        """A forbidden rendering of a matched term the MT produced and enforcement left."""
        details: dict[str, object] = {
            "term": term,
            "variant": variant,
            "surface": surface,
            "outcome": "left",
            "target_start": target_start,
            "target_end": target_end,
        }
        return cls._made(FORBIDDEN_LEFT, details)

    @classmethod
    def forbidden_replaced(cls, term: str, variant: str, surface: str, replacement: str) -> Flag:
        """A forbidden rendering of a matched term that enforcement replaced by `replacement`."""
        details: dict[str, object] = {
            "term": term,
            "variant": variant,
            "surface": surface,
            "outcome": "replaced",
            "replacement": replacement,
        }
        return cls._made(FORBIDDEN_REPLACED, details)

    @classmethod
    def forbidden_anywhere(
        cls,
        term: str,
        target: str,
        variant: str,
        surface: str,
        target_start: int,
        target_end: int,
    ) -> Flag:
        """A forbidden variant of any glossary term standing in the target at the offsets."""
        details: dict[str, object] = {
            "term": term,
            "target": target,
            "variant": variant,
            "surface": surface,
            "target_start": target_start,
            "target_end": target_end,
        }
        return cls._made(FORBIDDEN_ANYWHERE, details)

    @classmethod
    def possible_misspelling(
        cls, surface: str, start: int, end: int, suggestion: str, target: str, distance: int
    ) -> Flag:
        """A source word close to a glossary term (offsets into the source)."""
        details: dict[str, object] = {
            "surface": surface,
            "start": start,
            "end": end,
            "suggestion": suggestion,
            "target": target,
            "distance": distance,
        }
        return cls._made(MISSPELLING, details)

    @classmethod
    def number_mismatch(cls, number: str) -> Flag:
        """A number of the source (by its digits) that the target lacks."""
        return cls._made(NUMBER_MISMATCH, {"number": number})

    @classmethod
    def untranslated_empty(cls) -> Flag:
        return cls._made(EMPTY, {"reason": "empty"})

    @classmethod
    def untranslated_same(cls) -> Flag:
        return cls._made(SAME, {"reason": "same"})

    @classmethod
    def truncated(cls) -> Flag:
        """The MT stopped at the decoding-length cap: the end of the target may be missing."""
        return cls._made(TRUNCATED, {"reason": "max-length"})

    @classmethod
    def tag_placement(cls, tags: str) -> Flag:
        """Inline tags (their numbers, e.g. "1, 3") moved to the end of the MT target."""
        return cls._made(TAG_PLACEMENT, {"tags": tags})

    @classmethod
    def tag_mismatch(cls, problem: str, tag: str) -> Flag:
        """`problem` is "missing", "extra" (not in the source), "duplicate" (in the target more
        often than in the source) or "order"; `tag` the tag as shown (e.g. "<2>")."""
        templates = {
            "missing": TAG_MISSING,
            "extra": TAG_EXTRA,
            "duplicate": TAG_DUPLICATE,
            "order": TAG_ORDER,
        }
        return cls._made(
            templates[problem],
            {"problem": problem, "tag": tag},
        )


FLAG_ORDER: list[FlagKind] = list(FlagKind)
