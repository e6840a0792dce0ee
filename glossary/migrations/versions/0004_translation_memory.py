"""Translation memory: confirmed segments with their context, and a fuzzy-retrieval index.

The units live in the glossary's database (same URL, same locks, one schema revision), so a team
server holds both. SQLite gets a word-level FTS5 index (no positions: small and fast to build)
kept in step by triggers, and `tm_words`, about how many units hold each word (a unit confirmed
again counts again: a rarity hint, not a census), so a lookup searches the index for the
query's rarest words; PostgreSQL a pg_trgm GIN index. Both index `source_plain` (the source
without inline markup).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

_SQLITE_INDEX = (
    "CREATE VIRTUAL TABLE tm_units_fts USING fts5("
    "source_plain, content='tm_units', content_rowid='id', detail='none')",
    "CREATE TABLE tm_words (word VARCHAR(100) PRIMARY KEY, units INTEGER NOT NULL) WITHOUT ROWID",
    "CREATE TRIGGER tm_units_ai AFTER INSERT ON tm_units BEGIN "
    "INSERT INTO tm_units_fts(rowid, source_plain) VALUES (new.id, new.source_plain); END",
    "CREATE TRIGGER tm_units_ad AFTER DELETE ON tm_units BEGIN "
    "INSERT INTO tm_units_fts(tm_units_fts, rowid, source_plain) "
    "VALUES ('delete', old.id, old.source_plain); END",
    "CREATE TRIGGER tm_units_au AFTER UPDATE OF source_plain ON tm_units BEGIN "
    "INSERT INTO tm_units_fts(tm_units_fts, rowid, source_plain) "
    "VALUES ('delete', old.id, old.source_plain); "
    "INSERT INTO tm_units_fts(rowid, source_plain) VALUES (new.id, new.source_plain); END",
)


def upgrade() -> None:
    op.create_table(
        "tm_units",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("source_lang", sa.String(16), nullable=False),
        sa.Column("target_lang", sa.String(16), nullable=False),
        sa.Column("source", sa.Text, nullable=False),  # inline markup kept (TMX seg content)
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("source_plain", sa.Text, nullable=False),  # markup removed: index and score
        sa.Column("source_key", sa.String(16), nullable=False),  # hash of the folded plain source
        sa.Column("target_key", sa.String(16), nullable=False),
        sa.Column("context_key", sa.String(16), nullable=False),  # hash of previous + next
        sa.Column("prev_source", sa.Text, nullable=False, server_default=""),
        sa.Column("next_source", sa.Text, nullable=False, server_default=""),
        sa.Column("author", sa.String(200), nullable=False, server_default=""),
        sa.Column("document", sa.String(500), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.UniqueConstraint(
            "source_lang",
            "target_lang",
            "source_key",
            "target_key",
            "context_key",
            name="uq_tm_units_unit",  # its prefix (languages, source_key) finds exact matches
        ),
    )
    dialect = op.get_bind().dialect.name
    if dialect == "sqlite":
        for statement in _SQLITE_INDEX:
            op.execute(statement)
    elif dialect == "postgresql":
        _trigram_index()


def _trigram_index() -> None:
    """pg_trgm and its GIN index, if this user may create the extension (a trusted one: the
    database's CREATE privilege suffices); otherwise the memory works without, by scanning."""
    from sqlalchemy.exc import DBAPIError

    bind = op.get_bind()
    try:
        with bind.begin_nested():  # a savepoint: a refusal must not abort the migration
            bind.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
            bind.exec_driver_sql(
                "CREATE INDEX ix_tm_units_trgm ON tm_units USING gin (source_plain gin_trgm_ops)"
            )
    except DBAPIError:
        pass


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("tm_units_au", "tm_units_ad", "tm_units_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS tm_units_fts")
        op.execute("DROP TABLE IF EXISTS tm_words")
    op.drop_table("tm_units")
