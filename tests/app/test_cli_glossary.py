"""`wortlaut match` and `wortlaut glossary …` as a translator scripts them."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import sys
import time

import pytest

from app.cli import main
from glossary.storage import GlossaryStore
from tests.conftest import ROOT, SAMPLE_DE, SHARED

SAMPLE_GLOSSARY = ROOT / "resources" / "samples" / "glossary.csv"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_match_finds_the_sample_terms_and_suggests_the_typo(capsys):
    code, out, _ = run(
        capsys, "match", "--glossary", str(SAMPLE_GLOSSARY), "--json", str(SAMPLE_DE)
    )
    assert code == 0
    payload = json.loads(out)
    text = SAMPLE_DE.read_text(encoding="utf-8")
    surfaces = [m["text"] for m in payload["matches"]]
    for expected in [
        "Belarus-Machthaber",
        "Kreml-Sprecher",
        "Bollwerk",
        "G 7",
        "Jahrestag",
        "Verteidigungsministeriums",
        "Dmitri Peskow",
    ]:
        assert expected in surfaces
    assert surfaces.count("Lukaschenko") == text.count("Lukaschenko")
    assert surfaces.count("Wladimir Putin") == 3
    for m in payload["matches"]:
        assert text[m["start"] : m["end"]] == m["text"]
        assert set(m) == {"start", "end", "text", "source", "target"}
    [suggestion] = payload["suggestions"]
    assert (suggestion["text"], suggestion["source"], suggestion["distance"]) == (
        "Kriesgpartner",
        "Kriegspartner",
        1,
    )


def test_match_offsets_are_after_bom_removal(tmp_path, capsys):
    doc = tmp_path / "bom.txt"
    doc.write_bytes("\ufeffDer Kreml schweigt.".encode())
    code, out, _ = run(capsys, "match", "--glossary", str(SAMPLE_GLOSSARY), "--json", str(doc))
    assert code == 0
    assert json.loads(out)["matches"][0]["start"] == 4


def test_match_uses_the_stored_glossary_without_a_file(capsys):
    run(capsys, "glossary", "add", "Bollwerk", "bulwark")
    code, out, _ = run(capsys, "match", "--json", str(SAMPLE_DE))
    assert code == 0
    assert [m["text"] for m in json.loads(out)["matches"]] == ["Bollwerk"]


def test_shared_sample_glossary_matches_the_bundled_copy():
    if SHARED.exists():
        assert (SHARED / "samples" / "glossary.csv").read_bytes() == SAMPLE_GLOSSARY.read_bytes()


def test_import_list_export_round_trip(tmp_path, capsys):
    code, out, _ = run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    assert (code, out.strip()) == (
        0,
        "imported 17, updated 0, unchanged 0, skipped 0 (utf-8, delimiter ',')",
    )
    code, out, _ = run(capsys, "glossary", "list", "--json")
    terms = json.loads(out)
    assert len(terms) == 17
    assert {"id", "source", "target", "notes", "forbidden"} <= set(terms[0])
    assert terms[0]["forbidden"] == ["strongman"]
    assert terms[-1]["forbidden"] == ["White Russia", "Byelorussia"]
    exported = tmp_path / "out.csv"
    assert run(capsys, "glossary", "export", str(exported), "--bom")[0] == 0
    other = tmp_path / "other-home"
    other.mkdir()
    code, out, _ = run(
        capsys, "glossary", "import", "--db", f"sqlite:///{other}/g.db", str(exported)
    )
    assert code == 0
    code, out, _ = run(capsys, "glossary", "list", "--json", "--db", f"sqlite:///{other}/g.db")
    assert [(t["source"], t["target"], t["notes"], t["forbidden"]) for t in json.loads(out)] == [
        (t["source"], t["target"], t["notes"], t["forbidden"]) for t in terms
    ]


def test_reimporting_the_same_file_reports_every_row_unchanged_and_exits_0(capsys):
    run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    code, out, err = run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    assert code == 0
    assert out.strip() == "imported 0, updated 0, unchanged 17, skipped 0 (utf-8, delimiter ',')"
    assert err == ""


def test_a_row_that_differs_from_the_stored_term_is_a_skipped_duplicate_and_exits_1(
    tmp_path, capsys
):
    run(capsys, "glossary", "add", "Machthaber", "strongman")
    code, out, err = run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    assert code == 1
    assert "imported 16, updated 0, unchanged 0, skipped 1 " in out
    assert "glossary.csv:2: duplicate of an existing term 'Machthaber' (row skipped)" in err


def test_strict_import_with_a_bad_row_writes_nothing_and_exits_2(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("source,target\nBollwerk,bulwark\nKreml,\n", encoding="utf-8")
    code, _, err = run(capsys, "glossary", "import", "--strict", str(bad))
    assert code == 2
    assert f"{bad}:3: no target for 'Kreml' (row skipped)" in err
    assert "nothing was imported" in err
    assert json.loads(run(capsys, "glossary", "list", "--json")[1]) == []


def test_add_with_forbidden_variants_and_remove(capsys):
    code, out, _ = run(
        capsys,
        "glossary",
        "add",
        "Belarus",
        "Belarus",
        "--forbidden",
        "White Russia",
        "--forbidden",
        "Byelorussia",
    )
    assert code == 0
    assert out.startswith("added ")
    [term] = json.loads(run(capsys, "glossary", "list", "--json")[1])
    assert term["forbidden"] == ["White Russia", "Byelorussia"]
    code, out, _ = run(capsys, "glossary", "remove", str(term["id"]))
    assert (code, out.strip()) == (0, f"removed {term['id']}: Belarus → Belarus")
    code, _, err = run(capsys, "glossary", "remove", str(term["id"]))
    assert code == 2
    assert f"no term with id {term['id']}" in err


def test_export_tbx_by_extension(tmp_path, capsys):
    run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    code, _out, _ = run(capsys, "glossary", "export", str(tmp_path / "g.tbx"))
    assert code == 0
    assert (tmp_path / "g.tbx").read_text(encoding="utf-8").count("<conceptEntry") == 17


def test_missing_glossary_file_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "match", "--glossary", str(tmp_path / "nope.csv"), str(SAMPLE_DE))
    assert code == 2
    assert "nope.csv: No such file or directory" in err


def test_unreachable_database_is_a_clear_error(tmp_path, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    code, _, err = run(capsys, "glossary", "list", "--db", f"sqlite:///{blocker}/g.db")
    assert code == 2
    assert "cannot open glossary database" in err


def test_matching_against_an_empty_glossary_says_so(tmp_path, capsys):
    text = tmp_path / "in.txt"
    text.write_text("Das Bollwerk steht.\n", encoding="utf-8")
    code, out, err = run(capsys, "match", str(text))
    assert (code, out) == (0, "")
    assert "wortlaut: note: the glossary is empty" in err


# -- database faults: one clear message, exit 2, nothing changed -------------------------------------
HAMMER = """
import sys
import time
from pathlib import Path
from app.cli import main
url, tag, folder = sys.argv[1], sys.argv[2], Path(sys.argv[3])
codes = []
for i in range(20):
    codes.append(main(["glossary", "add", "--db", url, f"Wort{tag}{i}", f"word {tag} {i}"]))
    csv = folder / f"{tag}{i}.csv"
    rows = "".join(f"Begriff{tag}{i}x{j},term {j}\\n" for j in range(50))
    csv.write_text("source,target\\n" + rows, encoding="utf-8")
    codes.append(main(["glossary", "import", "--db", url, str(csv)]))
