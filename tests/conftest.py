"""Suite-wide guards: no network, a private WORTLAUT_HOME per test, shared fixtures."""

from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = ROOT.parent / "shared"
TINY_MODEL = FIXTURES / "translate-de_en-tiny.argosmodel"
SAMPLE_DE = ROOT / "resources" / "samples" / "article-de.txt"


class NetworkBlocked(OSError):
    """Raised for any connection attempt while the suite runs offline."""


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex
_loopback_allowed = False


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        host = str(address[0])
        if host == "localhost":
            return True
        try:
            return ipaddress.ip_address(host.split("%")[0]).is_loopback
        except ValueError:
            return False
    return isinstance(address, (str, bytes))  # AF_UNIX sockets never leave the machine


def _guarded_connect(self: socket.socket, address: object) -> None:
    if (_loopback_allowed and _is_loopback(address)) or self.family == socket.AF_UNIX:
        return _real_connect(self, address)
    raise NetworkBlocked(f"network access blocked in tests: connect to {address!r}")


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    if (_loopback_allowed and _is_loopback(address)) or self.family == socket.AF_UNIX:
        return _real_connect_ex(self, address)
    raise NetworkBlocked(f"network access blocked in tests: connect to {address!r}")


def pytest_configure(config: pytest.Config) -> None:
    socket.socket.connect = _guarded_connect  # type: ignore[method-assign]
    socket.socket.connect_ex = _guarded_connect_ex  # type: ignore[method-assign]
    config.addinivalue_line("markers", "loopback: the test may connect to 127.0.0.1/::1")


@pytest.fixture(autouse=True)
def _network_policy(request: pytest.FixtureRequest):
    global _loopback_allowed
    _loopback_allowed = request.node.get_closest_marker("loopback") is not None
    yield
    _loopback_allowed = False


@pytest.fixture(autouse=True)
def wortlaut_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    home = tmp_path_factory.mktemp("wortlaut-home")
    monkeypatch.setenv("WORTLAUT_HOME", str(home))
    return home


@pytest.fixture
def sample_text() -> str:
    return SAMPLE_DE.read_text(encoding="utf-8")


@pytest.fixture
def installed_model(wortlaut_home: Path):
    """The tiny test model, installed through the same code path as a user's install."""
    from app.model_store import ModelStore

    return ModelStore().install(TINY_MODEL)
