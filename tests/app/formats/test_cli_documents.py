"""`wortlaut translate IN -o OUT` for documents: the format of IN out, segments with tags in JSON."""

from __future__ import annotations

import json

import pytest

from app.cli import main
from app.formats import open_document
from tests.app.formats.conftest import DOCUMENTS
from tests.conftest import TINY_MODEL


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_docx_is_translated_into_a_docx(tmp_path, capsys):
    out = tmp_path / "out.docx"
    code, _out, err = run(
        capsys, "translate", "--no-glossary", "--model", str(TINY_MODEL),
        str(DOCUMENTS / "formatted.docx"), "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert len(open_document(out).units) == len(open_document(DOCUMENTS / "formatted.docx").units)


def test_json_prints_segments_with_their_tags(capsys):
    code, out, err = run(
        capsys, "translate", "--json", "--no-glossary", "--model", str(TINY_MODEL),
        str(DOCUMENTS / "okapi-1.2.xlf"),
    )  # fmt: skip
    assert code == 0, err
    first = json.loads(out)["segments"][0]
    assert first["source_tagged"] == "Die <1>Regierung</1> hat ein <2>neues</2> Gesetz beschlossen."
    assert [t["id"] for t in first["tags"]] == ["1", "2"]
    assert "<1>" in first["target_tagged"] and "</2>" in first["target_tagged"]


def test_a_document_without_output_file_is_refused_with_what_to_add(capsys):
    code, _out, err = run(capsys, "translate", "--no-glossary", str(DOCUMENTS / "page.html"))
    assert code == 2
    assert "add -o OUT" in err


def test_tracked_changes_are_refused_in_one_clear_line(tmp_path, capsys):
    code, _out, err = run(
        capsys, "translate", "--no-glossary", str(DOCUMENTS / "tracked.docx"),
        "-o", str(tmp_path / "out.docx"),
    )  # fmt: skip
    assert code == 2
    assert "tracked changes" in err and "Traceback" not in err
    assert not (tmp_path / "out.docx").exists()


BROKEN = {
    "truncated.xlf": b'<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file>',
    "laughs.xlf": (
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "lol"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
        b'<xliff version="1.2"><file><body><trans-unit id="1"><source>&c;</source>'
        b"</trans-unit></body></file></xliff>"
    ),
    "renamed.htm": b"PK\x03\x04\x14\x00\x00\x00",
    "deep.html": b"<div>" * 400 + b"Text",
}


@pytest.mark.parametrize("name", BROKEN)
def test_a_broken_document_fails_with_one_line_naming_it_and_no_traceback(tmp_path, capsys, name):
    source = tmp_path / name
    source.write_bytes(BROKEN[name])
    out = tmp_path / f"out-{name}"
    code, _out, err = run(capsys, "translate", "--no-glossary", str(source), "-o", str(out))
    assert code == 2
    assert err.startswith(f"wortlaut: error: {source}: ") and err.count("\n") == 1
    assert "Traceback" not in err
    assert not out.exists()


def test_an_xhtml_page_with_an_xml_declaration_is_translated(tmp_path, capsys):
    source = tmp_path / "page.html"
    source.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
        "<head><title>Titel</title></head><body><p>Guten Morgen.</p></body></html>",
        encoding="utf-8",
    )
    out = tmp_path / "out.html"
    code, _out, err = run(
        capsys,
        "translate",
        "--no-glossary",
        "--model",
        str(TINY_MODEL),
        str(source),
        "-o",
        str(out),
    )
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith('<?xml version="1.0" encoding="utf-8"?>')


@pytest.mark.parametrize("name", ["formatted.docx", "okapi-1.2.xlf", "page.html"])
def test_a_document_is_never_written_over_its_own_source(name, tmp_path, capsys):
    source = tmp_path / name
    source.write_bytes((DOCUMENTS / name).read_bytes())
    code, _out, err = run(
        capsys, "translate", "--no-glossary", "--model", str(TINY_MODEL),
        str(source), "-o", str(source),
    )  # fmt: skip
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "is the input file" in err
    assert source.read_bytes() == (DOCUMENTS / name).read_bytes()


def test_a_trados_sdlxliff_is_translated_into_an_sdlxliff(tmp_path, capsys):
    source = tmp_path / "job.sdlxliff"
    source.write_bytes((DOCUMENTS / "trados-1.2.xlf").read_bytes())
    out = tmp_path / "job-en.sdlxliff"
    code, _out, err = run(
        capsys, "translate", "--no-glossary", "--model", str(TINY_MODEL),
        str(source), "-o", str(out),
    )  # fmt: skip
    assert code == 0, err
    assert b"sdl:seg" in out.read_bytes()
