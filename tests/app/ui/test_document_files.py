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


def test_export_of_a_plain_text_project_says_what_to_use_instead(window, sample_folder):
    window.open_path(sample_folder / "article-de.txt")
    window.documents.export_document()
    assert "Export translation (.txt)" in window.prompts.errors[-1][1]


def test_a_document_with_tracked_changes_is_refused_with_the_reason(window):
    assert not window.open_path(DOCUMENTS / "tracked.docx")
    assert "tracked changes" in window.prompts.errors[-1][1]
