"""`wortlaut models install/remove` against hostile packages and a hostile disk.

Every refusal: exit code 2, one line naming the file or folder and the problem, no traceback,
the working model still installed, untouched and translating.
"""

from __future__ import annotations

import errno
import io
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app import model_archive, model_store
from app.cli import main
from app.engine import engine_for
from app.model_store import ModelStore
from tests.conftest import ROOT, TINY_MODEL
from tests.hostile.models import GENERATORS, HostileModel


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, HostileModel]:
    folder = tmp_path_factory.mktemp("hostile-models")
    return {generate.__name__: generate(folder) for generate in GENERATORS}


@pytest.fixture
def sentence(tmp_path: Path) -> Path:
    path = tmp_path / "satz.txt"
    path.write_text("Das Haus ist groß.\n", encoding="utf-8")
    return path


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Everything under `folder`: files with size and modification time, folders as (-1, 0)."""
    return {
        str(path.relative_to(folder)): (
            (path.stat().st_size, path.stat().st_mtime_ns) if path.is_file() else (-1, 0)
        )
        for path in sorted(folder.rglob("*"))
    }


def assert_refused(code: int, err: str, *fragments: str) -> None:
    assert code == 2
    assert "Traceback" not in err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    for fragment in fragments:
        assert fragment in lines[0]


def assert_still_translates(capsys: pytest.CaptureFixture[str], sentence: Path) -> None:
    code, out, err = run(capsys, "translate", "--no-glossary", str(sentence))
    assert code == 0, err
    assert out.strip()
    assert "Traceback" not in err


@pytest.mark.parametrize("case", [generate.__name__ for generate in GENERATORS])
def test_a_broken_package_is_refused_and_the_working_model_keeps_translating(
    capsys, wortlaut_home, corpus, sentence, case
):
    hostile = corpus[case]
    assert run(capsys, "models", "install", str(TINY_MODEL))[0] == 0
    before = snapshot(wortlaut_home / "models")

    code, _, err = run(capsys, "models", "install", str(hostile.path))

    assert_refused(code, err, hostile.path.name, hostile.expect)
    assert snapshot(wortlaut_home / "models") == before
    assert_still_translates(capsys, sentence)


@pytest.mark.parametrize("case", [generate.__name__ for generate in GENERATORS])
def test_a_broken_package_installs_nothing_into_an_empty_store(capsys, wortlaut_home, corpus, case):
    code, _, err = run(capsys, "models", "install", str(corpus[case].path))

    assert_refused(code, err, corpus[case].expect)
    assert list((wortlaut_home / "models").iterdir()) == []


# A package check whose process dies by a signal, as CTranslate2 does on some damaged model.bin
# files. The real trigger is memory corruption, so whether and how it crashes varies from run to
# run (fuzzing found SIGSEGV, SIGABRT and clean loads for the same bytes); the check's child is
# made to crash for certain instead, through a sitecustomize that only this test puts on the path.
CRASHING_CHECK = """
import os, signal
import app.model_validation as validation


def _check_in_child(folder, name, result):
    os.kill(os.getpid(), signal.SIGSEGV)


