"""`wortlaut translate` and `wortlaut models` as a user scripts them."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile

import pytest

from app.cli import main
from tests.conftest import SAMPLE_DE, TINY_MODEL


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_output_has_a_target_for_every_segment(capsys, installed_model):
    code, out, _ = run(capsys, "translate", "--json", str(SAMPLE_DE))
    assert code == 0
    segments = json.loads(out)["segments"]
    assert [s["index"] for s in segments] == list(range(len(segments)))
    for s in segments:
        assert set(s) == {
            "index", "number", "paragraph", "source", "target", "origin", "tm_score",
            "tm_matches", "terms", "flags",
        }  # fmt: skip
        assert s["target"].strip()
    assert any("am 24. Februar" in s["source"] for s in segments)


def test_text_output_keeps_the_paragraphs(capsys, installed_model):
    code, out, _ = run(capsys, "translate", str(SAMPLE_DE))
    assert code == 0
    source = SAMPLE_DE.read_text(encoding="utf-8")
    assert out.count("\n\n") == source.count("\n\n")
    assert out.startswith("36450:\n\n")


def test_output_file_is_written(tmp_path, capsys, installed_model):
    out_file = tmp_path / "out" / "article-en.txt"
    code, out, _ = run(capsys, "translate", str(SAMPLE_DE), "-o", str(out_file))
    assert code == 0
    assert out == ""
    assert out_file.read_text(encoding="utf-8").startswith("36450:")
    assert [p.name for p in out_file.parent.iterdir()] == ["article-en.txt"]


def test_without_a_model_the_message_says_how_to_install_one(capsys):
    code, out, err = run(capsys, "translate", str(SAMPLE_DE))
    assert code == 2
    assert out == ""
    assert "no German→English model is installed" in err
    assert "wortlaut models install" in err


def test_model_option_uses_an_archive_without_installing_it(capsys):
    code, out, _ = run(capsys, "translate", "--json", "--model", str(TINY_MODEL), str(SAMPLE_DE))
    assert code == 0
    assert json.loads(out)["segments"]
    code, out, _ = run(capsys, "models", "list", "--json")
    assert json.loads(out) == []


def test_model_option_accepts_an_unpacked_folder(capsys, installed_model):
    code, _, _ = run(capsys, "translate", "--model", str(installed_model.path), str(SAMPLE_DE))
    assert code == 0


def test_empty_input_gives_empty_output_without_a_model(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n")
    code, out, err = run(capsys, "translate", str(empty))
    assert (code, out) == (0, "")
    assert err.startswith("wortlaut: note: ")


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_bom_encoded_input_is_read(tmp_path, capsys, installed_model, encoding):
    doc = tmp_path / "doc.txt"
    doc.write_text("Der Kreml schweigt.", encoding=encoding)
    code, out, _ = run(capsys, "translate", "--json", str(doc))
    assert code == 0
    assert json.loads(out)["segments"][0]["source"] == "Der Kreml schweigt."


def test_undecodable_input_names_file_and_line(tmp_path, capsys):
    doc = tmp_path / "legacy.txt"
    doc.write_bytes("Titel\n\nDer Präsident kommt.".encode("cp1252"))
    code, _, err = run(capsys, "translate", str(doc))
    assert code == 2
    assert f"{doc}:3: not valid UTF-8" in err


def test_missing_input_file_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "translate", str(tmp_path / "nope.txt"))
    assert code == 2
    assert "nope.txt: no such file or folder" in err


def test_models_install_list_remove(capsys):
    code, out, _ = run(capsys, "models", "install", str(TINY_MODEL))
    assert code == 0
    assert "installed de_en" in out
    code, out, _ = run(capsys, "models", "list", "--json")
    [model] = json.loads(out)
    assert (model["code"], model["from_code"], model["to_code"]) == ("de_en", "de", "en")
    code, out, _ = run(capsys, "models", "remove", "de_en")
    assert (code, out.strip()) == (0, "removed de_en")


def test_hostile_archive_install_fails_with_one_clear_line(tmp_path, capsys, wortlaut_home):
    archive = tmp_path / "evil.argosmodel"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("pkg/metadata.json", "{}")
        zf.writestr("pkg/../../escape.txt", "owned")
    code, _, err = run(capsys, "models", "install", str(archive))
    assert code == 2
    assert err.strip() == (
        "wortlaut: error: evil.argosmodel: refused unsafe path 'pkg/../../escape.txt' "
        "(contains '..')"
    )
    assert list((wortlaut_home / "models").iterdir()) == []
    assert not (tmp_path.parent / "escape.txt").exists()


def test_download_says_it_uses_the_internet(capsys, monkeypatch):
    from app import model_store

    monkeypatch.setattr(
        model_store.ModelStore,
        "download",
        lambda self, *a, **k: (_ for _ in ()).throw(
            model_store.ModelError("cannot read the package index: offline")
        ),
    )
    code, _, err = run(capsys, "models", "download", "de", "en")
    assert code == 2
    assert "from the internet" in err
    assert "cannot read the package index" in err


def _can_unshare_network() -> bool:
    if shutil.which("unshare") is None:
        return False
    return subprocess.run(["unshare", "-n", "true"], capture_output=True).returncode == 0


@pytest.mark.skipif(
    not _can_unshare_network(), reason="needs `unshare -n` (root or user namespaces)"
)
def test_translate_runs_in_a_process_without_any_network(tmp_path, wortlaut_home):
    wortlaut = [sys.executable, "-m", "app.cli"]
    env = {"WORTLAUT_HOME": str(wortlaut_home), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [*wortlaut, "models", "install", str(TINY_MODEL)], env=env, check=True, capture_output=True
    )
    result = subprocess.run(
        ["unshare", "-n", *wortlaut, "translate", "--json", str(SAMPLE_DE)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    segments = json.loads(result.stdout)["segments"]
    assert all(s["target"].strip() for s in segments)


# -- glossary in the translation (issue 4) ------------------------------------------------------
SAMPLE_GLOSSARY = SAMPLE_DE.parent / "glossary.csv"


def test_json_segments_carry_term_statuses_and_flags(capsys, installed_model):
    code, out, _ = run(
        capsys, "translate", "--glossary", str(SAMPLE_GLOSSARY), "--json", str(SAMPLE_DE)
    )
    assert code == 0
    payload = json.loads(out)
    terms = [t for s in payload["segments"] for t in s["terms"]]
    assert len(terms) == payload["summary"]["matches"] == 36
    for segment in payload["segments"]:
        for term in segment["terms"]:
            assert set(term) == {
                "source", "target", "start", "end", "status", "method", "target_start",
                "target_end",
            }  # fmt: skip
            assert term["status"] in {"applied", "enforced", "missing"}
            assert (term["method"] == "") == (term["status"] == "missing")
            if term["status"] != "missing":
                placed = segment["target"][term["target_start"] : term["target_end"]]
                assert placed.lower().startswith(term["target"].lower())
    kriesg = [
        f for s in payload["segments"] for f in s["flags"] if f["kind"] == "possible-misspelling"
    ]
    assert [f["suggestion"] for f in kriesg] == ["Kriegspartner"]
    for segment in payload["segments"]:
        for flag in segment["flags"]:
            assert flag["message"]


def test_text_mode_prints_a_qa_summary_on_stderr(capsys, installed_model):
    code, out, err = run(capsys, "translate", "--glossary", str(SAMPLE_GLOSSARY), str(SAMPLE_DE))
    assert code == 0
    assert "QA: 36 term matches" in err
    assert "possible-misspelling" in err
    assert "QA:" not in out


def test_the_stored_glossary_applies_by_default_and_no_glossary_turns_it_off(
    capsys, installed_model, tmp_path
):
    source = tmp_path / "in.txt"
    source.write_text("Das Bollwerk hält.\n", encoding="utf-8")
    assert main(["glossary", "add", "Bollwerk", "bulwark"]) == 0
    capsys.readouterr()
    _, out, _ = run(capsys, "translate", str(source))
    assert "bulwark" in out
    _, out, _ = run(capsys, "translate", "--no-glossary", str(source))
    assert "bulwark" not in out and "Bollwerk" in out


def test_eval_reports_chrf_and_term_rate_with_and_without_the_glossary(capsys, installed_model):
    reference = SAMPLE_DE.parent / "article-en.ref.txt"
    code, out, _ = run(
        capsys,
        "eval",
        "--reference",
        str(reference),
        "--glossary",
        str(SAMPLE_GLOSSARY),
        "--json",
        str(SAMPLE_DE),
    )
    assert code == 0
    report = json.loads(out)
    assert report["aligned_by"] == "paragraph"
    without, with_glossary = report["runs"]
    assert without["name"] == "without glossary" and with_glossary["name"] == "with glossary"
    assert without["statuses"]["enforced"] == 0
    assert without["methods"] == {"model": without["statuses"]["applied"]}
    placed = with_glossary["statuses"]["applied"] + with_glossary["statuses"]["enforced"]
    assert sum(with_glossary["methods"].values()) == placed
    assert with_glossary["term_rate"] > without["term_rate"]
    assert 0 < without["chrf"] < with_glossary["chrf"] < 100


def test_eval_text_output_is_a_table(capsys, installed_model):
    reference = SAMPLE_DE.parent / "article-en.ref.txt"
    code, out, _ = run(
        capsys, "eval", "--reference", str(reference), "--glossary", str(SAMPLE_GLOSSARY),
        str(SAMPLE_DE),
    )  # fmt: skip
    assert code == 0
    lines = out.splitlines()
    assert "chrF" in lines[1] and "placed" in lines[1]
    assert lines[2].startswith("without glossary") and lines[3].startswith("with glossary")
    by_method = lines.index("placed terms by method")
    assert "model" in lines[by_method + 1].split()
    assert lines[by_method + 3].startswith("with glossary")


def test_an_empty_input_is_said_on_stderr_not_silently_ignored(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    code = main(["translate", "--no-glossary", str(empty)])
    out, err = capsys.readouterr()
    assert (code, out) == (0, "")
    assert (
        err
        == f"wortlaut: note: {empty}: no text to translate (the input is empty or only white space)\n"
    )


def test_an_empty_glossary_file_is_said_on_stderr(tmp_path, capsys, installed_model):
    glossary = tmp_path / "g.csv"
    glossary.write_text("source,target\n", encoding="utf-8")
    text = tmp_path / "in.txt"
    text.write_text("Das Bollwerk steht.\n", encoding="utf-8")
    code = main(["translate", "--glossary", str(glossary), str(text)])
    _out, err = capsys.readouterr()
    assert code == 0
    assert f"wortlaut: note: {glossary} has no terms: translating without" in err


def test_json_segments_carry_the_number_that_messages_use(tmp_path, capsys, installed_model):
    text = tmp_path / "in.txt"
    text.write_text("Erster Satz. Zweiter Satz.\n", encoding="utf-8")
    assert main(["translate", "--no-glossary", "--json", str(text)]) == 0
    segments = json.loads(capsys.readouterr().out)["segments"]
    assert [(s["index"], s["number"]) for s in segments] == [(0, 1), (1, 2)]


def test_every_command_line_option_says_what_it_does():
    import argparse

    from app.cli import build_parser

    undocumented = []

    def walk(parser: argparse.ArgumentParser, path: list[str]) -> None:
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    walk(sub, [*path, name])
            elif action.help is None:
                undocumented.append(" ".join([*path, *action.option_strings]) or action.dest)

    walk(build_parser(), ["wortlaut"])
    assert undocumented == []


# -- a glossary beside the document, as in the app ---------------------------------------------
def document_with_glossary(tmp_path, rows: str):  # type: ignore[no-untyped-def]
    folder = tmp_path / "job"
    folder.mkdir()
    (folder / "glossary.csv").write_text("source,target\n" + rows, encoding="utf-8")
    document = folder / "text.txt"
    document.write_text("Das Bollwerk steht.\n", encoding="utf-8")
    return document


def term_targets(out: str) -> list[str]:
    return [t["target"] for s in json.loads(out)["segments"] for t in s["terms"]]


def test_translate_uses_the_glossary_beside_the_document(tmp_path, capsys, installed_model):
    document = document_with_glossary(tmp_path, "Bollwerk,bulwark\n")
    code, out, err = run(capsys, "translate", "--json", str(document))
    assert code == 0
    assert term_targets(out) == ["bulwark"]
    assert f"using {document.parent / 'glossary.csv'} beside the document (1 term;" in err


def test_the_stored_glossary_wins_over_the_document_glossary(tmp_path, capsys, installed_model):
    document = document_with_glossary(tmp_path, "Bollwerk,rampart\n")
    assert run(capsys, "glossary", "add", "Bollwerk", "bulwark")[0] == 0
    code, out, _err = run(capsys, "translate", "--json", str(document))
    assert code == 0
    assert term_targets(out) == ["bulwark"]


def test_no_document_glossary_turns_it_off(tmp_path, capsys, installed_model):
    document = document_with_glossary(tmp_path, "Bollwerk,bulwark\n")
    code, out, err = run(capsys, "translate", "--json", "--no-document-glossary", str(document))
    assert code == 0
    assert term_targets(out) == []
    assert "beside the document" not in err


def test_a_broken_glossary_beside_the_document_is_a_warning_not_a_failure(
    tmp_path, capsys, installed_model
):
    document = document_with_glossary(tmp_path, "Bollwerk,bulwark\n")
    (document.parent / "glossary.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    code, out, err = run(capsys, "translate", str(document))
    assert code == 0
    assert out.strip()
    assert "wortlaut: warning: " in err and "translating without it" in err
    assert "Traceback" not in err


def test_eval_says_how_to_measure_each_placement_method(capsys, installed_model):
    reference = SAMPLE_DE.parent / "article-en.ref.txt"
    code, _, err = run(
        capsys, "eval", "--reference", str(reference), "--glossary", str(SAMPLE_GLOSSARY),
        str(SAMPLE_DE),
    )  # fmt: skip
    assert code == 0
    assert "wortlaut eval --per-method --model" in err
    assert str(SAMPLE_GLOSSARY) in err


def test_eval_per_method_runs_each_placement_method_alone(capsys, installed_model):
    reference = SAMPLE_DE.parent / "article-en.ref.txt"
    code, out, _ = run(
        capsys, "eval", "--per-method", "--reference", str(reference), "--glossary",
        str(SAMPLE_GLOSSARY), "--json", str(SAMPLE_DE),
    )  # fmt: skip
    assert code == 0
    runs = {r["name"]: r for r in json.loads(out)["runs"]}
    assert list(runs) == [
        "without glossary", "with glossary", "mask only", "rendering only", "alignment only",
        "alignment, no gate",
    ]  # fmt: skip
    for method in ("mask", "rendering", "alignment"):
        assert set(runs[f"{method} only"]["methods"]) <= {"model", method, "forbidden-replaced"}


def test_an_output_file_that_is_the_input_is_refused_and_the_input_kept(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text("Die Regierung tagt.\n", encoding="utf-8")
    spelled_otherwise = tmp_path / "sub" / ".." / "article.txt"
    (tmp_path / "sub").mkdir()
    code, _out, err = run(capsys, "translate", str(source), "-o", str(spelled_otherwise))
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "is the input file" in err
    assert source.read_text(encoding="utf-8") == "Die Regierung tagt.\n"


def test_an_output_through_a_symbolic_link_to_the_input_is_refused(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text("Die Regierung tagt.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(source)
    code, _out, err = run(capsys, "translate", str(source), "-o", str(link))
    assert code == 2
    assert "is the input file" in err
