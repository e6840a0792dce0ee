"""The app opens DOCX/XLIFF/HTML files as documents and exports the translation into them."""

from __future__ import annotations

import shutil

from app.formats import SUFFIXES, open_document
from app.formats.inline import plain_text
from app.ui.document_commands import DOCUMENT_SUFFIXES
from tests.app.formats.conftest import DOCUMENTS


def test_the_window_knows_the_same_document_suffixes_as_the_format_layer():
    assert set(DOCUMENT_SUFFIXES) == set(SUFFIXES)


def test_a_docx_opens_as_its_sentences(window):
    assert window.open_path(DOCUMENTS / "formatted.docx")
    sources = [s.source for s in window.session.project.segments]
    assert "Die Regierung hat heute ein neues Gesetz beschlossen." in sources
    assert "Kopfzeile des Berichts" in sources


def test_export_writes_confirmed_targets_into_the_original_format(window, tmp_path):
    source = tmp_path / "okapi.xlf"
    shutil.copy(DOCUMENTS / "okapi-1.2.xlf", source)
    window.open_path(source)
    row = next(
        i for i, s in enumerate(window.session.project.segments) if s.source.startswith("Der Preis")
    )
    window.session.confirm(row, "The price is  euros.")
    out = tmp_path / "okapi-en.xlf"
    window.prompts.save_paths.append(out)
    window.documents.export_document()
    still_open = [plain_text(u.parts) for u in open_document(out).units]
    assert "Der Preis beträgt  Euro." not in still_open  # translated: the translator's work
    assert "Zeile einsZeile zwei mit Link." in still_open  # not translated: left as it was
    written = out.read_text(encoding="utf-8")
    assert 'state="translated">The price is  euros.<ph id="1">{price}</ph>' in written


def opened_copy(window, tmp_path, name="okapi-1.2.xlf"):
    source = tmp_path / name
    shutil.copy(DOCUMENTS / name, source)
    assert window.open_path(source)
    window.session.confirm(0, "The government passed a new law.")
    return source


def test_export_suggests_a_name_beside_the_source_never_the_source(window, tmp_path):
    source = opened_copy(window, tmp_path, "formatted.docx")
    window.documents.export_document()
    assert window.prompts.suggested == [str(source.with_name("formatted-en.docx"))]


def test_export_over_the_source_document_is_refused_and_the_source_kept(window, tmp_path):
    source = opened_copy(window, tmp_path)
    window.prompts.save_paths.append(tmp_path / "." / source.name)
    window.documents.export_document()
    title, message = window.prompts.errors[-1]
    assert title == "Cannot export"
    assert "is the document this project was made from" in message
    assert "okapi-1.2-en.xlf" in message  # what to choose instead
    assert source.read_bytes() == (DOCUMENTS / "okapi-1.2.xlf").read_bytes()


def test_export_over_the_project_file_is_refused(window, tmp_path):
    opened_copy(window, tmp_path)
    project_file = window.session.save(tmp_path / "job.wortlaut")
    before = project_file.read_bytes()
    window.prompts.save_paths.append(project_file)
    window.documents.export_document()
    assert "is this project's own file" in window.prompts.errors[-1][1]
    assert project_file.read_bytes() == before


def test_export_of_a_plain_text_project_says_what_to_use_instead(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.documents.export_document()
    assert "Export translation (.txt)" in window.prompts.errors[-1][1]


def test_a_document_with_tracked_changes_is_refused_with_the_reason(window):
    assert not window.open_path(DOCUMENTS / "tracked.docx")
    assert "tracked changes" in window.prompts.errors[-1][1]
