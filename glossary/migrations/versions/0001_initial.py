"""Glossaries and their terms (source, target, notes, forbidden variants, version counter).

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "glossaries",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, unique=True),
        sa.Column("source_lang", sa.String(16), nullable=False),
        sa.Column("target_lang", sa.String(16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_table(
        "terms",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column(
            "glossary_id",
            sa.Integer,
            sa.ForeignKey("glossaries.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("source_key", sa.String(500), nullable=False),
        sa.Column("target", sa.Text, nullable=False),
        sa.Column("notes", sa.Text, nullable=False),
        sa.Column("forbidden", sa.JSON, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.UniqueConstraint("glossary_id", "source_key", "target", name="uq_terms_source_target"),
    )
    op.create_index("ix_terms_glossary_id", "terms", ["glossary_id"])
    op.create_index("ix_terms_source_key", "terms", ["source_key"])


def downgrade() -> None:
    op.drop_table("terms")
    op.drop_table("glossaries")
