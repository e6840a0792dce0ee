"""Help ▸ About ▸ Licences: our licence, the Qt notice, the LGPL/GPL texts, third parties."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from app.ui.licences_dialog import AboutDialog, LicencesDialog


def test_help_about_opens_the_about_box_with_the_version_and_our_licence(qtbot, window):
    from app import __version__

    window.act_about.trigger()
    about = window.findChild(AboutDialog)
    assert about is not None and about.isVisible()
    texts = " ".join(label.text() for label in about.findChildren(QLabel))
    assert __version__ in texts and "MIT licence" in texts
    about.close()


def test_the_licences_button_opens_the_licences_window_at_our_licence(qtbot, window):
    about = AboutDialog(window)
    qtbot.addWidget(about)
    about.licences_button.click()
    licences = about.findChild(LicencesDialog)
    assert licences is not None and licences.isVisible()
    assert [d.title for d in licences.documents] == [
        "Wortlaut (MIT)",
        "Third-party packages",
        "Qt and PySide6 (LGPL-3.0)",
        "GNU LGPL 3.0",
        "GNU GPL 3.0",
    ]
    assert licences.text.toPlainText().startswith("MIT License")


def test_choosing_a_document_shows_its_text(qtbot, window):
    licences = LicencesDialog(window)
    qtbot.addWidget(licences)
    licences.list.setCurrentRow(3)
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in licences.text.toPlainText()


def test_a_build_file_missing_from_a_checkout_is_explained_not_an_error(qtbot, window, tmp_path):
    licences = LicencesDialog(window, folder=tmp_path)
    qtbot.addWidget(licences)
    licences.show_document(1)
    assert licences.text.toPlainText() == (
        "THIRD-PARTY-LICENSES.txt is written when the installers are built "
        "(packaging/build.py); this copy of Wortlaut runs from the sources and has none."
    )


def test_a_builds_licences_folder_shows_its_generated_files(qtbot, window, tmp_path):
    (tmp_path / "QT-NOTICE.txt").write_text("Qt and Qt for Python (PySide6) in Wortlaut\n")
    licences = LicencesDialog(window, folder=tmp_path)
    qtbot.addWidget(licences)
    licences.show_document(2)
    assert licences.list.currentRow() == 2
    assert licences.text.toPlainText().startswith("Qt and Qt for Python")
