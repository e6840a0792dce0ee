"""Which glossary file belongs to an opened document."""

from __future__ import annotations

from pathlib import Path

from app.project import new_project
from app.ui.document_commands import document_glossary_for


def test_a_project_keeps_the_glossary_it_names_while_that_file_exists(tmp_path: Path) -> None:
    named = tmp_path / "elsewhere" / "terms.csv"
    named.parent.mkdir()
    named.write_text("source,target\nKreml,Kremlin\n", encoding="utf-8")
    (tmp_path / "glossary.csv").write_text("source,target\n", encoding="utf-8")
    project = new_project("Der Kreml.", source_path=tmp_path / "article.txt")
    project.glossary = str(named)
    assert document_glossary_for(project, tmp_path / "article.wortlaut") == named


def test_otherwise_the_glossary_beside_the_source_document_is_used(tmp_path: Path) -> None:
    beside = tmp_path / "glossary.csv"
    beside.write_text("source,target\n", encoding="utf-8")
    project = new_project("Der Kreml.", source_path=tmp_path / "article.txt")
    project.glossary = str(tmp_path / "moved-away.csv")
    assert document_glossary_for(project, tmp_path / "saved" / "article.wortlaut") == beside


def test_a_document_without_a_glossary_beside_it_has_none(tmp_path: Path) -> None:
    project = new_project("Der Kreml.")
    assert document_glossary_for(project, tmp_path / "article.txt") is None
