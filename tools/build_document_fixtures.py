"""Build the DOCX fixtures of tests/fixtures/documents/.

    python -m tools.build_document_fixtures            # all of them (needs soffice for the ODT ones)

- `*.fodt` (flat ODT, readable in a diff) → `*.docx` by LibreOffice (`soffice --convert-to docx`).
- `fragmented.docx`: what Word writes after editing and spell-checking — words split across runs
  by revision ids and proofing marks, a `_GoBack` bookmark, a PAGE field, a link, a tab, and
  runs differing only in language. Written from the OOXML below, as Word would.
- `tracked.docx`: a paragraph with a tracked insertion and deletion (Wortlaut refuses these).
- `fields.docx`: links as Word writes them as fields — a complex HYPERLINK field whose display
  text has a bold word, a `w:fldSimple` HYPERLINK, a `w:hyperlink` inside a `w:fldSimple`, a
  HYPERLINK field holding a nested PAGEREF field — and two comments (`word/comments.xml`).
- `generated_docx(pages)`: the benchmark's long document (about 12 paragraphs a page).
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "documents"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
{overrides}</Types>"""
COMMENTS_TYPE = (
    '<Override PartName="/word/comments.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/>\n'
)
PACKAGE_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""
DOCUMENT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/>
{more}</Relationships>"""
COMMENTS_REL = (
    '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/comments" Target="comments.xml"/>\n'
)
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>'
)
TAIL = "<w:sectPr/></w:body></w:document>"

FRAGMENTED = (
    HEAD
    + """<w:p w:rsidR="00A1" w:rsidRDefault="00A1"><w:pPr><w:pStyle w:val="Heading1"/></w:pPr>
<w:r w:rsidRPr="00B2"><w:t>Die Belarus-Mac</w:t></w:r><w:proofErr w:type="spellStart"/>
<w:r w:rsidR="00C3"><w:t>ht</w:t></w:r><w:proofErr w:type="spellEnd"/>
<w:r><w:rPr><w:lang w:val="de-AT"/></w:rPr><w:t xml:space="preserve"> wächst</w:t></w:r></w:p>
<w:p><w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>
<w:r><w:t xml:space="preserve">Der </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>Minis</w:t></w:r>
<w:r w:rsidR="00D4"><w:rPr><w:b/><w:noProof/></w:rPr><w:t>ter</w:t></w:r>
<w:r><w:t xml:space="preserve"> besucht die </w:t></w:r>
<w:hyperlink r:id="rId5"><w:r><w:rPr><w:rStyle w:val="Hyperlink"/></w:rPr><w:t>Hauptstadt</w:t></w:r></w:hyperlink>
<w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t>Seite</w:t></w:r><w:r><w:tab/></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:t xml:space="preserve"> von zwei Seiten</w:t></w:r><w:r><w:br/></w:r><w:r><w:t>Neue Zeile im Absatz.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Erster Satz. Zweiter </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>kursiver</w:t></w:r><w:r><w:t xml:space="preserve"> Satz.</w:t></w:r></w:p>
"""
    + TAIL
)

TRACKED = (
    HEAD
    + """<w:p><w:r><w:t xml:space="preserve">Der Text </w:t></w:r>
<w:ins w:id="1" w:author="Anna" w:date="2026-01-01T00:00:00Z"><w:r><w:t>neu</w:t></w:r></w:ins>
<w:del w:id="2" w:author="Anna" w:date="2026-01-01T00:00:00Z"><w:r><w:delText>alt</w:delText></w:r></w:del></w:p>
"""
    + TAIL
)

LINK_RUN = '<w:r><w:rPr><w:rStyle w:val="Hyperlink"/>{more}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>'
FIELDS = (
    HEAD
    + """<w:p><w:r><w:t xml:space="preserve">Lesen Sie </w:t></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> HYPERLINK "https://example.org/bericht?jahr=2026&amp;teil=2" \\o "Zum Bericht" </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r>"""
    + LINK_RUN.format(more="", text="den ")
    + LINK_RUN.format(more="<w:b/>", text="ganzen")
    + LINK_RUN.format(more="", text=" Bericht")
    + """<w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:t xml:space="preserve"> auf unserer Seite.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Die </w:t></w:r>
<w:fldSimple w:instr=" HYPERLINK &quot;https://example.org/&quot; ">"""
    + LINK_RUN.format(more="", text="Startseite")
    + """</w:fldSimple><w:r><w:t xml:space="preserve"> ist neu.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Siehe </w:t></w:r>
<w:fldSimple w:instr=" HYPERLINK \\l &quot;ziel&quot; "><w:hyperlink w:anchor="ziel">"""
    + LINK_RUN.format(more="", text="Abschnitt drei")
    + """</w:hyperlink></w:fldSimple><w:r><w:t xml:space="preserve"> weiter unten.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Mehr steht </w:t></w:r>
<w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> HYPERLINK \\l "ziel" </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r>"""
    + LINK_RUN.format(more="", text="auf Seite ")
    + """<w:r><w:fldChar w:fldCharType="begin"/></w:r>
