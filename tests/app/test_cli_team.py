"""`wortlaut glossary edit / history / revert` on a shared glossary (SQLite and PostgreSQL)."""

from __future__ import annotations

import json

import pytest

from app.cli import main


@pytest.fixture(params=["sqlite", "postgresql"])
def db(request, tmp_path) -> str:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'team.db'}"
    return request.getfixturevalue("postgres_url")


def run(capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def listed(capsys, db: str) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    code, out, _ = run(capsys, "glossary", "list", "--db", db, "--json")
    assert code == 0
    return json.loads(out)


def test_edit_from_an_outdated_version_exits_non_zero_and_changes_nothing(capsys, db, monkeypatch):
    run(capsys, "glossary", "add", "--db", db, "Bollwerk", "bastion")
    [term] = listed(capsys, db)
    monkeypatch.setenv("WORTLAUT_AUTHOR", "ben")
    code, _, _ = run(capsys, "glossary", "edit", "--db", db, str(term["id"]), "--target", "rampart")
    assert code == 0
    code, _, err = run(
        capsys, "glossary", "edit", "--db", db, str(term["id"]), "--target", "bulwark",
        "--expect-version", str(term["version"]),
    )  # fmt: skip
    assert code == 2
    assert "conflict" in err and "rampart" in err and "nothing was changed" in err
    assert listed(capsys, db)[0]["target"] == "rampart"


def test_history_lists_each_change_with_its_author(capsys, db, monkeypatch):
    monkeypatch.setenv("WORTLAUT_AUTHOR", "anna")
    run(capsys, "glossary", "add", "--db", db, "Bollwerk", "bastion")
    [term] = listed(capsys, db)
    monkeypatch.setenv("WORTLAUT_AUTHOR", "ben")
    run(capsys, "glossary", "edit", "--db", db, str(term["id"]), "--target", "bulwark")
    code, out, _ = run(capsys, "glossary", "history", "--db", db, str(term["id"]), "--json")
    assert code == 0
    changes = json.loads(out)
    assert [(c["action"], c["author"]) for c in changes] == [("create", "anna"), ("update", "ben")]
    assert changes[1]["old"]["target"] == "bastion" and changes[1]["new"]["target"] == "bulwark"
    code, out, _ = run(capsys, "glossary", "history", "--db", db, str(term["id"]))
    assert "bastion  ⇒  Bollwerk → bulwark" in out


def test_revert_undoes_a_change_and_is_itself_recorded(capsys, db):
    run(capsys, "glossary", "add", "--db", db, "Bollwerk", "bulwark")
    [term] = listed(capsys, db)
    run(capsys, "glossary", "edit", "--db", db, str(term["id"]), "--target", "bastion")
    _, out, _ = run(capsys, "glossary", "history", "--db", db, str(term["id"]), "--json")
    update = json.loads(out)[-1]["change"]
    code, out, _ = run(capsys, "glossary", "revert", "--db", db, str(update))
    assert code == 0 and "bulwark" in out
    assert listed(capsys, db)[0]["target"] == "bulwark"
    _, out, _ = run(capsys, "glossary", "history", "--db", db, str(term["id"]), "--json")
    assert json.loads(out)[-1]["action"] == "revert"


def test_a_deleted_term_comes_back_with_revert(capsys, db):
    run(capsys, "glossary", "add", "--db", db, "Bollwerk", "bulwark")
    [term] = listed(capsys, db)
    run(capsys, "glossary", "remove", "--db", db, str(term["id"]))
    _, out, _ = run(capsys, "glossary", "history", "--db", db, str(term["id"]), "--json")
    deletion = json.loads(out)[-1]["change"]
    assert run(capsys, "glossary", "revert", "--db", db, str(deletion))[0] == 0
    assert [t["source"] for t in listed(capsys, db)] == ["Bollwerk"]


def test_an_unknown_change_is_a_clear_error(capsys, db):
    code, _, err = run(capsys, "glossary", "revert", "--db", db, "999")
    assert code == 2 and "no change with id 999" in err


def test_a_removal_from_an_outdated_version_is_refused(capsys, db):
    run(capsys, "glossary", "add", "--db", db, "Bollwerk", "bastion")
    [term] = listed(capsys, db)
    run(capsys, "glossary", "edit", "--db", db, str(term["id"]), "--target", "rampart")
    code, _, err = run(
        capsys, "glossary", "remove", "--db", db, str(term["id"]),
        "--expect-version", str(term["version"]),
    )  # fmt: skip
    assert code == 2 and "conflict" in err
    assert len(listed(capsys, db)) == 1


def test_match_and_translate_accept_a_postgresql_glossary(capsys, postgres_url, tmp_path):
    run(capsys, "glossary", "add", "--db", postgres_url, "Bollwerk", "bulwark")
    text = tmp_path / "in.txt"
    text.write_text("Das Bollwerk hält.\n", encoding="utf-8")
    code, out, _ = run(capsys, "match", "--db", postgres_url, "--json", str(text))
    assert code == 0
    assert [m["target"] for m in json.loads(out)["matches"]] == ["bulwark"]
