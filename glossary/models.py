"""SQLAlchemy ORM models of the terminology store (schema changes go through Alembic)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    # Every class here maps one Table (no joins or selectables), so `__table__` can insert.
    __table__: ClassVar[Table]


class Glossary(Base):
    __tablename__ = "glossaries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    source_lang: Mapped[str] = mapped_column(String(16), default="de")
    target_lang: Mapped[str] = mapped_column(String(16), default="en")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    terms: Mapped[list[Term]] = relationship(
        back_populates="glossary", cascade="all, delete-orphan", passive_deletes=True
    )


class Term(Base):
    __tablename__ = "terms"
    __table_args__ = (
        UniqueConstraint("glossary_id", "source_key", "target", name="uq_terms_source_target"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    glossary_id: Mapped[int] = mapped_column(
        ForeignKey("glossaries.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(String(500), index=True)
    target: Mapped[str] = mapped_column(Text)
    notes: Mapped[str] = mapped_column(Text, default="")
    forbidden: Mapped[list[str]] = mapped_column(JSON, default=list)
    case_sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    domain: Mapped[str] = mapped_column(String(200), default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    glossary: Mapped[Glossary] = relationship(back_populates="terms")

    # Optimistic locking: an UPDATE whose version no longer matches raises StaleDataError.
    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class TermChange(Base):
    """One recorded change of a term: who, when, and the values before and after.

    Kept when the term is deleted (no foreign key), so a deletion can be reverted.
    """

    __tablename__ = "term_history"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    glossary_id: Mapped[int] = mapped_column(Integer, index=True)
    term_id: Mapped[int] = mapped_column(Integer, index=True)
    action: Mapped[str] = mapped_column(String(20))  # create, update, delete, import, revert
    author: Mapped[str] = mapped_column(String(200), default="")
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    old: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    new: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
