"""Installing argos packages: the real layout installs; hostile or broken archives write nothing."""

from __future__ import annotations

import errno
import io
import json
import os
import stat
import threading
import time
import zipfile
from pathlib import Path
from typing import ClassVar

import pytest

from app import model_archive, model_store
from app.model_store import ModelError, ModelStore, OfflineError
from tests.conftest import TINY_MODEL

GOOD_METADATA = {"package_version": "1.0", "from_code": "de", "to_code": "en"}


def make_archive(
    path: Path, entries: dict[str, bytes], modes: dict[str, int] | None = None
) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name)
            mode = (modes or {}).get(name)
            if mode is not None:
                info.external_attr = mode << 16
            zf.writestr(info, data)
    return path


def valid_entries(top: str = "pkg") -> dict[str, bytes]:
    return {
        f"{top}/metadata.json": json.dumps(GOOD_METADATA).encode(),
        f"{top}/sentencepiece.model": b"sp",
        f"{top}/model/model.bin": b"bin",
        f"{top}/model/config.json": b"{}",
    }


def assert_models_folder_empty(store: ModelStore) -> None:
    assert list(store.root.iterdir()) == []


def test_tiny_fixture_is_small_enough_to_commit():
    assert TINY_MODEL.stat().st_size < 2 * 1024 * 1024


def test_installing_the_tiny_package_lists_it(wortlaut_home):
    store = ModelStore()
    model = store.install(TINY_MODEL)
    assert (model.code, model.from_code, model.to_code, model.version) == (
        "de_en",
        "de",
        "en",
        "1.0",
    )
    assert model.path.parent == wortlaut_home / "models"
    assert (model.path / "model" / "model.bin").is_file()
    assert (model.path / "sentencepiece.model").is_file()
    assert store.installed() == [model]
    assert store.find("de", "en") == model


def test_installed_folder_is_readable_by_others(wortlaut_home):
    model = ModelStore().install(TINY_MODEL)
    assert stat.S_IMODE(model.path.stat().st_mode) == 0o755


def test_reinstalling_replaces_the_package_and_keeps_one_copy(wortlaut_home):
    store = ModelStore()
    first = store.install(TINY_MODEL)
    second = store.install(TINY_MODEL)
    assert store.installed() == [second]
    assert second.path != first.path
    assert not first.path.exists()
    assert sorted(p.name for p in store.root.iterdir()) == [
        "translate-de_en.current",
        second.path.name,
    ]


def test_a_reader_never_finds_no_model_during_reinstalls(wortlaut_home, monkeypatch):
    store = ModelStore()
    store.install(TINY_MODEL)

    def slowly(real):  # widen every gap between two renames to 20 ms
        def rename(*args, **kwargs):
            result = real(*args, **kwargs)
            time.sleep(0.02)
            return result

        return rename

    monkeypatch.setattr(os, "rename", slowly(os.rename))
    monkeypatch.setattr(os, "replace", slowly(os.replace))
    monkeypatch.setattr(Path, "rename", slowly(Path.rename))
    stop = threading.Event()
    reads: list[bool] = []

    def reader() -> None:
        readers_store = ModelStore(store.root)
        while not stop.is_set():
            reads.append(readers_store.find("de", "en") is not None)

    thread = threading.Thread(target=reader)
    thread.start()
    try:
        for _ in range(4):
            store.install(TINY_MODEL)
    finally:
        stop.set()
        thread.join()
    assert len(reads) > 20
    assert all(reads), f"{reads.count(False)} of {len(reads)} reads found no model"


def test_a_folder_from_the_older_layout_is_listed_and_replaced_by_a_reinstall(
    tmp_path, wortlaut_home
):
    store = ModelStore()
    legacy = store.root / "translate-de_en"
    with zipfile.ZipFile(TINY_MODEL) as zf:
        zf.extractall(tmp_path)
    (tmp_path / "translate-de_en-1_0").rename(legacy)
    assert [m.path for m in store.installed()] == [legacy]

    model = store.install(TINY_MODEL)

    assert store.installed() == [model]
    assert not legacy.exists()


