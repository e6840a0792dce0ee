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
def report_docx(tmp_path: Path) -> Path:
    """A copy of the formatted DOCX fixture that a test may move or delete."""
    import shutil

    path = tmp_path / "report.docx"
    shutil.copy(FIXTURES / "documents" / "formatted.docx", path)
    return path


@pytest.fixture
def installed_model(wortlaut_home: Path):
    """The tiny test model, installed through the same code path as a user's install."""
    from app.model_store import ModelStore

    return ModelStore().install(TINY_MODEL)


# -- PostgreSQL ------------------------------------------------------------------------------------
# The team-glossary tests need a real PostgreSQL. WORTLAUT_TEST_POSTGRES names a server to use
# (a SQLAlchemy URL of a database whose user may CREATE DATABASE); otherwise a throwaway cluster
# is started from the installed server binaries. Without either, the tests are skipped, and the
# run says so at the end; WORTLAUT_REQUIRE_POSTGRES=1 (set by .ci/run) turns that into failures.
_client_status: list[str] = []


class _ExternalServer:
    def __init__(self, url: str):
        self.admin_url = url

    def create_database(self, name: str) -> str:
        import sqlalchemy as sa

        engine = sa.create_engine(self.admin_url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return str(sa.engine.make_url(self.admin_url).set(database=name).render_as_string(False))

    def stop(self) -> None:
        pass


@pytest.fixture(scope="session")
def postgres_server():
    external = os.environ.get("WORTLAUT_TEST_POSTGRES")
    if external:
        _client_status.append(f"PostgreSQL tests ran against {external.split('@')[-1]}")
        yield _ExternalServer(external)
        return
    from tools.pg_throwaway import ClusterUnavailable, start_cluster

    try:
        cluster = start_cluster()
    except ClusterUnavailable as exc:
        reason = f"PostgreSQL tests SKIPPED: {exc}"
        _client_status.append(reason)
        if os.environ.get("WORTLAUT_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    _client_status.append(
        f"PostgreSQL tests ran against a throwaway cluster (port {cluster.port}, unix socket)"
    )
    yield cluster
    cluster.stop()


@pytest.fixture
def postgres_url(postgres_server) -> str:
    """A fresh, empty database on the test server."""
    import uuid

    return postgres_server.create_database(f"wortlaut_{uuid.uuid4().hex[:12]}")


# -- LibreOffice Calc ------------------------------------------------------------------------------
# The XLSX tests check our workbooks against a real spreadsheet (`soffice`, Debian package
# libreoffice-calc-nogui). Without it they are skipped and the run says so at the end; in CI
# (CI=true) or with WORTLAUT_REQUIRE_SOFFICE=1 (set by .ci/run) a missing soffice fails them.
@pytest.fixture(scope="session")
def calc(tmp_path_factory: pytest.TempPathFactory):
    from tests.libreoffice import Calc, find_soffice

    binary = find_soffice()
    if binary is None:
        reason = (
            "LibreOffice Calc tests SKIPPED: no soffice on PATH "
            "(apt-get install libreoffice-calc-nogui)"
        )
        _client_status.append(reason)
        if os.environ.get("CI") == "true" or os.environ.get("WORTLAUT_REQUIRE_SOFFICE") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    _client_status.append(f"LibreOffice Calc tests ran with {binary}")
    return Calc(binary, tmp_path_factory.mktemp("libreoffice-profile"))


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    for line in dict.fromkeys(_client_status):
        terminalreporter.write_line(line, yellow="SKIPPED" in line, bold=True)
