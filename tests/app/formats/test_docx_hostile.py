"""DOCX reader and writer on odd but valid WordprocessingML and on damaged packages (the CLI side
of each case is in tests/hostile/test_docx_inputs.py)."""

from __future__ import annotations

import time

import pytest

from app.document_translation import copy_source
from app.formats import FormatError, open_document, read_document
from app.formats.inline import plain_text, to_markers
from tests.app.formats.conftest import DOCUMENTS
from tests.hostile.docx_inputs import odd_text, set_central_size
from tools.build_document_fixtures import FIELDS, HEAD, TAIL, package


def test_text_follows_xml_space_as_libreoffice_shows_it(tmp_path, soffice_text):
    case = odd_text(tmp_path)
    shown = soffice_text([case.path])[case.path].splitlines()
    units = [plain_text(u.parts) for u in open_document(case.path).units]
    assert units == [shown[0]]


def test_a_comment_inside_a_text_element_does_not_cut_the_text():
    body = HEAD + "<w:p><w:r><w:t>Der <!-- x --> Rest.</w:t></w:r></w:p>" + TAIL
    document = read_document(DOCUMENTS / "c.docx", package(body))
    assert [to_markers(u.parts) for u in document.units] == ["Der  Rest."]


def test_a_paragraph_of_ten_thousand_formatted_runs_opens_quickly_as_one_unit():
    runs = "".join(
        f"<w:r>{'<w:rPr><w:b/></w:rPr>' if i % 2 else ''}<w:t>W{i}. </w:t></w:r>"
        for i in range(10_000)
    )
    started = time.perf_counter()
    document = read_document(DOCUMENTS / "r.docx", package(HEAD + f"<w:p>{runs}</w:p>" + TAIL))
    assert time.perf_counter() - started < 5
    assert len(document.units) == 1
    assert plain_text(document.units[0].parts).count("W") == 10_000


def test_a_package_that_unpacks_to_gigabytes_is_refused_before_unpacking(tmp_path):
    data = set_central_size(package(FIELDS), "word/_rels/document.xml.rels", 3 * 2**30)
    with pytest.raises(FormatError, match=r"big\.docx: the package unpacks to 3072 MiB"):
        read_document(tmp_path / "big.docx", data)


def test_a_damaged_member_found_while_writing_is_named(tmp_path):
    data = set_central_size(package(FIELDS), "word/_rels/document.xml.rels", 10)
    document = read_document(tmp_path / "hurt.docx", data)
    copy_source(document)
    with pytest.raises(FormatError, match=r"hurt\.docx: word/_rels/document\.xml\.rels cannot be"):
        document.save(tmp_path / "out.docx")
    assert not (tmp_path / "out.docx").exists()


def test_a_no_break_space_at_a_text_edge_is_text_not_white_space():
    body = HEAD + "<w:p><w:r><w:t>\u00a0Preis: 5\u00a0</w:t></w:r></w:p>" + TAIL
    document = read_document(DOCUMENTS / "n.docx", package(body))
    assert plain_text(document.units[0].parts) == "\u00a0Preis: 5\u00a0"


def test_a_paragraph_of_ten_thousand_formatted_runs_with_tabs_and_breaks_opens_quickly():
    runs = "".join(
        f"<w:r>{'<w:rPr><w:b/></w:rPr>' if i % 2 else ''}<w:t>W{i}.</w:t><w:tab/><w:br/></w:r>"
        for i in range(10_000)
    )
    started = time.perf_counter()
    document = read_document(DOCUMENTS / "t.docx", package(HEAD + f"<w:p>{runs}</w:p>" + TAIL))
    assert time.perf_counter() - started < 5
    (unit,) = document.units
    assert sum(piece.translatable for piece in unit.pieces) == 10_000
