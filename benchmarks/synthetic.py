"""Synthetic events for the benchmarks: German towns with their states, the kinds of events
organisers announce, the subjects they are about, and a database of stored events built through the
store's own functions.

The word lists are shared by ``bench_ingest.py`` (raw items as sources publish them) and by the
benchmarks that need a filled database (``bench_datasette.py``, ``bench_publish.py``).
"""

from __future__ import annotations

import itertools
import random
from collections import Counter, defaultdict
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from aggregator import store
from aggregator.model.event import Event
from aggregator.model.topics import VOCABULARY

BERLIN = ZoneInfo("Europe/Berlin")
CITIES = [
    ("Dresden", "01067", "Sachsen", 8),
    ("Leipzig", "04109", "Sachsen", 8),
    ("Chemnitz", "09111", "Sachsen", 4),
    ("Zwickau", "08056", "Sachsen", 1),
    ("Freiberg", "09599", "Sachsen", 1),
    ("Görlitz", "02826", "Sachsen", 1),
    ("Bautzen", "02625", "Sachsen", 1),
    ("Plauen", "08523", "Sachsen", 1),
    ("Meißen", "01662", "Sachsen", 1),
    ("Pirna", "01796", "Sachsen", 1),
    ("Berlin", "10117", "Berlin", 12),
    ("Hamburg", "20095", "Hamburg", 7),
    ("München", "80331", "Bayern", 8),
    ("Köln", "50667", "Nordrhein-Westfalen", 5),
    ("Frankfurt am Main", "60311", "Hessen", 5),
    ("Stuttgart", "70173", "Baden-Württemberg", 4),
    ("Düsseldorf", "40213", "Nordrhein-Westfalen", 3),
    ("Dortmund", "44135", "Nordrhein-Westfalen", 2),
    ("Essen", "45127", "Nordrhein-Westfalen", 2),
    ("Bochum", "44787", "Nordrhein-Westfalen", 1),
    ("Münster", "48143", "Nordrhein-Westfalen", 1),
    ("Aachen", "52062", "Nordrhein-Westfalen", 1),
    ("Bonn", "53111", "Nordrhein-Westfalen", 1),
    ("Bielefeld", "33602", "Nordrhein-Westfalen", 1),
    ("Halle (Saale)", "06108", "Sachsen-Anhalt", 1),
    ("Magdeburg", "39104", "Sachsen-Anhalt", 1),
    ("Erfurt", "99084", "Thüringen", 1),
    ("Jena", "07743", "Thüringen", 1),
    ("Weimar", "99423", "Thüringen", 1),
    ("Hannover", "30159", "Niedersachsen", 3),
    ("Braunschweig", "38100", "Niedersachsen", 1),
    ("Göttingen", "37073", "Niedersachsen", 1),
    ("Oldenburg", "26122", "Niedersachsen", 1),
    ("Osnabrück", "49074", "Niedersachsen", 1),
    ("Nürnberg", "90402", "Bayern", 3),
    ("Augsburg", "86150", "Bayern", 1),
    ("Regensburg", "93047", "Bayern", 1),
    ("Würzburg", "97070", "Bayern", 1),
    ("Ingolstadt", "85049", "Bayern", 1),
    ("Bremen", "28195", "Bremen", 2),
    ("Karlsruhe", "76133", "Baden-Württemberg", 2),
    ("Mannheim", "68159", "Baden-Württemberg", 2),
    ("Freiburg im Breisgau", "79098", "Baden-Württemberg", 1),
    ("Heidelberg", "69117", "Baden-Württemberg", 1),
    ("Ulm", "89073", "Baden-Württemberg", 1),
    ("Wiesbaden", "65183", "Hessen", 1),
    ("Darmstadt", "64283", "Hessen", 1),
    ("Kassel", "34117", "Hessen", 1),
    ("Mainz", "55116", "Rheinland-Pfalz", 1),
    ("Kaiserslautern", "67655", "Rheinland-Pfalz", 1),
    ("Saarbrücken", "66111", "Saarland", 1),
    ("Kiel", "24103", "Schleswig-Holstein", 1),
    ("Lübeck", "23552", "Schleswig-Holstein", 1),
    ("Potsdam", "14467", "Brandenburg", 2),
    ("Cottbus", "03046", "Brandenburg", 1),
    ("Rostock", "18055", "Mecklenburg-Vorpommern", 1),
    ("Schwerin", "19053", "Mecklenburg-Vorpommern", 1),
]
"""(town, postcode, state, weight): how often a town hosts an event, roughly by its size."""
KINDS = [
    "Forum",
    "Fachtag",
    "Praxistag",
    "Konferenz",
    "Workshop",
    "Seminar",
    "Webinar",
    "Stammtisch",
    "Meetup",
    "Netzwerktreffen",
    "Sprechstunde",
    "Infoabend",
    "Barcamp",
    "Frühstück",
]
SUBJECTS = """KI im Mittelstand|Künstliche Intelligenz im Vertrieb|Cloud-Souveränität|Datenräume für KMU|
IT-Sicherheit|Cybersecurity|Phishing und Ransomware|E-Rechnung|E-Commerce-Recht|Online-Marketing|
Social Media|Industrie 4.0|Predictive Maintenance|Robotik|3D-Druck|Digitaler Zwilling|
Smart City|Open Data|Datenschutz|DSGVO|Barrierefreiheit im Web|No-Code|Low-Code|Prozessautomatisierung|
ERP-Einführung|Digitalbonus Sachsen|Fördermittel|Sprachmodelle|Generative KI|Machine Learning|
Data Science|Business Intelligence|Blockchain|Quantencomputing|5G im Betrieb|IoT|Edge Computing|
Kubernetes|DevOps|Softwarequalität|Agile Methoden|Remote Work|Digitale Verwaltung|E-Government|
Digitale Bildung|Fachkräfte für die Digitalisierung|Gründen in der Digitalwirtschaft|Startups|
Nachhaltige IT|Green Coding|Energiemanagement|Smart Factory|Logistik 4.0|Digitales Handwerk|
Telemedizin|Pflege digital|Agrar digital|Tourismus digital|Einzelhandel digital|Cloud-Kosten""".replace(
    "\n", ""
).split("|")
"""What events are about: the first part of a title."""
AUDIENCES = [
    "",
    "für KMU",
    "für das Handwerk",
    "für Einsteiger",
    "für Fortgeschrittene",
    "in der Logistik",
    "im Gesundheitswesen",
    "für Kommunen",
    "für Selbstständige",
    "in der Produktion",
    "für Vereine",
    "im Handel",
]
ORGANIZERS = [
    "IHK",
    "Handwerkskammer",
    "Digitalagentur",
    "Wirtschaftsförderung",
    "Hochschule",
    "Mittelstand-Digital Zentrum",
    "Digital Hub",
    "Gründerzentrum",
    "Volkshochschule",
    "Technologiezentrum",
]
"""Kinds of organiser, each in many towns (``Digitalagentur Leipzig``)."""
SUBTITLES = [
    "Anmeldung erforderlich",
    "Jetzt anmelden",
    "Praxisbeispiele und Austausch",
    "mit Podiumsdiskussion",
    "kostenfrei",
    "Restplätze verfügbar",
]
UMLAUTS = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"}
)


