"""The glossary as an editor works with it: stored terms plus a document's own glossary, with the
matcher, the search index and the forbidden-variant index kept in step with them.

Precedence (as in `document_glossary`): a stored term hides every document-glossary term with the
same normalised source; when the last stored term of that source goes (or changes its source),
the document's term is in use again. The indexes are built once, when the workspace is made
(off the UI thread: ~1 s at 100k terms), and then updated per changed term; every update returns
a `TermChange` that says which terms went out of use and which came in, so a view re-checks only
what they concern. The search index is the one exception: it is rebuilt as a whole
(`rebuilt_search`, in a worker) after a burst of edits and installed if nothing changed meanwhile.

The workspace is not thread-safe: one thread (the UI's) updates it; workers get copies
(`forbidden.copy()`) or the immutable `entries` list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from glossary.forbidden import ForbiddenIndex
from glossary.matcher import Matcher
from glossary.normalize import normalise_term
from glossary.search import SearchResult, TermSearchIndex
from glossary.terms import TermEntry


@dataclass(frozen=True)
class TermChange:
    """What one glossary action changed: terms out of use, terms in use. `everything` after a
    load, an import or a new document glossary (then `removed`/`added` are empty)."""

    removed: tuple[TermEntry, ...] = ()
    added: tuple[TermEntry, ...] = ()
    everything: bool = False

    @property
    def terms(self) -> tuple[TermEntry, ...]:
        return self.removed + self.added

    def __bool__(self) -> bool:
        return self.everything or bool(self.removed or self.added)


EVERYTHING = TermChange(everything=True)


class GlossaryWorkspace:
    """Stored terms (by id) and a read-only document glossary, indexed for matching and search."""

    def __init__(
        self,
        stored: Iterable[TermEntry] = (),
        attached: Iterable[TermEntry] = (),
        attached_path: Path | None = None,
    ) -> None:
        self._stored: dict[int, TermEntry] = {}
        self._loose: list[TermEntry] = []  # stored terms without id (an old snapshot): read-only
        self._stored_keys: dict[str, int] = {}  # normalised source → how many stored terms
        for term in stored:
            if term.id is None:
                self._loose.append(term)
            else:
                self._stored[term.id] = term
            key = normalise_term(term.source)
            self._stored_keys[key] = self._stored_keys.get(key, 0) + 1
        self.attached_path: Path | None = None
        self.attached: tuple[TermEntry, ...] = ()
        self._attached_by_key: dict[str, list[TermEntry]] = {}
        self._set_attached(attached, attached_path)
        self.version = 0  # +1 per change; a rebuilt search index is installed only if it matches
        self._entries: list[TermEntry] | None = None
        in_use = self.entries
        self.matcher = Matcher(in_use)
        self.forbidden = ForbiddenIndex(in_use)
        self.search_index = TermSearchIndex(in_use)

    # -- reading ---------------------------------------------------------------------------------
    @property
    def stored(self) -> Mapping[int, TermEntry]:
        """Stored terms by id (read-only view)."""
        return self._stored

    @property
    def entries(self) -> list[TermEntry]:
        """Every term in use: the stored ones, then the document's uncovered ones.

        Computed once per version; callers must not change the list.
        """
        if self._entries is None:
            uncovered = [t for t in self.attached if not self._covered(t)]
            self._entries = [*self._stored.values(), *self._loose, *uncovered]
        return self._entries

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def is_empty(self) -> bool:
        return not self._stored and not self._loose and not self.attached

    def _covered(self, term: TermEntry) -> bool:
        return self._stored_keys.get(normalise_term(term.source), 0) > 0

    # -- changing ---------------------------------------------------------------------------------
    def put(self, saved: TermEntry) -> TermChange:
        """A stored term was added or changed (the store's saved version, with its id)."""
        if saved.id is None:
            raise ValueError(f"a stored term needs its id: {saved.source!r}")
        old = self._stored.get(saved.id)
        if old == saved:
            return TermChange()  # already known (our own change coming back from a poll)
        removed: list[TermEntry] = []
        added: list[TermEntry] = []
        if old is not None:
            self._take_out(old)
            removed.append(old)
            del self._stored[saved.id]
            added += self._forget_key(old.source)
        removed += self._remember_key(saved.source)
        self._stored[saved.id] = saved
        self._bring_in(saved)
        added.append(saved)
        return self._changed(removed, added)

    def drop(self, term_id: int) -> TermChange:
        """A stored term was deleted."""
        old = self._stored.pop(term_id, None)
        if old is None:
            return TermChange()
        self._take_out(old)
        uncovered = self._forget_key(old.source)
        return self._changed([old], uncovered)

    def apply(self, changed: Mapping[int, TermEntry | None]) -> TermChange:
        """Several stored terms changed (None: deleted), e.g. other people's edits from a poll."""
        removed: list[TermEntry] = []
        added: list[TermEntry] = []
        for term_id, now in changed.items():
            step = self.drop(term_id) if now is None else self.put(now)
            removed += step.removed
            added += step.added
        return TermChange(tuple(removed), tuple(added))

    def attach(self, attached: Iterable[TermEntry], attached_path: Path | None) -> TermChange:
        """Use another document glossary (or none): its uncovered terms in, the old ones out."""
        old = [t for t in self.attached if not self._covered(t)]
        for term in old:
            self._take_out(term)
        self._set_attached(attached, attached_path)
        new = [t for t in self.attached if not self._covered(t)]
        for term in new:
            self._bring_in(term)
        return self._changed(old, new)

    def _set_attached(self, attached: Iterable[TermEntry], attached_path: Path | None) -> None:
        self.attached_path = attached_path
        self.attached = tuple(attached)
        self._attached_by_key = {}
        for term in self.attached:
            self._attached_by_key.setdefault(normalise_term(term.source), []).append(term)

    def _remember_key(self, source: str) -> list[TermEntry]:
        """Count a stored source; the document terms it now hides leave the indexes."""
        key = normalise_term(source)
        self._stored_keys[key] = self._stored_keys.get(key, 0) + 1
        if self._stored_keys[key] > 1:
            return []
        hidden = self._attached_by_key.get(key, [])
        for term in hidden:
            self._take_out(term)
        return list(hidden)

    def _forget_key(self, source: str) -> list[TermEntry]:
        """Uncount a stored source; document terms no longer hidden come (back) in."""
        key = normalise_term(source)
        left = self._stored_keys.get(key, 0) - 1
        if left > 0:
            self._stored_keys[key] = left
            return []
        self._stored_keys.pop(key, None)
        uncovered = self._attached_by_key.get(key, [])
        for term in uncovered:
            self._bring_in(term)
        return list(uncovered)

    def _take_out(self, term: TermEntry) -> None:
        self.matcher.remove(term)
        self.forbidden.remove(term)
        self.search_index.remove(term)

    def _bring_in(self, term: TermEntry) -> None:
        self.matcher.add(term)
        self.forbidden.add(term)
        self.search_index.add(term)

    def _changed(self, removed: list[TermEntry], added: list[TermEntry]) -> TermChange:
        self.version += 1
        self._entries = None
        return TermChange(tuple(removed), tuple(added))

    def search(self, query: str, limit: int = 200, count_limit: int = 10_000) -> SearchResult:
        """Terms in use whose source or target holds `query`, source-prefix hits first."""
        return self.search_index.search(query, limit, count_limit)