def test_removing_a_model_leaves_an_empty_folder(wortlaut_home):
    store = ModelStore()
    model = store.install(TINY_MODEL)
    store.remove("de_en")
    assert not model.path.exists()
    assert_models_folder_empty(store)


def test_remove_accepts_common_spellings_of_the_code(wortlaut_home):
    store = ModelStore()
    store.install(TINY_MODEL)
    removed = store.remove("de-en")
    assert removed.code == "de_en"
    assert store.installed() == []


def test_remove_unknown_code_names_what_is_installed(wortlaut_home):
    store = ModelStore()
    store.install(TINY_MODEL)
    with pytest.raises(ModelError, match=r"no installed model 'fr_en' \(installed: de_en\)"):
        store.remove("fr_en")


@pytest.mark.parametrize(
    ("entry", "reason"),
    [
        ("pkg/../../evil.txt", "contains '..'"),
        ("/etc/evil.txt", "absolute"),
        ("pkg\\..\\evil.txt", "Windows path"),
        ("C:/evil.txt", "absolute"),
    ],
)
def test_path_traversal_is_refused_and_nothing_is_written(tmp_path, wortlaut_home, entry, reason):
    entries = valid_entries() | {entry: b"owned"}
    archive = make_archive(tmp_path / "evil.argosmodel", entries)
    store = ModelStore()
    with pytest.raises(ModelError, match=reason):
        store.install(archive)
    assert_models_folder_empty(store)
    assert not (tmp_path / "evil.txt").exists()
    assert not (wortlaut_home / "evil.txt").exists()


def test_symlink_entry_is_refused(tmp_path, wortlaut_home):
    entries = valid_entries() | {"pkg/link": b"/etc/passwd"}
    archive = make_archive(tmp_path / "link.argosmodel", entries, {"pkg/link": 0o120777})
    store = ModelStore()
    with pytest.raises(ModelError, match="refused link entry 'pkg/link'"):
        store.install(archive)
    assert_models_folder_empty(store)


def test_device_entry_is_refused(tmp_path, wortlaut_home):
    entries = valid_entries() | {"pkg/dev": b""}
    archive = make_archive(tmp_path / "dev.argosmodel", entries, {"pkg/dev": 0o020644})
    with pytest.raises(ModelError, match="device or special file"):
        ModelStore().install(archive)


def test_two_top_level_folders_are_refused(tmp_path, wortlaut_home):
    entries = valid_entries("one") | {"two/readme.txt": b"x"}
    archive = make_archive(tmp_path / "two.argosmodel", entries)
    with pytest.raises(ModelError, match="expected one top-level folder, found 2"):
        ModelStore().install(archive)


@pytest.mark.parametrize(
    ("drop", "message"),
    [
        ("pkg/metadata.json", "metadata.json is missing"),
        ("pkg/sentencepiece.model", "no tokenizer"),
        ("pkg/model/model.bin", "model/model.bin is missing"),
    ],
)
def test_incomplete_package_is_refused(tmp_path, wortlaut_home, drop, message):
    entries = valid_entries()
    del entries[drop]
    archive = make_archive(tmp_path / "broken.argosmodel", entries)
    store = ModelStore()
    with pytest.raises(ModelError, match=message):
        store.install(archive)
    assert_models_folder_empty(store)


def test_metadata_without_required_fields_is_refused(tmp_path, wortlaut_home):
    entries = valid_entries() | {"pkg/metadata.json": json.dumps({"from_code": "de"}).encode()}
    archive = make_archive(tmp_path / "meta.argosmodel", entries)
    with pytest.raises(ModelError, match=r"metadata\.json lacks to_code, package_version"):
        ModelStore().install(archive)