def generate(count: int, seed: int, years: int = 1) -> tuple[list[dict], list[int]]:
    """Raw event dicts and, for each, the index of the distinct event it announces: events of
    2027 (and the ``years`` - 1 after it), as organisers and aggregators publish them."""
    rng = random.Random(seed)
    sources = [f"quelle-{i:03d}" for i in range(300)]
    weights = [c[3] for c in CITIES]
    raws: list[dict] = []
    truth: list[int] = []
    taken: set[tuple[str, str, str]] = set()
    event_index = 0
    while len(raws) < count:
        series = rng.random() < 0.04
        kind = rng.choice(KINDS)
        title = f"{rng.choice(SUBJECTS)} {rng.choice(AUDIENCES)}".strip()
        title = f"{kind}: {title}" if rng.random() < 0.5 else f"{title} – {kind}"
        online = kind == "Webinar" or rng.random() < 0.07
        city, postcode, region, _ = rng.choices(CITIES, weights)[0]
        first = date(2027, 1, 1) + timedelta(days=rng.randrange(365 * years))
        hour = rng.choice([8, 9, 10, 13, 14, 16, 17, 18, 19])
        days = rng.choice([1] * 12 + [2, 3])
        organiser = rng.choice(sources)
        occurrences = [first + timedelta(days=28 * i) for i in range(12)] if series else [first]
        for day in occurrences:
            if day.year > 2026 + years or len(raws) >= count:
                break
            where = "online" if online else city
            if (title, day.isoformat(), where) in taken:
                continue
            taken.add((title, day.isoformat(), where))
            announcers = 1 if series else rng.choices([1, 2, 3, 4], [65, 22, 10, 3])[0]
            others = rng.sample([s for s in sources if s != organiser], announcers - 1)
            for position, source in enumerate([organiser, *others]):
                raws.append(
                    _sighting(
                        rng,
                        source,
                        position == 0,
                        organiser,
                        event_index,
                        title,
                        day,
                        hour,
                        days,
                        city,
                        postcode,
                        region,
                        online,
                    )
                )
                truth.append(event_index)
            event_index += 1
    return raws[:count], truth[:count]


