"""The translation memory store: the glossary's database (SQLite file or team PostgreSQL).

- Opening goes through `glossary.database` (URL checks, locks, Alembic schema, error messages),
  so `--db` means the same database for glossary and memory.
- Writing is an upsert on (languages, source, target, context): confirming the same unit twice,
  from one app or two at once, keeps it once with the newer author and time; different units
  written at once are all kept (nothing is read-modified-written, so there is no lost update).
- Lookup: exact candidates by key; fuzzy candidates from the index — on SQLite the units holding
  most of the query's rarest words, each weighted by its rarity (word counts in `tm_words`, units
  per word from the FTS5 index), on PostgreSQL pg_trgm similarity through its GIN index — then every candidate scored
  exactly (`tm.scoring`).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime

from sqlalchemy import Engine, Select, bindparam, func, or_, select, text
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from glossary.database import StoreError, TransactionalStore, open_engine
from tm.models import TMUnit
from tm.scoring import Scorer, repair_numbers
from tm.text import context_key, fold, inline_codes, plain_text, text_key
from tm.units import SOURCE_LANG, TARGET_LANG, TMMatch, TMStats, TranslationUnit

IN_CONTEXT = 101
EXACT = 100
CANDIDATES = 25  # fuzzy candidates read from the index and scored exactly
INDEX_WORDS = 5  # the query's rarest words searched in the FTS5 index
POSTINGS = 20_000  # a word in more units than this is not searched (unless no rarer one is)
WRITE_BATCH = 2000
BULK_CACHE_KIB = 256 * 1024  # SQLite page cache while writing (the default is 2 MiB)
UNIT_KEY = ("source_lang", "target_lang", "source_key", "target_key", "context_key")
_WORD = re.compile(r"\w+")


def index_words(text: str) -> set[str]:
    """The words `tm_words` counts (lower case, at most 100 characters)."""
    return {word[:100] for word in _WORD.findall(text.lower())}  # as FTS5 folds (ß stays)


Progress = Callable[[int, int], None]  # (done, total)
CancelCheck = Callable[[], bool]


class TMCancelled(Exception):
    """The user cancelled an import or export; nothing was written."""


def utcnow() -> datetime:
    """Now, to the second (as TMX writes times, so a round trip keeps them exactly)."""
    return datetime.now(UTC).replace(microsecond=0)


def _row(unit: TranslationUnit, now: datetime) -> dict[str, object]:
    source_plain = fold(plain_text(unit.source))
    return {
        "source_lang": unit.source_lang,
        "target_lang": unit.target_lang,
        "source": unit.source,
        "target": unit.target,
        "source_plain": source_plain,
        "source_key": text_key(source_plain),
        "target_key": text_key(unit.target),
        "context_key": context_key(unit.prev_source, unit.next_source),
        "prev_source": fold(unit.prev_source),
        "next_source": fold(unit.next_source),
        "author": unit.author[:200],
        "document": unit.document[:500],
        "created_at": _seconds(unit.created_at) or now,
        "changed_at": _seconds(unit.changed_at or unit.created_at) or now,
    }


def _seconds(moment: datetime | None) -> datetime | None:
    return moment.replace(microsecond=0) if moment else None


def _unit(row: TMUnit) -> TranslationUnit:
    return TranslationUnit(
        source=row.source,
        target=row.target,
        prev_source=row.prev_source,
        next_source=row.next_source,
        author=row.author,
        document=row.document,
        created_at=_aware(row.created_at),
        changed_at=_aware(row.changed_at),
        source_lang=row.source_lang,
        target_lang=row.target_lang,
        id=row.id,
    )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite drops the zone


@contextmanager
def memory_errors() -> Iterator[None]:
    """glossary.database's messages, naming the database as the memory's (it is the same one)."""
    try:
        yield
    except StoreError as exc:
        message = str(exc).replace("glossary database", "translation memory database", 1)
        message = message.replace("not a Wortlaut glossary database", "not a Wortlaut database")
        raise type(exc)(message) from exc


class TranslationMemory(TransactionalStore):
    """A translation memory. `TranslationMemory.open(url)` creates or upgrades the schema."""

    def __init__(self, engine: Engine):
        super().__init__(engine)
        self._trigrams: bool | None = None  # PostgreSQL: is pg_trgm installed?

    @classmethod
    def open(cls, url: str, password: str | None = None) -> TranslationMemory:
        """Open (creating or upgrading the schema); StoreError names the database and problem."""
        with memory_errors():
            return cls(open_engine(url, password))

    @contextmanager
    def session(self, write: bool = True) -> Iterator[Session]:
        """One transaction (committed on success, rolled back on error); errors as StoreError
        naming the memory."""
        with memory_errors(), super().session(write) as session:
            yield session

    # -- writing -------------------------------------------------------------------------------
    def add(
        self,
        units: Iterable[TranslationUnit],
        progress: Callable[[int], None] | None = None,
        cancelled: CancelCheck | None = None,
    ) -> int:
        """Store units in one transaction (all or nothing); returns how many were given.

        `progress(n)` hears the count written so far; `cancelled()` true stops the whole write
        (TMCancelled, nothing kept).
        """
        count = 0
        with self.session() as session:
            if not self.is_postgresql:  # a big import touches index pages all over the file
                session.execute(text(f"PRAGMA cache_size = -{BULK_CACHE_KIB}"))
            try:
                batch: list[dict[str, object]] = []
                now = utcnow()
                for unit in units:
                    batch.append(_row(unit, now))
                    if len(batch) >= WRITE_BATCH:
                        count += self._write(session, batch)
                        batch = []
                        if progress:
                            progress(count)
                        if cancelled and cancelled():
                            raise TMCancelled("cancelled; nothing was written")
                count += self._write(session, batch)
            finally:
                if not self.is_postgresql:  # the pooled connection goes back with the default
                    with suppress(SQLAlchemyError):  # (never hiding the error that got here)
                        session.execute(text("PRAGMA cache_size = -2000"))
            if progress:
                progress(count)
        return count

    def _write(self, session: Session, rows: list[dict[str, object]]) -> int:
        if not rows:
            return 0
        insert = pg_insert if self.is_postgresql else sqlite_insert
        statement = insert(TMUnit.__table__)
        statement = statement.on_conflict_do_update(
            index_elements=[
                "source_lang",
                "target_lang",
                "source_key",
                "target_key",
                "context_key",
            ],
            set_={
                "author": statement.excluded.author,
                "document": statement.excluded.document,
                "changed_at": statement.excluded.changed_at,
                "source": statement.excluded.source,
                "target": statement.excluded.target,
            },
        )
        unique: dict[tuple[object, ...], dict[str, object]] = {}
        for row in rows:  # one statement may not touch a row twice (PostgreSQL refuses)
            unique[tuple(row[column] for column in UNIT_KEY)] = row
        # in key order: two writers upserting overlapping units lock them in the same order
        session.execute(statement, [unique[key] for key in sorted(unique)])
        if not self.is_postgresql:
            counts: Counter[str] = Counter()
            for row in unique.values():
                counts.update(index_words(str(row["source_plain"])))
            session.execute(
                text(
                    "INSERT INTO tm_words (word, units) VALUES (:w, :n) "
                    "ON CONFLICT (word) DO UPDATE SET units = units + excluded.units"
                ),
                [{"w": word, "n": n} for word, n in counts.items()],
            )
        return len(rows)

    def confirm(
        self,
        source: str,
        target: str,
        prev_source: str = "",
        next_source: str = "",
        author: str = "",
        document: str = "",
        markers: bool = False,
    ) -> TranslationUnit:
        """Remember a confirmed segment (plain text, with the plain sources around it; with
        `markers`, the target's tag markers are kept as inline codes)."""
        unit = TranslationUnit.from_text(
            source, target, prev_source, next_source, author, document, markers
        )
        self.add([unit])
        return unit

    # -- reading -------------------------------------------------------------------------------
    def count(self) -> int:
        with self.session(write=False) as session:
            return session.scalar(select(func.count()).select_from(TMUnit)) or 0

    def units(self, batch: int = 1000) -> Iterator[TranslationUnit]:
        """Every unit, in id order, read in batches (for export)."""
        last = 0
        while True:
            with self.session(write=False) as session:
                rows = session.scalars(
                    select(TMUnit).where(TMUnit.id > last).order_by(TMUnit.id).limit(batch)
                ).all()
            if not rows:
                return
            for row in rows:
                yield _unit(row)
            last = rows[-1].id

    def stats(self) -> TMStats:
        with self.session(write=False) as session:
            pairs = session.execute(
                select(TMUnit.source_lang, TMUnit.target_lang, func.count()).group_by(
                    TMUnit.source_lang, TMUnit.target_lang
                )
            ).all()
            authors = session.scalar(select(func.count(func.distinct(TMUnit.author)))) or 0
            documents = session.scalar(select(func.count(func.distinct(TMUnit.document)))) or 0
            newest = session.scalar(select(func.max(TMUnit.changed_at)))
        return TMStats(
            units=sum(int(n) for _s, _t, n in pairs),
            language_pairs={f"{s}→{t}": int(n) for s, t, n in pairs},
            authors=int(authors),
            documents=int(documents),
            newest=_aware(newest) if newest else None,
        )

    def lookup(
        self,
        source: str,
        prev_source: str | None = None,
        next_source: str | None = None,
        min_score: int = 50,
        limit: int = 5,
        source_lang: str = SOURCE_LANG,
        target_lang: str = TARGET_LANG,
    ) -> list[TMMatch]:
        """The best matches for plain `source`, best first: 101 when it and the segments around
        it (`prev_source`, `next_source`; None: unknown) match, 100 exact, else fuzzy ≥ min_score.
        Among equal scores the newest unit (latest change, then latest added) comes first."""
        query = fold(source)
        if not query:
            return []
        wanted_context = (
            context_key(prev_source, next_source)
            if prev_source is not None and next_source is not None
            else None
        )
        with self.session(write=False) as session:
            languages = (TMUnit.source_lang == source_lang) & (TMUnit.target_lang == target_lang)
            rows = list(
                session.scalars(
                    select(TMUnit).where(languages, TMUnit.source_key == text_key(query)).limit(50)
                )
            )
            if min_score < EXACT:
                seen = {row.id for row in rows}
                ids = [i for i in self._candidates(session, query) if i not in seen]
                if ids:  # (by id alone: with the languages SQLite may scan their index instead)
                    rows += [
                        row
                        for row in session.scalars(select(TMUnit).where(TMUnit.id.in_(ids)))
                        if (row.source_lang, row.target_lang) == (source_lang, target_lang)
                    ]
        matches: list[TMMatch] = []
        scorer = Scorer(query)
        for row in rows:
            points = scorer.score(row.source_plain, inline_codes(row.source))
            if points == EXACT and wanted_context is not None and row.context_key == wanted_context:
                points = IN_CONTEXT
            if points < min_score:
                continue
            target = repair_numbers(row.source_plain, query, plain_text(row.target))
            matches.append(TMMatch(points, _unit(row), target))
        matches.sort(
            key=lambda m: (m.score, m.unit.changed_at or utcnow(), m.unit.id), reverse=True
        )
        return matches[:limit]

    def _candidates(self, session: Session, query: str) -> list[int]:
        """Ids of units whose source shares most with `query`, from the backend's index."""
        if self.is_postgresql and not self._has_trigrams(session):
            return self._scanned_candidates(session, query)
        if self.is_postgresql:
            session.execute(text("SET LOCAL pg_trgm.similarity_threshold = 0.3"))
            found = session.execute(
                text(
                    "SELECT id FROM tm_units WHERE source_plain % :q "
                    "ORDER BY similarity(source_plain, :q) DESC LIMIT :n"
                ),
                {"q": query, "n": CANDIDATES},
            )
            return [int(i) for (i,) in found]
        words = sorted(index_words(query))
        if not words:
            return []
        known = session.execute(
            text("SELECT word, units FROM tm_words WHERE word IN :words").bindparams(
                bindparam("words", expanding=True)
            ),
            {"words": words},
        ).all()
        by_rarity = sorted(known, key=lambda pair: (pair[1], pair[0]))
        chosen = [(w, n) for w, n in by_rarity if n <= POSTINGS][:INDEX_WORDS] or by_rarity[:2]
        everything = max(session.scalar(select(func.max(TMUnit.id))) or 1, 1)
        weights: dict[int, float] = {}
        cursor = session.connection().connection.cursor()  # the DB-API: thousands of ids, fast
        try:
            for word, units in chosen:  # each word counts by its rarity (as bm25's idf does)
                weight = math.log((everything + 1) / (units + 0.5))
                cursor.execute(
                    "SELECT rowid FROM tm_units_fts WHERE tm_units_fts MATCH ? LIMIT ?",
                    ('"' + word.replace('"', '""') + '"', POSTINGS),
                )
                for (unit_id,) in cursor.fetchall():
                    weights[unit_id] = weights.get(unit_id, 0.0) + weight
        finally:
            cursor.close()
        best = heapq.nlargest(CANDIDATES, weights.items(), key=lambda item: item[1])
        return [int(unit_id) for unit_id, _weight in best]

    def _has_trigrams(self, session: Session) -> bool:
        if self._trigrams is None:
            self._trigrams = bool(
                session.scalar(text("SELECT count(*) FROM pg_extension WHERE extname = 'pg_trgm'"))
            )
        return self._trigrams

    def _scanned_candidates(self, session: Session, query: str) -> list[int]:
        """Without pg_trgm (the server's administrator did not allow it): units holding any of
        the query's longest words, by a scan."""
        words = sorted(index_words(query), key=len, reverse=True)[:3]
        if not words:
            return []
        patterns = [
            "%" + w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            for w in words
        ]
        found = session.scalars(
            select(TMUnit.id)
            .where(or_(*(TMUnit.source_plain.ilike(p, escape="\\") for p in patterns)))
            .limit(CANDIDATES * 8)
        )
        return [int(i) for i in found]

    def concordance(self, phrase: str, limit: int = 50) -> list[TranslationUnit]:
        """Units whose source contains `phrase` (any case; on SQLite only ASCII letters fold),
        newest first. A scan of the sources: parts of compounds are found too."""
        phrase = fold(phrase)
        if not phrase:
            return []
        with self.session(write=False) as session:
            statement: Select[TMUnit] = select(TMUnit)
            escaped = phrase.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            statement = statement.where(TMUnit.source_plain.ilike(f"%{escaped}%", escape="\\"))
            rows = session.scalars(
                statement.order_by(TMUnit.changed_at.desc(), TMUnit.id.desc()).limit(limit)
            )
            return [_unit(row) for row in rows]