print(codes)
"""


def test_two_processes_adding_and_importing_on_one_new_sqlite_file_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", HAMMER, url, tag, str(tmp_path)],
            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        for tag in ("A", "B")
    ]  # fmt: skip
    outputs = [p.communicate(timeout=300) for p in processes]
    for process, (out, err) in zip(processes, outputs, strict=True):
        assert process.returncode == 0, err
        assert out.strip().splitlines()[-1] == str([0] * 40), err
        assert "Traceback" not in err
    store = GlossaryStore.open(url)
    try:
        assert store.count() == 2 * 20 * (1 + 50)
    finally:
        store.close()


@pytest.fixture
def stored_db(tmp_path, capsys) -> str:
    url = f"sqlite:///{tmp_path / 'g.db'}"
    assert run(capsys, "glossary", "add", "--db", url, "Bollwerk", "bulwark")[0] == 0
    return url


def listed_terms(capsys, url: str) -> list[tuple[str, str]]:
    code, out, _ = run(capsys, "glossary", "list", "--db", url, "--json")
    assert code == 0
    return [(t["source"], t["target"]) for t in json.loads(out)]


@pytest.mark.parametrize(
    "command",
    [
        ["add", "Kreml", "Kremlin"],
        ["remove", "1"],
        ["edit", "1", "--target", "rampart"],
        ["revert", "1"],
        ["import", str(SAMPLE_GLOSSARY)],
    ],
)
def test_a_lock_held_by_another_program_ends_writes_with_one_clear_message(
    stored_db, command, capsys, monkeypatch
):
    monkeypatch.setenv("WORTLAUT_DB_BUSY_TIMEOUT", "0.2")
    other = sqlite3.connect(stored_db.removeprefix("sqlite:///"), isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        code, _, err = run(capsys, "glossary", *command, "--db", stored_db)
        assert code == 2
        assert "Traceback" not in err
        assert err.strip() == (
            f"wortlaut: error: glossary database {stored_db}: the database is locked by another "
            "program (waited 0.2 s); nothing was changed, try again when it has finished"
        )
        assert listed_terms(capsys, stored_db) == [("Bollwerk", "bulwark")]  # reading still works
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert listed_terms(capsys, stored_db) == [("Bollwerk", "bulwark")]


@pytest.fixture
def full_disk(monkeypatch):
    """SQLite reports a full disk for every INSERT, as SQLAlchemy hands driver errors on."""
    from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

    def refuse(original):  # type: ignore[no-untyped-def]
        def execute(self, cursor, statement, parameters, context=None):  # type: ignore[no-untyped-def]
            if statement.lstrip().upper().startswith("INSERT"):
                raise sqlite3.OperationalError("database or disk is full")
            return original(self, cursor, statement, parameters, context)

        return execute

    monkeypatch.setattr(
        SQLiteDialect_pysqlite, "do_execute", refuse(SQLiteDialect_pysqlite.do_execute)
    )
    monkeypatch.setattr(
        SQLiteDialect_pysqlite, "do_executemany", refuse(SQLiteDialect_pysqlite.do_executemany)
    )


@pytest.mark.parametrize("command", [["import", str(SAMPLE_GLOSSARY)], ["add", "Kreml", "Kremlin"]])
def test_a_full_disk_ends_the_command_with_one_clear_message_and_writes_nothing(
    stored_db, command, full_disk, capsys
):
    code, _, err = run(capsys, "glossary", *command, "--db", stored_db)
    assert code == 2
    assert "Traceback" not in err
    assert err.strip() == (
        f"wortlaut: error: glossary database {stored_db}: the disk is full; nothing was changed "
        "(free some space and try again)"
    )
    assert listed_terms(capsys, stored_db) == [("Bollwerk", "bulwark")]


def closed_loopback_port() -> socket.socket:
    """A loopback port bound but not listening: connections to it are refused."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock


@pytest.mark.loopback
@pytest.mark.parametrize(
    "command",
    [["glossary", "list"], ["glossary", "add", "Kreml", "Kremlin"], ["match", str(SAMPLE_DE)]],
)
def test_an_unreachable_postgresql_server_is_one_clear_message_without_the_password(
    command, capsys
):
    with closed_loopback_port() as sock:
        port = sock.getsockname()[1]
        url = f"postgresql+psycopg://anna:s3cret@127.0.0.1:{port}/terms"
        code, _, err = run(capsys, *command, "--db", url)
    assert code == 2
    assert "Traceback" not in err and "s3cret" not in err
    assert err.strip() == (
        f"wortlaut: error: cannot open glossary database postgresql+psycopg://anna:***@127.0.0.1:"
        f"{port}/terms: cannot connect to server at 127.0.0.1:{port}: connection refused "
        "(is PostgreSQL running there?)"
    )


def test_an_unknown_postgresql_user_or_database_is_one_clear_message(postgres_url, capsys):
    from sqlalchemy.engine import make_url

    url = make_url(postgres_url)
    for wrong, problem in (
        (url.set(username="nobody_here"), "the server has no user nobody_here"),
        (url.set(database="no_such_db"), "the server has no database no_such_db"),
    ):
        shown = wrong.render_as_string(hide_password=False)
        code, _, err = run(capsys, "glossary", "list", "--db", shown)
        assert code == 2
        assert "Traceback" not in err
        assert err.strip() == f"wortlaut: error: cannot open glossary database {shown}: {problem}"


