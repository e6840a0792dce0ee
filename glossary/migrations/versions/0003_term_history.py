"""Term history (who changed what, when; old and new values) for team glossaries.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "term_history",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("glossary_id", sa.Integer, nullable=False),
        sa.Column("term_id", sa.Integer, nullable=False),
        sa.Column("action", sa.String(20), nullable=False),
        sa.Column("author", sa.String(200), nullable=False, server_default=""),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old", sa.JSON, nullable=True),
        sa.Column("new", sa.JSON, nullable=True),
    )
    op.create_index("ix_term_history_glossary_id", "term_history", ["glossary_id"])
    op.create_index("ix_term_history_term_id", "term_history", ["term_id"])


def downgrade() -> None:
    op.drop_index("ix_term_history_term_id", "term_history")
    op.drop_index("ix_term_history_glossary_id", "term_history")
    op.drop_table("term_history")