def test_metadata_that_is_not_json_is_refused(tmp_path, wortlaut_home):
    entries = valid_entries() | {"pkg/metadata.json": b"{not json"}
    archive = make_archive(tmp_path / "meta.argosmodel", entries)
    with pytest.raises(ModelError, match=r"metadata\.json is not valid JSON"):
        ModelStore().install(archive)


def test_not_a_zip_is_refused(tmp_path, wortlaut_home):
    archive = tmp_path / "fake.argosmodel"
    archive.write_bytes(b"this is not a zip")
    with pytest.raises(
        ModelError, match=r"fake.argosmodel: not a valid \.argosmodel \(zip\) archive"
    ):
        ModelStore().install(archive)


def test_oversized_archive_is_refused(tmp_path, wortlaut_home, monkeypatch):
    monkeypatch.setattr(model_archive, "MAX_UNCOMPRESSED_BYTES", 4)
    archive = make_archive(tmp_path / "big.argosmodel", valid_entries())
    store = ModelStore()
    with pytest.raises(ModelError, match="uncompressed size exceeds 4 bytes"):
        store.install(archive)
    assert_models_folder_empty(store)


def test_failed_reinstall_keeps_the_previous_package(tmp_path, wortlaut_home):
    store = ModelStore()
    good = store.install(TINY_MODEL)
    broken = make_archive(tmp_path / "b.argosmodel", valid_entries() | {"pkg/../x": b""})
    with pytest.raises(ModelError):
        store.install(broken)
    assert store.installed() == [good]


def test_cancelled_install_leaves_nothing(wortlaut_home):
    store = ModelStore()
    with pytest.raises(model_store.Cancelled):
        store.install(TINY_MODEL, cancelled=lambda: True)
    assert_models_folder_empty(store)


def test_install_reports_progress_up_to_the_total(wortlaut_home):
    seen: list[tuple[int, int]] = []
    ModelStore().install(TINY_MODEL, progress=lambda done, total: seen.append((done, total)))
    assert seen
    assert seen[-1][0] == seen[-1][1]
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_download_fails_cleanly_without_network(wortlaut_home):
    store = ModelStore()
    with pytest.raises(OfflineError, match="no internet connection"):
        store.download("de", "en", index_url="http://192.0.2.1/index.json")
    assert_models_folder_empty(store)


def test_argos_keeps_its_folders_inside_wortlaut_home(wortlaut_home):
    package = model_store.argos_package_module()
    settings = package.settings
    # argos is imported once per process; whichever test imported it first pointed it at a
    # WORTLAUT_HOME, never at the user's real home folder.
    assert Path.home() / ".local" / "share" / "argos-translate" != settings.data_dir
    assert "wortlaut-home" in str(settings.data_dir)
    assert "wortlaut-home" in str(settings.package_data_dir)


class FakeResponse(io.BytesIO):
    headers: ClassVar[dict[str, str]] = {}


def serve(monkeypatch, pages: dict[str, bytes]) -> None:
    """Answer urlopen from `pages` (no network), as the argos index and package hosts would."""

    def urlopen(url, timeout=None):  # type: ignore[no-untyped-def]
        if url not in pages:
            raise OSError(f"no route to {url}")
        return FakeResponse(pages[url])

    monkeypatch.setattr(model_store.urllib.request, "urlopen", urlopen)


INDEX = "https://index.example/index.json"


@pytest.mark.parametrize(
    ("index", "message"),
    [
        (b'{"not": "a list"}', "is not a list of packages"),
        (b'[1, "x", {"from_code": "fr", "to_code": "en"}]', "has no de→en model"),
        (
            b'[{"from_code": "de", "to_code": "en", "links": ["file:///etc/passwd", 3]}]',
            r"lists no http\(s\) link for de→en",
        ),
    ],
)
def test_a_hostile_package_index_is_one_clear_error(monkeypatch, wortlaut_home, index, message):
    serve(monkeypatch, {INDEX: index})
    store = ModelStore()
    with pytest.raises(ModelError, match=message):
        store.download("de", "en", index_url=INDEX)
    assert_models_folder_empty(store)


