"""Glossary speed at 100,000 terms: index build, matching the sample article, CSV import.

    python benchmarks/bench_glossary.py [--terms 100000]

A synthetic glossary of German compounds (modifier + head, e.g. `Grenzschutzbehörde`) plus the
sample glossary. The naive baseline — one compiled regular expression per term, each searched
over the text — runs in the same process on the same terms, and the ratio is printed.
Targets: match ≤ 50 ms after the index is built, build ≤ 2 s, 100k-row CSV import ≤ 10 s.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from glossary.exchange import read_glossary  # noqa: E402
from glossary.matcher import Matcher  # noqa: E402
from glossary.storage import GlossaryStore, sqlite_url  # noqa: E402
from glossary.terms import TermEntry  # noqa: E402

MODIFIERS = """Grenz Staats Kriegs Friedens Handels Finanz Rechts Verkehrs Wirtschafts Sicherheits
Verteidigungs Außen Innen Justiz Umwelt Energie Gesundheits Bildungs Kultur Arbeits Sozial
Renten Steuer Zoll Polizei Armee Marine Luft Raum Wasser Strom Gas Öl Kohle Stahl Eisen Holz
Papier Glas Stein Sand Land Stadt Dorf Kreis Bezirk Bundes Landes Gemeinde Kirchen Schul
Hochschul Forschungs Technik Computer Daten Netz Funk Fernseh Presse Medien Zeitungs Buch
Kunst Musik Theater Film Sport Spiel Reise Hotel Gast Haus Wohn Bau Miet Kauf Verkaufs
Markt Börsen Bank Kredit Geld Währungs Preis Lohn Gehalts Kosten Haushalts Schulden Zins""".split()
HEADS = """behörde ministerium amt gericht verfahren gesetz vertrag abkommen bericht konferenz
ausschuss rat kommission verband partner experte sprecher minister präsident direktor leiter
chef beamter richter anwalt berater planer prüfer händler hersteller betreiber anbieter kunde
nutzer mitglied vertreter beauftragter sektor bereich markt system netz werk anlage gebäude
zentrum institut stelle büro abteilung referat gruppe team projekt programm plan strategie
politik reform krise konflikt streit debatte frage problem lösung ziel grenze regel norm
standard quote rate index wert summe betrag anteil gebühr abgabe steuer kontrolle aufsicht
prüfung genehmigung lizenz vorschrift richtlinie verordnung erlass maßnahme hilfe förderung""".split()


def synthetic_terms(count: int) -> list[TermEntry]:
    rng = random.Random(7)
    compounds = [m + h for m, h in itertools.product(MODIFIERS, HEADS)]
    terms: list[str] = []
    seen: set[str] = set()
    for a, b in itertools.product(MODIFIERS, compounds):
        word = (a + b.lower()).capitalize()
        if word not in seen:
            seen.add(word)
            terms.append(word)
        if len(terms) >= count:
            break
    rng.shuffle(terms)
    return [TermEntry(t, f"term {i}") for i, t in enumerate(terms)]


def sample_terms() -> list[TermEntry]:
    return read_glossary(ROOT / "resources" / "samples" / "glossary.csv").entries


def median_ms(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=100_000)
    args = parser.parse_args()
    text = (ROOT / "resources" / "samples" / "article-de.txt").read_text(encoding="utf-8")
    terms = synthetic_terms(args.terms - len(sample_terms())) + sample_terms()
    print(f"terms: {len(terms)}  text: {len(text)} characters")

    start = time.perf_counter()
    matcher = Matcher(terms)
    build_s = time.perf_counter() - start
    match_ms = median_ms(lambda: matcher.find(text), 20)
    suggest_ms = median_ms(lambda: matcher.suggest(text), 5)
    found = matcher.find(text)

    start = time.perf_counter()
    naive = [(re.compile(r"\b" + re.escape(t.source) + r"\w*", re.IGNORECASE), t) for t in terms]
    naive_build_s = time.perf_counter() - start
    naive_ms = median_ms(lambda: [m for rx, _ in naive for m in rx.finditer(text)], 3)

    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "terms.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(["source", "target", "notes"])
            for t in terms:
                writer.writerow([t.source, t.target, "synthetic"])
        store = GlossaryStore.open(sqlite_url(Path(tmp) / "g.db"))
        start = time.perf_counter()
        parsed = read_glossary(csv_path)
        report = store.import_entries(parsed.rows, parsed.invalid)
        import_s = time.perf_counter() - start
        stored = store.count()
        store.close()

    print(f"matches in the sample: {len(found)}  imported rows: {report.added} (stored {stored})")
    print(f"index build        {build_s * 1000:8.0f} ms   (target ≤ 2000 ms)")
    print(f"match the article  {match_ms:8.1f} ms   (target ≤ 50 ms)")
    print(f"suggestions        {suggest_ms:8.1f} ms")
    print(f"CSV import         {import_s * 1000:8.0f} ms   (target ≤ 10000 ms)")
    print(
        f"naive regex build  {naive_build_s * 1000:8.0f} ms   ({naive_build_s / build_s:.1f}× ours)"
    )
    print(f"naive regex match  {naive_ms:8.1f} ms   ({naive_ms / match_ms:.0f}× slower than ours)")


if __name__ == "__main__":
    main()
