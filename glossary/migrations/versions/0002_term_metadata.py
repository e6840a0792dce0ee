"""Per-term metadata: case-sensitive flag, domain and author.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("terms") as batch:
        batch.add_column(
            sa.Column("case_sensitive", sa.Boolean, nullable=False, server_default=sa.false())
        )
        batch.add_column(sa.Column("domain", sa.String(200), nullable=False, server_default=""))
        batch.add_column(sa.Column("author", sa.String(200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("terms") as batch:
        batch.drop_column("author")
        batch.drop_column("domain")
        batch.drop_column("case_sensitive")
