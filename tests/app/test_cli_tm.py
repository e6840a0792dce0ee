"""`wortlaut tm` and the memory in `wortlaut translate`, as a user scripts them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from app.cli import main
from tests.conftest import ROOT, SAMPLE_DE
from tests.tm.test_tmx import TMX


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def tmx_file(tmp_path: Path) -> Path:
    path = tmp_path / "memory.tmx"
    path.write_text(TMX, encoding="utf-8")
    return path


def test_import_reports_units_and_skipped_ones_and_exits_partial(capsys, tmx_file):
    code, out, _ = run(capsys, "tm", "import", str(tmx_file))
    assert code == 1
    assert out.strip() == (
        "imported 3 units, skipped 2 (1 with no English side, 1 with no German side)"
    )


def test_a_broken_tmx_is_one_message_naming_the_file_and_line(capsys, tmp_path):
    path = tmp_path / "broken.tmx"
    path.write_text('<tmx version="1.4"><body><tu></body></tmx>', encoding="utf-8")
    code, _, err = run(capsys, "tm", "import", str(path))
    assert code == 2
    assert f"{path}:1: not well-formed XML" in err
    assert "nothing was imported" in err and "Traceback" not in err


def test_stats_count_the_imported_units(capsys, tmx_file):
    run(capsys, "tm", "import", str(tmx_file))
    code, out, _ = run(capsys, "tm", "stats", "--json")
    assert code == 0
    assert json.loads(out)["units"] == 3


def test_lookup_prints_json_results_per_input_line(capsys, tmx_file, tmp_path):
    run(capsys, "tm", "import", str(tmx_file))
    queries = tmp_path / "queries.txt"
    queries.write_text(
        "Der Preis stieg um 4,2 Prozent.\nGanz etwas anderes hier.\n", encoding="utf-8"
    )
    code, out, _ = run(capsys, "tm", "lookup", "--json", "--min", "60", "-n", "1", str(queries))
    assert code == 0
    results = json.loads(out)["results"]
    assert [r["query"] for r in results] == [
        "Der Preis stieg um 4,2 Prozent.",
        "Ganz etwas anderes hier.",
    ]
    [match] = results[0]["matches"]
    assert {k: match[k] for k in ("score", "source", "target", "origin")} == {
        "score": 99,
        "source": "Der Preis stieg um 3,5 Prozent.",
        "target": "The price rose by 4.2 percent.",
        "origin": "tm",
    }
    assert results[1]["matches"] == []


def test_export_writes_a_tmx_that_imports_again(capsys, tmx_file, tmp_path):
    run(capsys, "tm", "import", str(tmx_file))
    out_file = tmp_path / "out.tmx"
    code, out, _ = run(capsys, "tm", "export", str(out_file))
    assert (code, out.strip()) == (0, f"exported 3 units to {out_file}")
    other = f"sqlite:///{tmp_path / 'other.db'}"
    code, out, _ = run(capsys, "tm", "import", "--db", other, str(out_file))
    assert (code, out.strip()) == (0, "imported 3 units, skipped 0")


def test_confirm_refuses_a_file_that_is_not_translate_json(capsys, tmp_path):
    path = tmp_path / "notes.json"
    path.write_text('{"notes": []}', encoding="utf-8")
    code, _, err = run(capsys, "tm", "confirm", str(path))
    assert code == 2
    assert "not the output of `wortlaut translate --json`" in err


def translate_json(capsys, *extra: str) -> list[dict[str, object]]:
    code, out, err = run(capsys, "translate", "--json", *extra, str(SAMPLE_DE))
    assert code == 0, err
    return list(json.loads(out)["segments"])


def test_the_sample_translated_confirmed_and_translated_again_comes_wholly_from_the_memory(
    capsys, installed_model, tmp_path
):
    first = translate_json(capsys)
    assert {s["origin"] for s in first if s["target"] != s["source"]} == {"mt"}
    done = tmp_path / "first.json"
    done.write_text(json.dumps({"segments": first}), encoding="utf-8")
    code, out, _ = run(capsys, "tm", "confirm", str(done))
    translated = [s for s in first if any(ch.isalpha() for ch in str(s["source"]))]
    assert (code, out.strip()) == (0, f"remembered {len(translated)} segments")
    again = {int(str(s["index"])): s for s in translate_json(capsys)}
    for segment in translated:
        now = again[int(str(segment["index"]))]
        assert (now["origin"], now["tm_score"], now["target"]) == ("tm", 101, segment["target"])


def test_no_tm_translates_everything_by_machine(capsys, installed_model, tmp_path):
    done = tmp_path / "first.json"
    done.write_text(json.dumps({"segments": translate_json(capsys)}), encoding="utf-8")
    run(capsys, "tm", "confirm", str(done))
    segments = translate_json(capsys, "--no-tm")
    assert "tm" not in {s["origin"] for s in segments}


def test_a_segment_from_the_memory_is_never_sent_to_mt(capsys, tmp_path):
    text = tmp_path / "doc.txt"
    text.write_text("Der Preis stieg um 3,5 Prozent.\n", encoding="utf-8")
    memory = tmp_path / "memory.json"
    memory.write_text(
        json.dumps(
            {"segments": [{"source": "Der Preis stieg um 3,5 Prozent.", "target": "Up 3.5 %."}]}
        ),
        encoding="utf-8",
    )
    run(capsys, "tm", "confirm", str(memory))
    # No model is installed: any MT would fail with "no German→English model".
    code, out, err = run(capsys, "translate", "--json", str(text))
    assert code == 0, err
    [segment] = json.loads(out)["segments"]
    assert (segment["target"], segment["origin"], segment["tm_score"]) == ("Up 3.5 %.", "tm", 101)


# -- PostgreSQL: two processes confirming at once ----------------------------------------------
def test_two_processes_confirming_at_once_on_postgresql_lose_nothing(postgres_url, tmp_path):
    from tm.store import TranslationMemory

    TranslationMemory.open(postgres_url).close()  # schema first: both race on the writes
    files = []
    for who in ("anna", "ben"):
        segments = [
            {"source": f"Gemeinsamer Satz Nummer {i}.", "target": f"Shared sentence {i}."}
            for i in range(300)
        ] + [
            {"source": f"Satz {i} von {who}.", "target": f"Sentence {i} by {who}."}
            for i in range(300)
        ]
        path = tmp_path / f"{who}.json"
        path.write_text(json.dumps({"segments": segments}), encoding="utf-8")
        files.append(path)
    for _round in range(3):  # each process confirms its file three times, all at once
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "app.cli", "tm", "confirm", "--db", postgres_url,
                 "--document", "shared", str(path)],
                cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            )
            for path in files
        ]  # fmt: skip
        outputs = [p.communicate(timeout=120) for p in processes]
        assert [p.returncode for p in processes] == [0, 0], outputs
    memory = TranslationMemory.open(postgres_url)
    try:
        units = list(memory.units())
    finally:
        memory.close()
    expected = set()
    for path in files:
        pairs = [(s["source"], s["target"]) for s in json.loads(path.read_text())["segments"]]
        for i, (source, target) in enumerate(pairs):
            before = pairs[i - 1][0] if i else ""
            after = pairs[i + 1][0] if i + 1 < len(pairs) else ""
            expected.add((source, target, before, after))
    stored = [(u.source_text, u.target_text, u.prev_source, u.next_source) for u in units]
    assert len(stored) == len(set(stored))  # each unit once, however often it was confirmed
    assert set(stored) == expected  # and every one of both processes' units is there