def test_a_download_onto_a_full_disk_names_the_models_folder(monkeypatch, wortlaut_home):
    link = "https://files.example/translate-de_en.argosmodel"
    index = json.dumps([{"from_code": "de", "to_code": "en", "links": [link]}]).encode()
    serve(monkeypatch, {INDEX: index, link: TINY_MODEL.read_bytes()})
    store = ModelStore()

    class FullFile(io.BytesIO):
        def write(self, data):  # type: ignore[no-untyped-def]
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def fake_open(path, mode="r", *args, **kwargs):  # type: ignore[no-untyped-def]
        if mode == "wb" and str(path).endswith(".argosmodel"):
            return FullFile()
        return open(path, mode, *args, **kwargs)

    monkeypatch.setattr(model_store, "open", fake_open, raising=False)
    with pytest.raises(ModelError, match=r"cannot write to .*models: No space left on device"):
        store.download("de", "en", index_url=INDEX)
    assert_models_folder_empty(store)


def test_a_download_installs_the_package_it_fetched(monkeypatch, wortlaut_home):
    link = "https://files.example/translate-de_en.argosmodel"
    index = json.dumps([{"from_code": "de", "to_code": "en", "links": [link]}]).encode()
    serve(monkeypatch, {INDEX: index, link: TINY_MODEL.read_bytes()})
    store = ModelStore()
    model = store.download("de", "en", index_url=INDEX)
    assert store.installed() == [model]


def test_install_works_on_a_file_system_without_locks(monkeypatch, wortlaut_home):
    def no_locks(*args: object) -> None:
        raise OSError(errno.ENOLCK, os.strerror(errno.ENOLCK))

    monkeypatch.setattr(model_store.fcntl, "flock", no_locks)
    store = ModelStore()
    model = store.install(TINY_MODEL)
    assert store.installed() == [model]


def test_a_recent_staging_folder_without_a_lock_is_kept_and_an_old_one_removed(wortlaut_home):
    models = wortlaut_home / "models"
    models.mkdir(parents=True)
    recent, old = models / ".staging-recent", models / ".staging-old"
    for folder in (recent, old):
        (folder / "package").mkdir(parents=True)
    hours_ago = time.time() - 2 * 3600
    os.utime(old, (hours_ago, hours_ago))

    ModelStore()

    assert recent.exists()
    assert not old.exists()


def test_a_store_opened_while_an_install_sets_up_its_staging_folder_leaves_it_alone(
    monkeypatch, wortlaut_home
):
    store = ModelStore()
    real_flock = model_store.fcntl.flock
    another_start: list[bool] = []

    def flock_after_another_start(handle, flags):  # type: ignore[no-untyped-def]
        if not another_start:  # the install's own lock: another process starts just before
            another_start.append(True)
            ModelStore(store.root)
        return real_flock(handle, flags)

    monkeypatch.setattr(model_store.fcntl, "flock", flock_after_another_start)
    model = store.install(TINY_MODEL)

    assert another_start
    assert store.installed() == [model]


def offline_urlopen(*_args, **_kwargs):
    import socket
    import urllib.error

    raise urllib.error.URLError(socket.gaierror(-2, "Name or service not known"))


def test_a_download_without_internet_says_so_and_how_to_go_on(monkeypatch, capsys):
    import urllib.request

    from app.cli import main

    monkeypatch.setattr(urllib.request, "urlopen", offline_urlopen)
    assert main(["models", "download", "de", "en"]) == 2
    err = capsys.readouterr().err
    assert "wortlaut: error: no internet connection" in err
    assert "install a downloaded .argosmodel file instead" in err
    assert "urlopen error" not in err and "Traceback" not in err