def _sighting(
    rng: random.Random,
    source: str,
    own: bool,
    organiser: str,
    index: int,
    title: str,
    day: date,
    hour: int,
    days: int,
    city: str,
    postcode: str,
    region: str,
    online: bool,
) -> dict:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=BERLIN)
    end = start + timedelta(days=days - 1, hours=3)
    key = f"{source}-{index}-{day.isoformat()}"
    raw: dict = {
        "source": source,
        "kind": "jsonld",
        "key": key,
        "url": f"https://{source}.example/termine/{index}-{day.isoformat()}",
        "fetched_at": "2026-11-27T03:00:00+00:00",
        "default_organizer": f"Organisation {source}",
        "description": f"<p>{title}. "
        + "Vorträge, Austausch und Praxisbeispiele. " * rng.randint(1, 6)
        + "</p>",
        "raw": {"id": index, "source": source},
    }
    if own:
        raw.update(
            title=title,
            start=start.isoformat(),
            end=end.isoformat(),
            venue=None if online else f"Haus der Wirtschaft {city}",
            street=None if online else "Hauptstraße 1",
            postcode=None if online else postcode,
            city=None if online else city,
            region=region,
            place_text="Online" if online else None,
        )
        return raw
    raw.update(
        title=_vary(rng, title, city),
        organizer=f"Organisation {organiser}",
        event_url=f"https://{organiser}.example/termine/{index}-{day.isoformat()}"
        if rng.random() < 0.5
        else None,
    )
    shape = rng.random()
    if shape < 0.3:
        raw.update(
            start=day.isoformat(), end=(day + timedelta(days=days - 1)).isoformat(), all_day=True
        )
    elif shape < 0.6:
        raw["start"] = start.isoformat()
    elif shape < 0.9:
        raw["when"] = f"{start:%d.%m.%Y}, {start:%H:%M} Uhr"
    else:
        raw["start"] = (start + timedelta(minutes=30)).isoformat()
    if online:
        raw["place_text"] = "Online-Veranstaltung"
    else:
        place = rng.random()
        if place < 0.5:
            raw["city"] = city
        elif place < 0.6:
            raw["venue"] = f"Haus der Wirtschaft {city}"
        elif place < 0.9:
            raw.update(venue=f"Haus der Wirtschaft {city}", street="Hauptstraße 1", city=city)
    return raw