@pytest.fixture
def password_user(postgres_server, postgres_url) -> str:  # type: ignore[no-untyped-def]
    """A role that must log in with the password 'right', over loopback TCP."""
    import sqlalchemy as sa

    if not hasattr(postgres_server, "folder"):
        pytest.skip("WORTLAUT_TEST_POSTGRES names an external server; its pg_hba is not ours")
    hba = postgres_server.folder / "data" / "pg_hba.conf"
    rule = "host all wortlaut_pw 127.0.0.1/32 scram-sha-256\n"
    if rule not in hba.read_text():
        hba.write_text(rule + hba.read_text())
    admin = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        exists = connection.execute(sa.text("SELECT 1 FROM pg_roles WHERE rolname='wortlaut_pw'"))
        if exists.first() is None:
            connection.execute(sa.text("CREATE ROLE wortlaut_pw LOGIN PASSWORD 'right'"))
        connection.execute(sa.text("GRANT CREATE, USAGE ON SCHEMA public TO wortlaut_pw"))
        connection.execute(sa.text("SELECT pg_reload_conf()"))
    admin.dispose()
    time.sleep(0.2)  # the postmaster rereads pg_hba.conf on SIGHUP
    return f"127.0.0.1:{postgres_server.port}/{sa.engine.make_url(postgres_url).database}"


@pytest.mark.loopback
def test_a_wrong_postgresql_password_is_one_clear_message_without_the_password(
    password_user, capsys, monkeypatch
):
    monkeypatch.delenv("PGPASSWORD", raising=False)
    url = f"postgresql+psycopg://wortlaut_pw:wrong-s3cret@{password_user}"
    code, _, err = run(capsys, "glossary", "list", "--db", url)
    assert code == 2
    assert "Traceback" not in err and "wrong-s3cret" not in err
    assert err.strip() == (
        f"wortlaut: error: cannot open glossary database postgresql+psycopg://wortlaut_pw:***@"
        f"{password_user}: user wortlaut_pw was refused: wrong password"
    )
    code, _, err = run(capsys, "glossary", "list", "--db", url.replace(":wrong-s3cret", ""))
    assert code == 2
    assert "asks user wortlaut_pw for a password; put it in PGPASSWORD or ~/.pgpass" in err
    code, _, err = run(capsys, "glossary", "list", "--db", url.replace("wrong-s3cret", "right"))
    assert (code, err) == (0, "")


def test_a_database_error_the_store_lets_through_still_becomes_one_line(
    stored_db, capsys, monkeypatch
):
    from sqlalchemy.exc import OperationalError

    def broken(self, glossary="default"):  # type: ignore[no-untyped-def]
        raise OperationalError("SELECT …", {}, sqlite3.OperationalError("disk I/O error"))

    monkeypatch.setattr(GlossaryStore, "entries", broken)
    code, _, err = run(capsys, "glossary", "list", "--db", stored_db)
    assert code == 2
    assert err.strip() == (
        f"wortlaut: error: glossary database {stored_db}: the disk reported an error while "
        "reading or writing the database"
    )


