"""`wortlaut match` and `wortlaut glossary …` as a translator scripts them."""

from __future__ import annotations

import json

from app.cli import main
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
    with store.session() as session:  # as an older version stored it, unvalidated
        session.add(from_entry(TermEntry("Boll\x00werk", "bulwark"), store.glossary_id()))
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

    monkeypatch.setattr(GlossaryStore, "import_entries", failing)
    code, out, err = run(capsys, "glossary", "import", str(SAMPLE_GLOSSARY))
    assert (code, out) == (2, "")
    assert err.strip() == "wortlaut: error: database is locked"
    monkeypatch.undo()
    assert json.loads(run(capsys, "glossary", "list", "--json")[1]) == []