_check_in_child.__module__ = "app.model_validation"
validation._check_in_child = _check_in_child
"""


def test_a_package_check_that_crashes_is_refused_by_a_surviving_cli(
    wortlaut_home, tmp_path, sentence
):
    hook = tmp_path / "crash-hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(CRASHING_CHECK, encoding="utf-8")
    env = {**os.environ, "WORTLAUT_HOME": str(wortlaut_home)}
    crashing = {**env, "PYTHONPATH": os.pathsep.join([str(hook), str(ROOT)])}

    def cli(*argv: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "app.cli", *argv]
        return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)

    assert cli("models", "install", str(TINY_MODEL)).returncode == 0
    before = snapshot(wortlaut_home / "models")

    refused = subprocess.run(
        [sys.executable, "-m", "app.cli", "models", "install", str(TINY_MODEL)],
        cwd=ROOT, env=crashing, capture_output=True, text=True,
    )  # fmt: skip

    assert_refused(refused.returncode, refused.stderr, TINY_MODEL.name, "crashed", "SIGSEGV")
    assert snapshot(wortlaut_home / "models") == before
    translated = cli("translate", "--no-glossary", str(sentence))
    assert translated.returncode == 0, translated.stderr
    assert translated.stdout.strip()


def test_a_broken_package_given_with_translate_model_is_one_line(capsys, corpus, sentence):
    hostile = corpus["random_model_bin"]
    code, _, err = run(capsys, "translate", "--model", str(hostile.path), str(sentence))
    assert_refused(code, err, hostile.path.name, "cannot be loaded")


def test_an_unpacked_package_folder_that_cannot_load_is_one_line(capsys, tmp_path, sentence):
    folder = ModelStore(tmp_path / "models").install(TINY_MODEL).path
    (folder / "model" / "model.bin").write_bytes(b"")
    code, _, err = run(capsys, "translate", "--model", str(folder), str(sentence))
    assert_refused(code, err, str(folder), "the model (model/) cannot be loaded")


# -- any damage ---------------------------------------------------------------------------
TINY_BYTES = TINY_MODEL.read_bytes()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    offset=st.integers(min_value=0, max_value=len(TINY_BYTES) - 1),
    patch=st.binary(min_size=1, max_size=16),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=len(TINY_BYTES))),
)
def test_any_damaged_archive_installs_a_working_model_or_is_refused_cleanly(
    tmp_path, offset, patch, cut
):
    data = bytearray(TINY_BYTES)
    data[offset : offset + len(patch)] = patch
    if cut is not None:
        del data[cut:]
    archive = tmp_path / "damaged.argosmodel"
    archive.write_bytes(bytes(data))
    store = ModelStore(tmp_path / f"models-{offset}-{patch.hex()}-{cut}")

    try:
        model = store.install(archive)
    except model_store.ModelError as exc:
        assert "\n" not in str(exc)
        assert list(store.root.iterdir()) == []
    else:
        assert store.installed() == [model]
        assert engine_for(model.path).translate_texts(["Das Haus."])[0].text is not None
        assert [p for p in store.root.iterdir() if p.name.startswith(".")] == []


# -- a hostile disk -------------------------------------------------------------------------
class FullDisk:
    """A file whose writes fail with ENOSPC once `room` bytes have been written."""

    def __init__(self, path: Path, room: int):
        self.handle = open(path, "wb")  # noqa: SIM115 - closed in close()
        self.room = room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.handle.write(data)

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> FullDisk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def raising(number: int):  # type: ignore[no-untyped-def]
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(number, os.strerror(number))

    return fail


def test_a_disk_that_fills_during_extraction_keeps_the_old_model(
    capsys, monkeypatch, wortlaut_home, sentence
):
    assert run(capsys, "models", "install", str(TINY_MODEL))[0] == 0
    before = snapshot(wortlaut_home / "models")
    with monkeypatch.context() as patch:
        patch.setattr(
            model_archive, "open", lambda path, mode: FullDisk(path, 100_000), raising=False
        )
        code, _, err = run(capsys, "models", "install", str(TINY_MODEL))

    assert_refused(code, err, str(wortlaut_home / "models"), "No space left on device")
    assert "unchanged" in err
    assert snapshot(wortlaut_home / "models") == before
    assert_still_translates(capsys, sentence)


def test_a_disk_that_fills_when_the_pointer_is_written_keeps_the_old_model(
    capsys, monkeypatch, wortlaut_home, sentence
):
    assert run(capsys, "models", "install", str(TINY_MODEL))[0] == 0
    before = snapshot(wortlaut_home / "models")
    with monkeypatch.context() as patch:
        patch.setattr(model_store, "atomic_write_text", raising(errno.ENOSPC))
        code, _, err = run(capsys, "models", "install", str(TINY_MODEL))

    assert_refused(code, err, str(wortlaut_home / "models"), "No space left on device")
    assert snapshot(wortlaut_home / "models") == before
    assert_still_translates(capsys, sentence)


def test_too_little_free_space_is_refused_before_anything_is_written(
    capsys, monkeypatch, wortlaut_home
):
    import shutil

    assert run(capsys, "models", "install", str(TINY_MODEL))[0] == 0
    before = snapshot(wortlaut_home / "models")
    usage = shutil.disk_usage(wortlaut_home)
    monkeypatch.setattr(model_store.shutil, "disk_usage", lambda path: usage._replace(free=1024**2))

    code, _, err = run(capsys, "models", "install", str(TINY_MODEL))

    assert_refused(code, err, "not enough free space", str(wortlaut_home / "models"))
    assert snapshot(wortlaut_home / "models") == before


@pytest.mark.parametrize("number", [errno.EROFS, errno.EACCES])
def test_a_read_only_models_folder_refuses_install_in_one_line(
    capsys, monkeypatch, wortlaut_home, number
):
    assert run(capsys, "models", "install", str(TINY_MODEL))[0] == 0
    before = snapshot(wortlaut_home / "models")
    monkeypatch.setattr(model_store.tempfile, "mkdtemp", raising(number))

    code, _, err = run(capsys, "models", "install", str(TINY_MODEL))

    assert_refused(code, err, str(wortlaut_home / "models"), os.strerror(number))
    assert snapshot(wortlaut_home / "models") == before


@pytest.mark.parametrize("number", [errno.EROFS, errno.EACCES])
def test_a_read_only_models_folder_refuses_remove_in_one_line(
    capsys, monkeypatch, wortlaut_home, sentence, number
):
    assert run(capsys, "models", "install", str(TINY_MODEL))[0] == 0
    before = snapshot(wortlaut_home / "models")
    with monkeypatch.context() as patch:
        patch.setattr(Path, "unlink", raising(number))
        patch.setattr(Path, "rename", raising(number))
        code, _, err = run(capsys, "models", "remove", "de_en")

    assert_refused(code, err, "cannot remove de_en", str(wortlaut_home / "models"))
    assert os.strerror(number) in err
    assert snapshot(wortlaut_home / "models") == before
    assert_still_translates(capsys, sentence)


# -- a killed install ----------------------------------------------------------------------
HANGING_INSTALL = textwrap.dedent(
    """
    import sys, time
    from app.model_store import ModelStore

    def progress(done, total):
        print("extracting", flush=True)
        time.sleep(600)

    ModelStore().install(sys.argv[1], progress=progress)
    """
)


def test_a_killed_install_leaves_a_staging_folder_that_the_next_start_removes(wortlaut_home):
    models = wortlaut_home / "models"
    installer = subprocess.Popen(
        [sys.executable, "-c", HANGING_INSTALL, str(TINY_MODEL)],
        cwd=ROOT,
        env={**os.environ, "WORTLAUT_HOME": str(wortlaut_home)},
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert installer.stdout is not None
        assert installer.stdout.readline().strip() == "extracting"
        staging = [p for p in models.iterdir() if p.name.startswith(".staging-")]
        assert len(staging) == 1

        ModelStore()  # another process starting while the install runs
        assert staging[0].exists(), "a staging folder in use was removed"

        installer.send_signal(signal.SIGKILL)
        installer.wait(timeout=30)
        assert staging[0].exists()  # what a killed install leaves behind

        ModelStore()
        assert not staging[0].exists()
        assert list(models.iterdir()) == []
    finally:
        if installer.poll() is None:
            installer.kill()
            installer.wait()
        if installer.stdout is not None:
            installer.stdout.close()


def test_old_unreferenced_version_folders_are_removed_and_recent_ones_kept(wortlaut_home):
    store = ModelStore()
    model = store.install(TINY_MODEL)
    orphan_old = store.root / "translate-de_en.v0123456789ab"
    orphan_new = store.root / "translate-de_en.vba9876543210"
    for orphan in (orphan_old, orphan_new):
        orphan.mkdir()
        (orphan / "model.bin").write_bytes(b"x" * 1000)
    hours_ago = time.time() - 2 * 3600
    os.utime(orphan_old, (hours_ago, hours_ago))

    ModelStore()

    assert not orphan_old.exists()
    assert orphan_new.exists()  # perhaps a concurrent install about to point to it
    assert ModelStore().installed() == [model]


@pytest.mark.parametrize(
    "argv",
    [
        ("models", "list"),
        ("models", "install", str(TINY_MODEL)),
        ("models", "remove", "de_en"),
        ("translate", "--no-glossary", "-"),
    ],
)
def test_a_file_where_the_models_folder_should_be_is_one_line(
    capsys, monkeypatch, wortlaut_home, argv
):
    (wortlaut_home / "models").write_bytes(b"not a folder")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"Das Haus.\n")))

    code, _, err = run(capsys, *argv)

    assert_refused(code, err, "cannot create the models folder", str(wortlaut_home / "models"))
    assert (wortlaut_home / "models").read_bytes() == b"not a folder"
