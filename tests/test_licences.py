"""Licences shipped with every build: our own, the Qt/LGPL notice, and the generated list of
third-party licences (packaging/licences.py, run by wortlaut.spec at build time)."""

from __future__ import annotations

import json
import sys
import tomllib

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
from licences import (
    PackageLicence,
    bundled_distributions,
    native_libraries,
    parse_pip_licenses,
    qt_notice,
    read_pip_licenses,
    render_third_party,
)

OWNERS = {
    "PySide6": ["PySide6_Essentials"],
    "sqlalchemy": ["SQLAlchemy"],
    "app": ["wortlaut"],
    "psycopg_binary": ["psycopg-binary"],
    "pytest": ["pytest"],
}


def test_our_licence_is_at_the_top_level_and_is_the_one_pyproject_declares():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]
    assert declared == {"text": "MIT"}
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


def test_the_lgpl_and_gpl_texts_are_shipped_as_resources():
    folder = ROOT / "resources" / "licences"
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (folder / "LGPL-3.0.txt").read_text()
    assert "GNU GENERAL PUBLIC LICENSE" in (folder / "GPL-3.0.txt").read_text()


def test_bundled_distributions_are_those_owning_a_bundled_module_or_folder_except_ours():
    found = bundled_distributions(
        modules=["sqlalchemy.orm", "app.cli", "json"],
        files=["PySide6/QtCore.abi3.so", "psycopg_binary.libs/libpq.so", "libpython3.11.so"],
        owners=OWNERS,
    )
    assert found == ["PySide6_Essentials", "SQLAlchemy"]


def test_pip_licenses_json_becomes_package_licences_with_unknown_fields_left_empty():
    output = json.dumps(
        [
            {"Name": "ctranslate2", "Version": "4.8.5", "License": "MIT", "URL": "https://x",
             "LicenseText": "UNKNOWN", "NoticeText": "UNKNOWN"},
        ]
    )  # fmt: skip
    assert parse_pip_licenses(output) == [
        PackageLicence("ctranslate2", "4.8.5", "MIT", "https://x", text="", notice="")
    ]


def test_pip_licenses_reads_the_installed_metadata():
    (package,) = read_pip_licenses(["defusedxml"])
    assert package.name == "defusedxml"
    assert "PYTHON SOFTWARE FOUNDATION LICENSE" in package.text


def test_the_third_party_file_has_a_section_with_the_licence_text_of_each_package():
    text = render_third_party(
        [
            PackageLicence("PySide6_Essentials", "6.12", "LGPL-3.0-only", "https://pyside", ""),
            PackageLicence("alembic", "1.13", "MIT", "https://alembic", "Copyright alembic"),
            PackageLicence("ctranslate2", "4.8", "MIT", "https://opennmt.net", ""),
        ],
        python_licence="PSF LICENSE AGREEMENT",
        native_libraries=["libcrypto.so.3"],
    )
    assert "  alembic 1.13: MIT\n  ctranslate2 4.8: MIT\n  PySide6_Essentials" in text
    assert "Copyright alembic" in text
    assert "ships no licence file; its licence is named above and published at " in text
    assert "QT-NOTICE.txt" in text and "PSF LICENSE AGREEMENT" in text
    assert "  libcrypto.so.3" in text


def test_native_libraries_outside_packages_are_listed_and_qt_and_extensions_are_not():
    assert native_libraries(
        [
            "libcrypto.so.3",
            "ctranslate2.libs/libgomp-e985bcbb.so.1.0.0",
            "PySide6/Qt/lib/libQt6Core.so.6",
            "lib-dynload/_ssl.cpython-311-x86_64-linux-gnu.so",
            "sentencepiece/_sentencepiece.cpython-311-x86_64-linux-gnu.so",
        ]
    ) == ["ctranslate2.libs/libgomp-e985bcbb.so.1.0.0", "libcrypto.so.3"]


def test_the_qt_notice_names_the_included_libraries_how_to_replace_them_and_the_sources():
    notice = qt_notice(
        ["PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Core.so.6"], "6.12.0", "6.12.0"
    )
    assert "  PySide6/Qt/lib/libQt6Core.so.6\n  PySide6/Qt/lib/libQt6Widgets.so.6" in notice
    assert "LGPL-3.0.txt" in notice and "Replacing them" in notice
    assert "https://download.qt.io/official_releases/qt/" in notice
    assert "pyside-setup.git (tag v6.12.0)" in notice
