"""Hostile DOCX files for `wortlaut translate IN.docx -o OUT.docx`: damaged packages, traps in the
ZIP and in the XML, and odd but valid WordprocessingML. Each generator writes one file into a
folder and says what must happen: a refusal naming the file and the problem (exit 2), or a
translated document that keeps every paragraph (exit 0).

    python -m tests.hostile.docx_inputs OUT_DIR     # writes the whole corpus to OUT_DIR
"""

from __future__ import annotations

import io
import struct
import sys
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path

from tests.hostile.inputs import HostileDocument
from tools.build_document_fixtures import FIELDS, HEAD, TAIL, package

FIELD_BEGIN = '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
FIELD_SEPARATE = '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def _run(text: str, space: str = ' xml:space="preserve"') -> str:
    return f"<w:r><w:t{space}>{text}</w:t></w:r>"


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _zip(members: list[tuple[str, bytes | str]]) -> bytes:
    """A ZIP with these members, names as given (a trap's names are not checked)."""
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # "Duplicate name": that is the point of one case
        for name, body in members:
            archive.writestr(zipfile.ZipInfo(name), body, zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _with_document(document_xml: bytes | str, *more: tuple[str, bytes | str]) -> bytes:
    """A valid package's other members around this document.xml, then `more` members."""
    with zipfile.ZipFile(io.BytesIO(package("<x/>"))) as base:
        members: list[tuple[str, bytes | str]] = [
            (n, base.read(n)) for n in base.namelist() if n != "word/document.xml"
        ]
    return _zip([*members, ("word/document.xml", document_xml), *more])


def set_central_size(data: bytes, name: str, size: int) -> bytes:
    """The package with the uncompressed size the central directory gives `name` changed (what
    `zipfile` believes before unpacking anything)."""
    return _patch_central(data, name, 24, struct.pack("<I", size))


def _patch_central(data: bytes, name: str, offset: int, value: bytes) -> bytes:
    """`value` written at `offset` into the central directory entry of `name`."""
    encoded = name.encode()
    at = 0
    while True:
        at = data.index(b"PK\x01\x02", at)
        length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + length] == encoded:
            return data[: at + offset] + value + data[at + offset + len(value) :]
        at += 4


