"""Hostile glossary files (CSV, TSV, TBX, XLSX): each generator writes one file into a folder and
returns what it is, what a lenient and a strict `wortlaut glossary import` must do with it, and
a fragment of the message the user must see.

    python -m tests.hostile.glossary_input OUT_DIR     # writes the whole corpus to OUT_DIR
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

EXIT_OK, EXIT_PARTIAL, EXIT_FAILURE = 0, 1, 2


@dataclass(frozen=True)
class HostileGlossary:
    path: Path
    description: str
    expect: str  # a fragment of the message on stderr (both with and without --strict)
    exit_lenient: int  # without --strict: 1 = good rows imported, bad lines reported
    stored: int  # terms the lenient import adds
    exit_strict: int = EXIT_FAILURE  # with --strict: refused, nothing written


def _rows(count: int, start: int = 0) -> str:
    return "".join(f"Begriff{n},term{n}\n" for n in range(start, start + count))


def unterminated_quote(folder: Path) -> HostileGlossary:
    path = folder / "unterminated-quote.csv"
    path.write_text('source,target\nBollwerk,"bulwark\n' + _rows(1000), encoding="utf-8")
    return HostileGlossary(
        path,
        "a quote opened on line 2 is never closed: it used to swallow the 1,000 rows after it",
        f"{path}:2: unterminated quote",
        EXIT_PARTIAL,
        1000,
    )


def quote_closed_far_below(folder: Path) -> HostileGlossary:
    path = folder / "runaway-quote.csv"
    path.write_text('source,target\nBollwerk,"bulwark\n' + _rows(200) + 'Kreml,"Kremlin"x\n')
    return HostileGlossary(
        path,
        "a missing closing quote on line 2; a stray quote 200 lines below closes it",
        f"{path}:2: a quoted field opened on this line runs on to line 203",
        EXIT_PARTIAL,
        200,
    )


def mixed_encoding(folder: Path) -> HostileGlossary:
    path = folder / "mixed-encoding.csv"
    path.write_bytes(
        "source,target\nAußenministerium,Foreign Office\n".encode()
        + "Größe,size\n".encode("cp1252")
        + "Bär,bear\n".encode()
    )
    return HostileGlossary(
        path,
        "UTF-8 except one line pasted from a cp1252 file (used to become GrÃ¶ÃŸe)",
        f"{path}:3: not valid UTF-8 (byte 0xf6 at column 3) (row skipped)",
        EXIT_PARTIAL,
        2,
    )


def huge_field(folder: Path) -> HostileGlossary:
    path = folder / "huge-field.csv"
    path.write_text(f'source;target\nKreml;"{"k" * 200_000}"\nBollwerk;bulwark\n')
    return HostileGlossary(
        path,
        "a 200 KB cell (over csv's 128 KiB field limit: a _csv.Error while sniffing)",
        f"{path}:2: target is too long (200,000 characters; at most 500)",
        EXIT_PARTIAL,
        1,
    )


def nul_bytes(folder: Path) -> HostileGlossary:
    path = folder / "nul-bytes.csv"
    path.write_bytes(b"source,target\nBoll\x00werk,bulwark\nKreml,Kremlin\n")
    return HostileGlossary(
        path,
        "a NUL byte in a term (used to be stored, making the TBX export unreadable)",
        f"{path}:2: source contains the control character U+0000 (NUL) at column 5",
        EXIT_PARTIAL,
        1,
    )


def terminal_escape(folder: Path) -> HostileGlossary:
    path = folder / "terminal-escape.csv"
    path.write_text("source,target\nKreml,\x1b]0;pwned\x07Kremlin\nBollwerk,bulwark\n")
    return HostileGlossary(
        path,
        "a terminal escape sequence in a target",
        f"{path}:2: target contains the control character U+001B at column 1",
        EXIT_PARTIAL,
        1,
    )


def over_long_term(folder: Path) -> HostileGlossary:
    path = folder / "over-long-term.csv"
    path.write_text(f"source,target\n{'Lang' * 150},long\nKreml,Kremlin\n")
    return HostileGlossary(
        path,
        "a 600-character source (SQLite took it, PostgreSQL raised DataError)",
        f"{path}:2: source is too long (600 characters; at most 500)",
        EXIT_PARTIAL,
        1,
    )


def repeated_source(folder: Path) -> HostileGlossary:
    path = folder / "repeated-source.csv"
    path.write_text("source,target\nKreml,Kremlin\nBollwerk,bulwark\nKreml,the Kremlin\n")
    return HostileGlossary(
        path,
        "the same source on lines 2 and 4",
        f"{path}:4: same source as line 2 ('Kreml') (row skipped)",
        EXIT_PARTIAL,
        2,
    )


def text_after_closing_quote(folder: Path) -> HostileGlossary:
    path = folder / "text-after-quote.csv"
    path.write_text('source,target\n"Bollwerk" (mil.),bulwark\nKreml,Kremlin\n')
    return HostileGlossary(
        path,
        "text after a closing quote (csv would silently glue it on)",
        f"{path}:2: text follows a closing quote",
        EXIT_PARTIAL,
        1,
    )


def utf16_entity_expansion(folder: Path) -> HostileGlossary:
    path = folder / "laughs-utf16.tbx"
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    path.write_bytes(
        f'<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE tbx [{entities}]>\n<tbx>&j;</tbx>\n'.encode(
            "utf-16"
        )
    )
    return HostileGlossary(
        path,
        "billion laughs in UTF-16 (the byte-level <!ENTITY guard could not see it)",
        f"{path}: TBX files with entity declarations or external references are not accepted",
        EXIT_FAILURE,
        0,
    )


def external_entity(folder: Path) -> HostileGlossary:
    path = folder / "xxe.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
        "<tbx><text><body><conceptEntry><note>&x;</note></conceptEntry></body></text></tbx>\n"
    )
    return HostileGlossary(path, "an external entity (XXE)", "are not accepted", EXIT_FAILURE, 0)


def truncated_utf16(folder: Path) -> HostileGlossary:
    path = folder / "truncated-utf16.csv"
    path.write_bytes("source,target\nKreml,Kremlin\nBär,bear".encode("utf-16")[:-1])
    return HostileGlossary(
        path,
        "UTF-16 cut off in the middle of a character",
        f"{path}:3: the file ends in the middle of a character",
        EXIT_FAILURE,
        0,
    )


def utf16_without_bom(folder: Path) -> HostileGlossary:
    path = folder / "utf16-no-bom.csv"
    path.write_bytes("source,target\nKreml,Kremlin\n".encode("utf-16-le"))
    return HostileGlossary(
        path, "UTF-16 without a byte-order mark", "UTF-16 without a byte-order mark", 2, 0
    )


def binary_garbage(folder: Path) -> HostileGlossary:
    path = folder / "garbage.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return HostileGlossary(
        path, "a PNG renamed to .csv", "this is a PNG image, not a text file", EXIT_FAILURE, 0
    )


def many_stray_quotes(folder: Path) -> HostileGlossary:
    path = folder / "many-stray-quotes.csv"
    path.write_text("source,target\n" + "".join(f'Begriff{n},"term{n}\n' for n in range(3000)))
    return HostileGlossary(
        path,
        "3,000 lines that each open a quote (reading must stay linear-ish and finish)",
        "too many unclosed quotes; the rest was not read",
        EXIT_PARTIAL,
        0,
    )


def deeply_nested_tbx(folder: Path) -> HostileGlossary:
    path = folder / "deep.tbx"
    depth = 100_000
    path.write_text("<tbx>" + "<note>" * depth + "x" + "</note>" * depth + "</tbx>")
    return HostileGlossary(path, "XML nested 100,000 levels deep", "", EXIT_OK, 0, EXIT_OK)


def _workbook(rows: list[list[str]]) -> bytes:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _with_member(workbook: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            target.writestr(name, change(data) if name == member else data)
    return out.getvalue()


def workbook_entity_expansion(folder: Path) -> HostileGlossary:
    path = folder / "laughs.xlsx"
    entities = '<!ENTITY a "ha">' + "".join(
        f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(9)
    )
    prologue = f'<?xml version="1.0"?><!DOCTYPE worksheet [{entities}]>'.encode()
    path.write_bytes(
        _with_member(
            _workbook([["de", "en"], ["Kreml", "Kremlin"]]),
            "xl/worksheets/sheet1.xml",
            lambda xml: prologue + xml.replace(b"<sheetPr>", b"<sheetPr>&j;"),
        )
    )
    return HostileGlossary(
        path,
        "billion laughs inside a workbook's sheet XML",
        f"{path}: not a readable Excel workbook",
        EXIT_FAILURE,
        0,
    )


def workbook_formula_without_value(folder: Path) -> HostileGlossary:
    path = folder / "formula.xlsx"
    path.write_bytes(
        _workbook([["de", "en"], ["Kreml", '=LOWER("KREMLIN")'], ["Bollwerk", "bulwark"]])
    )
    return HostileGlossary(
        path,
        "a formula no spreadsheet ever calculated (no saved value) in row 2",
        f"{path}:2: cell B2 holds a formula",
        EXIT_PARTIAL,
        1,
    )


def truncated_workbook(folder: Path) -> HostileGlossary:
    path = folder / "truncated.xlsx"
    workbook = _workbook([["de", "en"], ["Kreml", "Kremlin"]])
    path.write_bytes(workbook[: len(workbook) // 2])
    return HostileGlossary(
        path,
        "a workbook cut off halfway",
        f"{path}: not a readable Excel workbook",
        EXIT_FAILURE,
        0,
    )


GENERATORS: list[Callable[[Path], HostileGlossary]] = [
    unterminated_quote,
    quote_closed_far_below,
    mixed_encoding,
    huge_field,
    nul_bytes,
    terminal_escape,
    over_long_term,
    repeated_source,
    text_after_closing_quote,
    utf16_entity_expansion,
    external_entity,
    truncated_utf16,
    utf16_without_bom,
    binary_garbage,
    many_stray_quotes,
    deeply_nested_tbx,
    workbook_entity_expansion,
    workbook_formula_without_value,
    truncated_workbook,
]


def build(folder: Path) -> list[HostileGlossary]:
    folder.mkdir(parents=True, exist_ok=True)
    return [generate(folder) for generate in GENERATORS]


if __name__ == "__main__":  # pragma: no cover
    for case in build(Path(sys.argv[1] if len(sys.argv) > 1 else "hostile-glossaries")):
        print(f"{case.path}\t{case.description}")