<w:r><w:instrText xml:space="preserve"> PAGEREF ziel \\h </w:instrText></w:r>
<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>3</w:t></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:fldChar w:fldCharType="end"/></w:r>
<w:r><w:t>.</w:t></w:r></w:p>
<w:p><w:r><w:t xml:space="preserve">Der </w:t></w:r><w:commentRangeStart w:id="0"/>
<w:r><w:t>Haushalt</w:t></w:r><w:commentRangeEnd w:id="0"/>
<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r>
<w:r><w:t xml:space="preserve"> wird im Herbst beraten.</w:t></w:r><w:commentRangeStart w:id="1"/>
<w:commentRangeEnd w:id="1"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr>
<w:commentReference w:id="1"/></w:r></w:p>
<w:p><w:bookmarkStart w:id="7" w:name="ziel"/><w:r><w:t>Abschnitt drei</w:t></w:r><w:bookmarkEnd w:id="7"/></w:p>
"""
    + TAIL
)
COMMENTS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:comments xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
<w:comment w:id="0" w:author="Anna" w:date="2026-01-01T00:00:00Z" w:initials="A">
<w:p><w:pPr><w:pStyle w:val="CommentText"/></w:pPr><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:annotationRef/></w:r>
<w:r><w:t xml:space="preserve">Bitte die </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>Zahlen</w:t></w:r><w:r><w:t xml:space="preserve"> prüfen.</w:t></w:r></w:p>
</w:comment>
<w:comment w:id="1" w:author="Ben" w:date="2026-01-02T00:00:00Z" w:initials="B">
<w:p><w:r><w:annotationRef/></w:r><w:r><w:t>Erster Absatz der Anmerkung.</w:t></w:r></w:p>
<w:p><w:r><w:t>Zweiter Absatz.</w:t></w:r></w:p>
</w:comment>
</w:comments>"""


def package(document_xml: str | bytes, comments_xml: str | None = None) -> bytes:
    """A minimal DOCX package around `document_xml` (Word and LibreOffice open it), with
    `word/comments.xml` when given."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        commented = comments_xml is not None
        archive.writestr(
            "[Content_Types].xml", CONTENT_TYPES.format(overrides=COMMENTS_TYPE * commented)
        )
        archive.writestr("_rels/.rels", PACKAGE_RELS)
        archive.writestr(
            "word/_rels/document.xml.rels", DOCUMENT_RELS.format(more=COMMENTS_REL * commented)
        )
        archive.writestr("word/document.xml", document_xml)
        if comments_xml is not None:
            archive.writestr("word/comments.xml", comments_xml)
    return out.getvalue()


PAGE_PARAGRAPHS = (
    '<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>Abschnitt {n}</w:t></w:r></w:p>',
    '<w:p><w:r><w:t xml:space="preserve">Die </w:t></w:r><w:r><w:rPr><w:b/></w:rPr>'
    '<w:t>Regierung</w:t></w:r><w:r><w:t xml:space="preserve"> hat am {n}. Tag ein neues '
    "Gesetz beschlossen. Die Opposition kritisiert den Entwurf scharf und fordert eine "
    "Anhörung im Parlament.</w:t></w:r></w:p>",
    '<w:p><w:r><w:t xml:space="preserve">Nach Angaben des Ministeriums steigen die Kosten '
    "um </w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>{n} Prozent</w:t></w:r><w:r>"
    '<w:t xml:space="preserve">, während die Einnahmen sinken.</w:t></w:r></w:p>',
    '<w:p><w:r><w:t xml:space="preserve">Im Bericht {n} heißt es, die Verwaltung habe die '
    "Mittel für Schulen, Straßen und Krankenhäuser im vergangenen Jahr deutlich erhöht. </w:t>"
    '</w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>Kritiker</w:t></w:r><w:r>'
    '<w:t xml:space="preserve"> bemängeln jedoch, dass die Gelder ungleich verteilt würden '
    "und viele Gemeinden auf dem Land leer ausgingen. Eine Entscheidung wird im Herbst "
    "erwartet.</w:t></w:r></w:p>",
)


def generated_docx(pages: int) -> bytes:
    """About `pages` pages of formatted German text (24 paragraphs, ~550 words a page)."""
    body = "".join(
        paragraph.format(n=page * 6 + i)
        for page in range(pages)
        for i in range(6)
        for paragraph in PAGE_PARAGRAPHS
    )
    return package(HEAD + body + TAIL)


def convert_flat_odt(source: Path, folder: Path) -> Path:
    """`source` converted to DOCX by LibreOffice into `folder`."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("soffice not found: apt-get install libreoffice-writer-nogui")
    with tempfile.TemporaryDirectory(prefix="wortlaut-lo-") as profile:
        subprocess.run(
            [
                soffice,
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "docx",
                "--outdir",
                str(folder),
                str(source),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    return folder / f"{source.stem}.docx"


def main() -> int:
    (FOLDER / "fragmented.docx").write_bytes(package(FRAGMENTED))
    (FOLDER / "tracked.docx").write_bytes(package(TRACKED))
    (FOLDER / "fields.docx").write_bytes(package(FIELDS, COMMENTS))
    for source in sorted(FOLDER.glob("*.fodt")):
        print(convert_flat_odt(source, FOLDER))
    return 0


if __name__ == "__main__":
    sys.exit(main())
