"""Synthetic German news sentences for the translation memory benchmark (seeded, reproducible).

Sentences are built from news-like parts — a subject, a verb phrase, an object with adjectives
and compound nouns, a time, a place, a number with a unit, a subordinate clause — over a
vocabulary of tens of thousands of compounds, so they are 12–30 words long, share function
words as real news does, and almost never repeat.
"""

from __future__ import annotations

import random

HEADS = (
    "Regierung Kommission Behörde Ministerium Gericht Verband Partei Gewerkschaft Polizei "
    "Feuerwehr Stadtverwaltung Bank Versicherung Universität Klinik Armee Agentur Stiftung "
    "Opposition Koalition Fraktion Verwaltung Staatsanwaltschaft Zentralbank Börse Industrie"
).split()
PARTS = (
    "Bundes Landes Stadt Klima Energie Wirtschafts Finanz Gesundheits Verkehrs Bildungs "
    "Umwelt Sicherheits Verteidigungs Arbeits Sozial Wohnungs Agrar Handels Steuer Renten "
    "Digital Forschungs Kultur Justiz Innen Außen Migrations Wasser Strom Gas Bahn Flughafen "
    "Hafen Kranken Pflege Schul Kinder Jugend Familien Verbraucher Daten Medien Sport"
).split()
NOUNS = (
    "gesetz reform plan haushalt bericht vertrag streik krise debatte entscheidung studie "
    "prognose maßnahme initiative verordnung programm projekt konzept strategie abkommen "
    "paket förderung grenze abgabe zulage politik versorgung ausbau netz markt preis"
).split()
ADJECTIVES = (
    "neue umstrittene geplante umfassende deutliche erste weitere große kleine schwierige "
    "wichtige mögliche langfristige kurzfristige internationale europäische nationale "
    "regionale zentrale öffentliche private digitale soziale wirtschaftliche politische"
).split()
VERBS = (
    "beschlossen vorgestellt kritisiert abgelehnt verteidigt angekündigt verschoben "
    "gestoppt genehmigt verabschiedet geprüft gefordert veröffentlicht unterzeichnet "
    "bestätigt dementiert begrüßt angefochten überarbeitet erweitert"
).split()
CITIES = (
    "Berlin Hamburg München Köln Frankfurt Stuttgart Düsseldorf Leipzig Dresden Hannover "
    "Bremen Nürnberg Bonn Mainz Kiel Erfurt Potsdam Magdeburg Schwerin Saarbrücken Wien "
    "Zürich Brüssel Paris Warschau Prag Rom Madrid London Kiew"
).split()
DAYS = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag".split()
PEOPLE = (
    "Die Sprecherin Der Sprecher Die Ministerin Der Minister Die Präsidentin Der Präsident "
    "Die Vorsitzende Der Vorsitzende Die Bürgermeisterin Der Bürgermeister"
).split()
UNITS = "Prozent Millionen Euro Milliarden Euro Kilometer Tonnen Menschen Stellen".split(" ")
CLAUSES = (
    "weil die Kosten stark gestiegen sind",
    "nachdem die Gespräche am Vorabend gescheitert waren",
    "obwohl Fachleute vor erheblichen Risiken gewarnt hatten",
    "da die Mehrheit im Parlament unsicher ist",
    "während die Verhandlungen mit den Ländern weiterlaufen",
    "bevor der Winter die Versorgung erneut belastet",
    "wie aus einem internen Papier hervorgeht",
    "sodass die Entscheidung erst im Herbst fallen dürfte",
)


class NewsSentences:
    def __init__(self, seed: int = 1):
        self.rng = random.Random(seed)

    def compound(self) -> str:
        r = self.rng
        return r.choice(PARTS) + r.choice(NOUNS)

    def institution(self) -> str:
        r = self.rng
        return r.choice(PARTS) + r.choice(HEADS).lower()

    def sentence(self) -> str:
        r = self.rng
        subject = f"Die {self.institution().capitalize()} in {r.choice(CITIES)}"
        obj = f"die {r.choice(ADJECTIVES)} {self.compound().capitalize()}"
        extra = f"für {r.randint(2, 950)} {r.choice(UNITS)}"
        day = r.choice(DAYS)
        time = f"am {day}"
        clause = r.choice(CLAUSES)
        shapes = (
            f"{subject} hat {time} {obj} {extra} {r.choice(VERBS)}, {clause}.",
            f"Am {day} hat {subject[0].lower()}{subject[1:]} {obj} {r.choice(VERBS)}, {clause}.",
            f"{r.choice(PEOPLE[::2])} {r.choice(PEOPLE[1::2])} der {self.institution().capitalize()} "
            f"sagte {time}, {obj} solle {extra} {r.choice(VERBS)} werden.",
            f"Nach Angaben der {self.institution().capitalize()} sollen {time} in "
            f"{r.choice(CITIES)} {obj} und die {self.compound().capitalize()} {r.choice(VERBS)} "
            f"werden, {clause}.",
        )
        return r.choice(shapes)

    def one_word_edit(self, sentence: str) -> str:
        """The sentence with one word replaced, removed or inserted."""
        r = self.rng
        words = sentence.split(" ")
        i = r.randrange(1, len(words) - 1)
        kind = r.choice(("replace", "remove", "insert"))
        if kind == "replace":
            words[i] = self.compound().capitalize()
        elif kind == "remove":
            del words[i]
        else:
            words.insert(i, r.choice(ADJECTIVES))
        return " ".join(words)
