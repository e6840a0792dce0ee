"""Before Qt starts: missing X11 libraries are named, with the packages to install."""

from __future__ import annotations

import sys

import pytest

from app import platform_check
from app.cli import main
from app.platform_check import SystemLibrary, missing_libraries, missing_libraries_message

linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="X11 is Linux's")


@linux_only
def test_qt_uses_xcb_on_an_x11_desktop():
    assert platform_check.uses_xcb({"DISPLAY": ":0"})


@linux_only
def test_qt_does_not_use_xcb_offscreen_or_on_wayland():
    assert not platform_check.uses_xcb({"QT_QPA_PLATFORM": "offscreen"})
    assert not platform_check.uses_xcb({"WAYLAND_DISPLAY": "wayland-0"})
    assert platform_check.uses_xcb({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"})


def test_a_library_the_loader_cannot_find_is_reported():
    absent = SystemLibrary("libwortlaut-absent.so.9", "libwortlaut-absent9", "wortlaut-absent")
    present = SystemLibrary("libc.so.6", "libc6", "glibc")
    libraries = (absent, present) if sys.platform.startswith("linux") else (absent,)
    assert missing_libraries(libraries) == [absent]


def test_the_message_names_each_library_and_both_package_managers():
    message = missing_libraries_message(
        [
            lib
            for lib in platform_check.XCB_LIBRARIES
            if "icccm" in lib.soname or "keysyms" in lib.soname
        ]
    )
    first, second = message.splitlines()
    assert first.endswith("needs libxcb-icccm.so.4, libxcb-keysyms.so.1")
    assert "sudo apt install libxcb-icccm4 libxcb-keysyms1" in second
    assert "sudo dnf install xcb-util-wm xcb-util-keysyms" in second


def test_the_gui_command_refuses_to_start_without_them(monkeypatch, capsys):
    monkeypatch.setattr(platform_check, "uses_xcb", lambda: True)
    monkeypatch.setattr(
        platform_check, "missing_libraries", lambda: [platform_check.XCB_LIBRARIES[3]]
    )
    assert main(["gui"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("wortlaut: error: the desktop app cannot start")
    assert "libxcb-icccm4" in err
    assert "Traceback" not in err