def _vary(rng: random.Random, title: str, city: str) -> str:
    variant = rng.random()
    if variant < 0.15:
        return title.upper()
    if variant < 0.30:
        return f"{title} 2027"
    if variant < 0.45:
        return f"{title}: {rng.choice(SUBTITLES)}"
    if variant < 0.55:
        return title.translate(UMLAUTS)
    if variant < 0.65:
        return f"{title} {city}"
    if variant < 0.72:
        words = title.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        word = words[longest]
        if len(word) > 6:
            words[longest] = word[:3] + word[4] + word[3] + word[5:]
        return " ".join(words)
    return title


def pairwise_quality(truth: list[int], predicted: list[str]) -> tuple[float, float]:
    """Precision and recall over all pairs of sightings, counted without listing the pairs."""

    def pairs(counts) -> int:
        return sum(n * (n - 1) // 2 for n in counts)

    both = pairs(Counter(zip(truth, predicted, strict=True)).values())
    found = pairs(Counter(predicted).values())
    real = pairs(Counter(truth).values())
    return both / found if found else 1.0, both / real if real else 1.0


def spine_exact_clusters(sightings) -> dict[tuple[str, str], str]:
    """The spine's matcher, as the baseline: same day, same city (or one unknown), equal titles
    after case, accents, punctuation and years are removed."""
    import re
    import unicodedata

    def key(title: str) -> str:
        text = unicodedata.normalize("NFKD", title.casefold())
        text = "".join(c for c in text if not unicodedata.combining(c))
        text = re.sub(r"\b(19|20)\d{2}\b", " ", text)
        return " ".join(re.findall(r"\w+", text))

    by_day: dict[str, list[tuple[str, str | None, str]]] = defaultdict(list)
    out = {}
    for s in sorted(sightings, key=lambda s: (s.source, s.key)):
        day, city, title = s.event.start[:10], s.event.city, key(s.event.title)
        match = next(
            (
                event_id
                for other_city, other_title, event_id in by_day[day]
                if other_title == title and (not city or not other_city or city == other_city)
            ),
            None,
        )
        event_id = match or f"{s.source}/{s.key}"
        by_day[day].append((city, title, event_id))
        out[(s.source, s.key)] = event_id
    return out


SENTENCES = [
    "Vorträge, Austausch und Praxisbeispiele.",
    "Unternehmen aus der Region berichten aus ihren Projekten.",
    "Im Anschluss ist Zeit für Fragen und Gespräche.",
    "Die Teilnahme ist kostenfrei, eine Anmeldung ist erforderlich.",
    "Wir zeigen Werkzeuge, die sich im Alltag bewährt haben.",
    "Mit Beispielen aus Handwerk, Handel und Industrie.",
]


def title(rng: random.Random) -> str:
    """A title as organisers write them: the kind of event before or after its subject."""
    kind = rng.choice(KINDS)
    subject = f"{rng.choice(SUBJECTS)} {rng.choice(AUDIENCES)}".strip()
    return f"{kind}: {subject}" if rng.random() < 0.5 else f"{subject} – {kind}"


def towns(count: int) -> list[tuple[str, str, str, int]]:
    """The weighted big towns, then small ones (one event here and there) up to ``count``."""
    states = sorted({state for _, _, state, _ in CITIES})
    small = [
        (f"Kleinstadt {i:04d}", f"{10000 + i * 7:05d}", states[i % len(states)], 1)
        for i in range(max(0, count - len(CITIES)))
    ]
    return CITIES + small


def stored_events(
    count: int, first: date, last: date, seed: int = 7, town_count: int = 2000
) -> Iterator[tuple[str, Event]]:
    """Merged events as the store holds them, starting evenly between ``first`` and ``last``:
    10 % online and 5 % hybrid, 15 % all-day (some over several days), 3 % cancelled, 1 %
    postponed, 1-3 topics of the real vocabulary, 3,000 organisers."""
    rng = random.Random(seed)
    places = towns(town_count)
    organizers = [f"{kind} {town}" for town, *_ in places for kind in ORGANIZERS][:3000]
    weights = list(
        itertools.accumulate(w * 30 if i < len(CITIES) else w for i, (*_, w) in enumerate(places))
    )
    topics = list(VOCABULARY)
    span = (last - first).days
    for n in range(count):
        town, postcode, region, _ = rng.choices(places, cum_weights=weights)[0]
        day = first + timedelta(days=rng.randrange(span))
        roll = rng.random()
        attendance = "online" if roll < 0.10 else "mixed" if roll < 0.15 else "offline"
        if rng.random() < 0.15:
            length = rng.choice([0, 0, 0, 1, 2, 4])
            start, end, all_day = day.isoformat(), (day + timedelta(days=length)).isoformat(), True
        else:
            begin = datetime(day.year, day.month, day.day, rng.randint(8, 19), 0, tzinfo=BERLIN)
            start = begin.isoformat()
            end = (begin + timedelta(hours=rng.randint(1, 4))).isoformat()
            all_day = False
        text = " ".join(rng.sample(SENTENCES, rng.randint(1, 4)))
        roll = rng.random()
        online = attendance == "online"
        yield (
            f"synth{n:08d}",
            Event(
                title=title(rng),
                start=start,
                end=end,
                all_day=all_day,
                description=f"<p>{text}</p>",
                description_text=text,
                venue=None if online else f"Haus der Wirtschaft {town}",
                street=None if online else "Hauptstraße 1",
                postcode=None if online else postcode,
                city=None if online else town,
                region=region,
                country="DE",
                latitude=None if online else 47.5 + rng.random() * 7,
                longitude=None if online else 6 + rng.random() * 9,
                attendance=attendance,
                status="cancelled" if roll < 0.03 else "postponed" if roll < 0.04 else "scheduled",
                url=f"https://veranstalter-{n % 3000}.example/termine/{n}",
                organizer=organizers[n % len(organizers)],
                topics=sorted(rng.sample(topics, rng.randint(1, 3))),
            ),
        )


def build_db(
    path: Path,
    count: int,
    first: date,
    last: date,
    *,
    sightings: bool = False,
    seed: int = 7,
    now: str = "2026-11-20T03:15:00+00:00",
) -> None:
    """A database of ``count`` stored events, written as an ingest writes them (``store``'s rows,
    the search index rebuilt once after the load); with ``sightings`` each event also gets one
    to three short sightings from 300 sources (the raw item left out: it is not searched)."""
    db = store.open_db(path)
    rng = random.Random(seed)
    with db.atomic(), store.bulk_load(db):
        rows = (
            store.event_row(
                event_id,
                event,
                digital=rng.random() < 0.9,
                now=now,
                previous=None,
                source_count=1,
            )[0]
            for event_id, event in stored_events(count, first, last, seed)
        )
        store.write_events(db, rows)
        if sightings:
            store.write_sightings(db, _sightings(count, rng, now))
        db.execute(
            f"update events set removed_at = '{now}' where rowid % 33 = 0 and start < ?",
            [(first + (last - first) * 0.8).isoformat()],
        )
    db.close()


def _sightings(count: int, rng: random.Random, now: str) -> Iterator[dict[str, object]]:
    for n in range(count):
        for source in rng.sample(range(300), rng.choice([1, 1, 1, 2, 2, 3])):
            yield {
                "source": f"quelle-{source:03d}",
                "key": f"{n}",
                "event_id": f"synth{n:08d}",
                "url": f"https://quelle-{source:03d}.example/termine/{n}",
                "fetched_at": now,
                "first_seen": now,
                "last_seen": now,
                "removed_at": now if rng.random() < 0.03 else None,
                "event": "{}",
                "raw": "{}",
                "digest": f"{n:020x}",
            }
