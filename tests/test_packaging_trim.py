"""What the frozen app leaves out to stay within its size budget, and what it must keep."""

from __future__ import annotations

import sys

import pytest

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "packaging"))
from linux_libraries import drop_orphaned_libraries, only_needed_by_dropped
from packaging_support import (
    OPTIONAL_HIDDENIMPORTS,
    PYTHON_EXCLUDES,
    importable,
    keep_binary,
)

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux build rules")


def test_lxml_is_bundled_but_its_parts_nobody_imports_are_not():
    assert "lxml" not in PYTHON_EXCLUDES
    assert "lxml.etree" in OPTIONAL_HIDDENIMPORTS and "lxml.html" in OPTIONAL_HIDDENIMPORTS
    assert "lxml.objectify" in PYTHON_EXCLUDES and "lxml.html.diff" in PYTHON_EXCLUDES
    assert "lxml.etree" not in PYTHON_EXCLUDES and "lxml.html" not in PYTHON_EXCLUDES


def test_the_translation_memory_and_spreadsheet_libraries_are_hidden_imports():
    for module in ("rapidfuzz.fuzz", "rapidfuzz.distance", "rapidfuzz.process", "openpyxl"):
        assert module in OPTIONAL_HIDDENIMPORTS


def test_a_hidden_import_that_is_not_installed_is_skipped_rather_than_an_error():
    assert importable("json.decoder")
    assert not importable("wortlaut_no_such_package.module")
    assert not importable("json.no_such_module")


def test_only_the_image_and_wayland_plugins_a_desktop_session_loads_are_kept():
    plugins = "PySide6/Qt/plugins"
    assert keep_binary(f"{plugins}/imageformats/libqico.so")
    assert not keep_binary(f"{plugins}/imageformats/libqjpeg.so")
    assert not keep_binary(f"{plugins}/imageformats/libqicns.so")
    assert keep_binary(f"{plugins}/wayland-shell-integration/libxdg-shell.so")
    assert not keep_binary(f"{plugins}/wayland-shell-integration/libivi-shell.so")
    assert not keep_binary(f"{plugins}/wayland-shell-integration/libqt-shell.so")
    assert keep_binary(f"{plugins}/wayland-graphics-integration-client/libqt-plugin-wayland-egl.so")
    assert not keep_binary(f"{plugins}/wayland-graphics-integration-client/libdmabuf-server.so")
    assert keep_binary(f"{plugins}/platforms/libqwayland.so")


@linux_only
def test_linux_desktop_libraries_come_from_the_system_not_the_build_machine():
    assert not keep_binary("libdbus-1.so.3")
    assert not keep_binary("libX11.so.6")
    assert not keep_binary("libfontconfig.so.1")
    assert not keep_binary("libfreetype.so.6")
    assert keep_binary("libX11-xcb.so.1")
    assert keep_binary("libstdc++.so.6")
    assert keep_binary("libsqlite3.so.0")


def test_a_library_only_dropped_binaries_needed_goes_with_them():
    needed = {
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so": ["libgio-2.0.so.0", "libglib-2.0.so.0"],
        "PySide6/Qt/lib/libQt6Core.so.6": ["libglib-2.0.so.0"],
        "libgio-2.0.so.0": ["libgobject-2.0.so.0", "libglib-2.0.so.0"],
        "libgobject-2.0.so.0": ["libglib-2.0.so.0"],
        "libglib-2.0.so.0": [],
        "libuuid.so.1": [],  # linked by nothing: loaded with ctypes
    }
    collected = list(needed)
    kept = [name for name in collected if "qgtk3" not in name]
    assert only_needed_by_dropped(collected, kept, needed) == {
        "libgio-2.0.so.0",
        "libgobject-2.0.so.0",
    }


def test_a_library_behind_one_left_to_the_system_goes_too():
    needed = {
        "PySide6/Qt/lib/libQt6DBus.so.6": ["libdbus-1.so.3"],
        "libdbus-1.so.3": ["libsystemd.so.0"],
        "libsystemd.so.0": ["libzstd.so.1"],
        "PySide6/Qt/lib/libQt6Core.so.6": ["libzstd.so.1"],
        "libzstd.so.1": [],
    }
    collected = list(needed)
    kept = [name for name in collected if name != "libdbus-1.so.3"]
    assert only_needed_by_dropped(collected, kept, needed) == {"libsystemd.so.0"}


def test_python_itself_is_never_an_orphan():
    needed = {"libpython3.11.so.1.0": ["libz.so.1"], "libz.so.1": []}
    assert only_needed_by_dropped(list(needed), list(needed), needed) == set()


def test_dropping_orphans_returns_the_kept_entries_and_names_what_went():
    links = {"/src/libqjpeg.so": ["libjpeg.so.62"], "/src/libjpeg.so.62": []}
    collected = [
        ("PySide6/Qt/plugins/imageformats/libqjpeg.so", "/src/libqjpeg.so", "BINARY"),
        ("libjpeg.so.62", "/src/libjpeg.so.62", "BINARY"),
    ]
    kept, dropped = drop_orphaned_libraries(collected, collected[1:], links.__getitem__)
    assert kept == []
    assert dropped == ["libjpeg.so.62"]
