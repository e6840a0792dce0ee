"""The translation unit table (schema: glossary/migrations/versions/0004_translation_memory.py)."""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from sqlalchemy import DateTime, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    __table__: ClassVar[Table]


class TMUnit(Base):
    __tablename__ = "tm_units"
    __table_args__ = (
        UniqueConstraint(
            "source_lang",
            "target_lang",
            "source_key",
            "target_key",
            "context_key",
            name="uq_tm_units_unit",
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source_lang: Mapped[str] = mapped_column(String(16))
    target_lang: Mapped[str] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(Text)
    target: Mapped[str] = mapped_column(Text)
    source_plain: Mapped[str] = mapped_column(Text)
    source_key: Mapped[str] = mapped_column(String(16))
    target_key: Mapped[str] = mapped_column(String(16))
    context_key: Mapped[str] = mapped_column(String(16))
    prev_source: Mapped[str] = mapped_column(Text, default="")
    next_source: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(String(200), default="")
    document: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