def test_add_refuses_a_control_character_or_an_over_long_term_and_stores_nothing(capsys):
    for source, target, message in [
        ("Boll\x00werk", "bulwark", "source contains the control character U+0000 (NUL)"),
        ("Bollwerk", "b" * 501, "target is too long (501 characters; at most 500)"),
        ("Boll\udcffwerk", "bulwark", "source contains the control character U+DCFF"),
    ]:
        code, _, err = run(capsys, "glossary", "add", source, target)
        assert code == 2
        assert message in err and "Traceback" not in err
    assert json.loads(run(capsys, "glossary", "list", "--json")[1]) == []


def test_edit_refuses_an_invalid_change_and_keeps_the_term(capsys):
    run(capsys, "glossary", "add", "Bollwerk", "bulwark")
    code, _, err = run(capsys, "glossary", "edit", "1", "--notes", "a\x1b[2Jb")
    assert code == 2
    assert "notes contains the control character U+001B at column 2" in err
    [term] = json.loads(run(capsys, "glossary", "list", "--json")[1])
    assert (term["target"], term["notes"]) == ("bulwark", "")


def test_tbx_export_of_a_nul_stored_before_validation_is_refused_not_written(tmp_path, capsys):
    from app import paths
    from glossary.storage import GlossaryStore, from_entry, sqlite_url
    from glossary.terms import TermEntry

    store = GlossaryStore.open(sqlite_url(paths.data_home() / "glossary.db"))
    gid = store.glossary_id()
    with store.session() as session:  # as an older version stored it, unvalidated
        session.add(from_entry(TermEntry("Boll\x00werk", "bulwark"), gid))
    store.close()
    out_file = tmp_path / "out.tbx"
    code, _, err = run(capsys, "glossary", "export", str(out_file))
    assert code == 2
    assert "contains U+0000, which TBX cannot hold; nothing was written" in err
    assert "Traceback" not in err
    assert not out_file.exists()


def test_a_store_failure_during_import_is_one_message_and_writes_nothing(capsys, monkeypatch):
    from glossary.storage import GlossaryStore, StoreError

    def failing(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise StoreError("database is locked")

    # A context of its own: monkeypatch.undo() would also undo the private WORTLAUT_HOME and
    # send the rest of the test to the real per-user glossary.
    with monkeypatch.context() as patch:
        patch.setattr(GlossaryStore, "import_entries", failing)
        code, out, err = run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    assert (code, out) == (2, "")
    assert err.strip() == "wortlaut: error: database is locked"
    assert json.loads(run(capsys, "glossary", "list", "--json")[1]) == []


def test_a_file_whose_columns_are_not_recognised_is_refused_and_imports_nothing(tmp_path, capsys):
    unknown = tmp_path / "foo.csv"
    unknown.write_text("foo,bar,baz\nMachthaber,ruler,x\n", encoding="utf-8")
    code, out, err = run(capsys, "glossary", "import", str(unknown))
    assert (code, out) == (2, "")
    assert err.startswith(f"wortlaut: error: {unknown}:1: no column is recognised as source")
    assert "source/target (or German/English" in err
    assert run(capsys, "glossary", "list", "--json")[1].strip() in ("[]", "")


def test_exporting_to_a_spreadsheet_name_is_refused_not_written_as_csv(tmp_path, capsys):
    run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    target = tmp_path / "glossary.xlsx"
    code, out, err = run(capsys, "glossary", "export", str(target))
    assert (code, out) == (2, "")
    assert err.strip() == (
        f"wortlaut: error: {target}: Wortlaut exports glossaries as CSV (.csv, which Excel "
        "opens) or TBX (.tbx): .xlsx is not one of them"
    )
    assert not target.exists()


def test_a_format_that_contradicts_the_file_name_is_refused(tmp_path, capsys):
    run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    target = tmp_path / "glossary.csv"
    code, _out, err = run(capsys, "glossary", "export", "--format", "tbx", str(target))
    assert code == 2
    assert "the name says .csv but the format asked for is tbx" in err
    assert not target.exists()
