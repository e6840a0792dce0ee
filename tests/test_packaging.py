"""Packaging facts that need no build: one version, the installer inputs, what is excluded."""

from __future__ import annotations

import subprocess
import sys
import tarfile
import tomllib

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
from packaging_support import keep_binary, keep_data, version
from release_archive import archive_name, measure

WORKFLOW = ROOT / ".github" / "workflows" / "release.yml"


def test_the_app_the_packaging_and_pyproject_agree_on_the_version():
    import app

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert app.__version__ == version() == declared


def test_the_release_workflow_builds_with_the_inno_setup_script_and_dmg_settings():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert (ROOT / "packaging" / "windows" / "wortlaut.iss").is_file()
    assert (ROOT / "packaging" / "macos" / "dmg_settings.py").is_file()
    assert "packaging/windows/wortlaut.iss" in text or "packaging\\windows\\wortlaut.iss" in text
    assert "packaging/macos/dmg_settings.py" in text
    for runner in ("windows-latest", "macos-14", "macos-15-intel"):
        assert runner in text
    assert "--self-test" in text


def test_the_inno_setup_script_installs_per_user_and_associates_projects():
    iss = (ROOT / "packaging" / "windows" / "wortlaut.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in iss
    assert 'Subkey: "Software\\Classes\\.wortlaut"' in iss
    assert "{#AppVersion}" in iss and "[Icons]" in iss


def test_babel_and_qt_data_of_other_languages_is_left_out():
    assert keep_data("babel/locale-data/de.dat")
    assert keep_data("babel/locale-data/en_GB.dat")
    assert not keep_data("babel/locale-data/fr.dat")
    assert keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert not keep_data("PySide6/Qt/translations/qtbase_fr.qm")


def test_unused_qt_plugins_and_libraries_are_left_out():
    assert keep_binary("PySide6/Qt/plugins/platforms/libqxcb.so")
    assert keep_binary("PySide6/Qt/plugins/platforms/qwindows.dll")
    assert not keep_binary("PySide6/Qt/plugins/platforms/libqvnc.so")
    assert not keep_binary("PySide6/Qt/plugins/sqldrivers/libqsqlite.so")
    assert not keep_binary("PySide6/Qt/lib/libQt6Quick.so.6")
    assert keep_binary("ctranslate2.libs/libctranslate2-a7a60d30.so.4.8.5")


def test_the_self_test_passes_from_source(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--self-test"],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-test passed" in result.stdout
    assert result.stderr == ""  # Qt's messages go to the log, not the terminal


def test_a_failing_self_test_says_why_and_exits_non_zero(tmp_path):
    bogus = tmp_path / "broken.argosmodel"
    bogus.write_bytes(b"not a zip")
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "--self-test", str(bogus)],
        capture_output=True, text=True, timeout=300, cwd=ROOT,
    )  # fmt: skip
    assert result.returncode == 2
    assert "self-test FAILED" in result.stdout and "broken.argosmodel" in result.stdout


@pytest.mark.slow
def test_the_frozen_linux_app_builds_within_budget_and_passes_its_self_test_unpacked(
    tmp_path, capsys
):
    build = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "build.py"), "--archive"],
        capture_output=True, text=True, timeout=2400, cwd=ROOT,
    )  # fmt: skip
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-3000:]
    app_dir = ROOT / "dist" / "Wortlaut"
    archive = ROOT / "dist" / "installers" / archive_name(version())
    sizes = measure(app_dir, archive)
    with capsys.disabled():  # the figures belong in the CI log, pass or fail
        print(f"\n{sizes.text()}")
    assert sizes.problems() == []

    licences = app_dir / "_internal" / "resources" / "licences"
    assert "LGPL-3.0" in (licences / "QT-NOTICE.txt").read_text()
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in (licences / "LGPL-3.0.txt").read_text()
    third_party = (licences / "THIRD-PARTY-LICENSES.txt").read_text()
    assert "ctranslate2" in third_party and "SQLAlchemy" in third_party
    assert "pytest" not in third_party  # only what the build bundles

    with tarfile.open(archive) as packed:
        packed.extractall(tmp_path, filter="tar")
    unpacked = tmp_path / "Wortlaut"
    assert (unpacked / "wortlaut.desktop").is_file() and (unpacked / "wortlaut.png").is_file()
    result = subprocess.run(
        [str(unpacked / "wortlaut"), "--self-test"], capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(frozen, linux)" in result.stdout