def truncated_package(folder: Path) -> HostileDocument:
    whole = package(FIELDS)
    path = _write(folder, "truncated.docx", whole[: len(whole) // 2])
    return HostileDocument(path, "a DOCX cut in half (download interrupted)", 2, "truncated")


def encrypted_or_old_word(folder: Path) -> HostileDocument:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)
    path = _write(folder, "protected.docx", ole)
    return HostileDocument(path, "an OLE file: a password-protected DOCX or a .doc", 2, "password")


def no_document_part(folder: Path) -> HostileDocument:
    path = _write(folder, "no-body.docx", _zip([("word/styles.xml", "<w:styles/>")]))
    return HostileDocument(path, "a ZIP without word/document.xml", 2, "no word/document.xml")


def document_not_xml(folder: Path) -> HostileDocument:
    path = _write(folder, "not-xml.docx", _with_document(b"Hallo Welt\x00\xff"))
    return HostileDocument(
        path, "word/document.xml is not XML", 2, "word/document.xml: line 1: not well-formed XML"
    )


def external_entity(folder: Path) -> HostileDocument:
    body = FIELDS.replace(
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
        '<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n',
    ).replace("Lesen Sie ", "Lesen Sie &x;")
    path = _write(folder, "xxe.docx", _with_document(body))
    return HostileDocument(path, "an external entity (XXE) in document.xml", 2, "DTD")


def entity_bomb(folder: Path) -> HostileDocument:
    levels = "".join(f'<!ENTITY e{n} "{f"&e{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    body = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{levels}]>'
        + HEAD.split("\n", 1)[1]
        + "<w:p><w:r><w:t>&e9;</w:t></w:r></w:p>"
        + TAIL
    )
    path = _write(folder, "laughs.docx", _with_document(body))
    return HostileDocument(path, "a billion-laughs entity bomb in document.xml", 2, "DTD")


def huge_part(folder: Path) -> HostileDocument:
    data = set_central_size(package(FIELDS), "word/document.xml", 300 * 2**20)
    path = _write(folder, "bomb.docx", data)
    return HostileDocument(path, "document.xml unpacks to 300 MiB (ZIP bomb)", 2, "300 MiB")


def lying_size(folder: Path) -> HostileDocument:
    data = set_central_size(package(FIELDS), "word/document.xml", 100)
    path = _write(folder, "lying.docx", data)
    return HostileDocument(
        path, "the ZIP directory understates document.xml's size", 2, "cannot be unpacked"
    )


def encrypted_member(folder: Path) -> HostileDocument:
    data = _patch_central(package(FIELDS), "word/document.xml", 8, struct.pack("<H", 1))
    path = _write(folder, "locked.docx", data)
    return HostileDocument(path, "document.xml encrypted with a ZIP password", 2, "encrypted")


def unknown_compression(folder: Path) -> HostileDocument:
    data = _patch_central(package(FIELDS), "word/document.xml", 10, struct.pack("<H", 9))
    path = _write(folder, "deflate64.docx", data)
    return HostileDocument(path, "document.xml compressed with Deflate64", 2, "compression")


def path_traversal(folder: Path) -> HostileDocument:
    path = _write(folder, "slip.docx", _with_document(FIELDS, ("../../.bashrc", "rm -rf ~")))
    return HostileDocument(
        path, "a member named ../../.bashrc (zip slip)", 2, "outside the package"
    )


def duplicate_member(folder: Path) -> HostileDocument:
    data = _with_document(FIELDS, ("word/document.xml", HEAD + _run("Anders.") + TAIL))
    path = _write(folder, "twice.docx", data)
    return HostileDocument(path, "word/document.xml twice in the ZIP", 2, "twice")


def ten_thousand_runs(folder: Path) -> HostileDocument:
    sentence = "Der Minister besucht die Hauptstadt."
    runs = []
    for index, char in enumerate(sentence):
        runs.append(_run(char))
        runs += [f'<w:r w:rsidR="{index:08X}"><w:t/></w:r>', "<w:r/>"] * 140
    body = HEAD + "<w:p>" + "".join(runs) + "</w:p>" + TAIL
    path = _write(folder, "runs.docx", package(body))
    return HostileDocument(path, f"one sentence in {len(runs)} runs, most empty", 0, "Minister")


def cut_fields(folder: Path) -> HostileDocument:
    body = (
        HEAD
        + "<w:p>"
        + _run("Vor dem Feld ")
        + FIELD_BEGIN
        + '<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://e.org/" </w:instrText></w:r>'
        + FIELD_SEPARATE
        + _run("ohne Ende.")
        + "</w:p><w:p>"
        + _run("Ein Ende ")
        + FIELD_END
        + _run(" ohne Anfang.")
        + "</w:p>"
        + TAIL
    )
    path = _write(folder, "cut-fields.docx", package(body))
    return HostileDocument(path, "a field begin without end, an end without begin", 0, "Anfang")


def odd_text(folder: Path) -> HostileDocument:
    body = (
        HEAD.replace("<w:body>", '<w:body xml:space="preserve">')
        + "<w:p><w:r/><w:r><w:rPr><w:b/></w:rPr></w:r>"
        + _run("   ")
        + _run(" Leerzeichen innen ", "")
        + _run(" bleiben <!-- kein Text --> erhalten.", ' xml:space="default"')
        + "</w:p><w:p>"
        + _run("    ")
        + "</w:p>"
        + TAIL
    )
    path = _write(folder, "spaces.docx", package(body))
    return HostileDocument(path, "empty runs, spaces only, xml:space inherited", 0, "Leerzeichen")


GENERATORS: list[Callable[[Path], HostileDocument]] = [
    truncated_package,
    encrypted_or_old_word,
    no_document_part,
    document_not_xml,
    external_entity,
    entity_bomb,
    huge_part,
    lying_size,
    encrypted_member,
    unknown_compression,
    path_traversal,
    duplicate_member,
    ten_thousand_runs,
    cut_fields,
    odd_text,
]


def build(folder: Path) -> list[HostileDocument]:
    folder.mkdir(parents=True, exist_ok=True)
    return [generate(folder) for generate in GENERATORS]


if __name__ == "__main__":  # pragma: no cover - a corpus for trying things by hand
    for case in build(Path(sys.argv[1])):
        print(f"{case.path.name}\t{case.exit_code}\t{case.description}")
