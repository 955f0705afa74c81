"""Ingest speed, memory and dedupe quality on 100,000 synthetic raw events.

Run: ``.venv/bin/python benchmarks/bench_ingest.py [--events 100000] [--seed 7] [--subset 2000]``

The raw events are generated as organisers and aggregators publish them: about 66,000 distinct events
(conferences, workshops, meetups; 10 % online; monthly meetup series with one title), each announced
by 1 to 4 of 300 sources (65 % once, 22 % twice, 10 % three times, 3 % four times). The organiser's
own sighting has the canonical title, ISO times and the full address; an aggregator's sighting varies
the title (capitals, year, subtitle, umlaut spelling, a kind word, a typo), gives a date only, a start
only, a German date text or a start 30 minutes off, and the city only, a venue only or no place.

Each phase runs in a fresh Python process, so its peak resident memory (``VmHWM``) is its own:
``warm`` (the floor: the program loaded and one raw event normalised, so the normalisers' lookup
data, e.g. the place names, is in memory), ``first`` (read the JSON-lines file and
ingest it into an empty database), ``again`` (the same file again a day later: every sighting known
and unchanged). The baselines run in the same invocation: all-pairs matching of a subset against
blocked clustering of the same subset, and the spine's exact-title matcher on the full set. Dedupe
quality is pairwise precision and recall against the generator's ground truth.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

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
TOPICS = """KI im Mittelstand|Künstliche Intelligenz im Vertrieb|Cloud-Souveränität|Datenräume für KMU|
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


def generate(count: int, seed: int) -> tuple[list[dict], list[int]]:
    """Raw event dicts and, for each, the index of the distinct event it announces."""
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
        title = f"{rng.choice(TOPICS)} {rng.choice(AUDIENCES)}".strip()
        title = f"{kind}: {title}" if rng.random() < 0.5 else f"{title} – {kind}"
        online = kind == "Webinar" or rng.random() < 0.07
        city, postcode, region, _ = rng.choices(CITIES, weights)[0]
        first = date(2027, 1, 1) + timedelta(days=rng.randrange(365))
        hour = rng.choice([8, 9, 10, 13, 14, 16, 17, 18, 19])
        days = rng.choice([1] * 12 + [2, 3])
        organiser = rng.choice(sources)
        occurrences = [first + timedelta(days=28 * i) for i in range(12)] if series else [first]
        for day in occurrences:
            if day.year > 2027 or len(raws) >= count:
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


def phase(name: str, raw_file: Path, db_file: Path, today: str) -> dict:
    """One measured step, run in this (fresh) process."""
    os.environ["AGGREGATOR_TODAY"] = today
    from aggregator import store
    from aggregator.ingest import ingest, read_raw

    result: dict = {"phase": name}
    if name == "warm":
        from aggregator import clock
        from aggregator.normalise.item import normalise

        normalise(next(iter(read_raw([raw_file])[0])), clock.today())
    else:
        started, cpu = time.perf_counter(), time.process_time()
        raws, _ = read_raw([raw_file])
        db = store.open_db(db_file)
        report = ingest(db, raws)
        db.close()
        result.update(
            seconds=time.perf_counter() - started,
            cpu_seconds=time.process_time() - cpu,
            raws=sum(s.events + sum(s.dropped.values()) for s in report.sources.values()),
            new=report.new,
            updated=report.updated,
            unchanged=report.unchanged,
        )
    result["peak_mb"] = peak_memory_mb()
    return result


def peak_memory_mb() -> float:
    """This process's peak resident memory. Linux keeps ``ru_maxrss`` across exec, so a child
    would report its parent's peak; ``VmHWM`` belongs to the process image and starts afresh."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_phase(name: str, raw_file: Path, db_file: Path, today: str) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--phase", name, str(raw_file), str(db_file), today],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"phase {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def baselines(raw_file: Path, truth: list[int], subset: int) -> None:
    from aggregator import clock, dedupe
    from aggregator.ingest import read_raw
    from aggregator.normalise.item import Dropped, normalise

    raws = list(read_raw([raw_file])[0])
    started = time.perf_counter()
    normalised = [normalise(r, clock.today()) for r in raws]
    normalise_seconds = time.perf_counter() - started
    kept = [(s, t) for s, t in zip(normalised, truth, strict=True) if not isinstance(s, Dropped)]
    sightings = [s for s, _ in kept]
    kept_truth = [t for _, t in kept]
    print(
        f"normalise alone: {len(raws) / normalise_seconds:,.0f} raw events/s "
        f"({len(raws) - len(sightings)} dropped)"
    )

    sample = sightings[:subset]
    fingerprints = [dedupe.Fingerprint.of(s.event) for s in sample]
    started = time.perf_counter()
    for i, a in enumerate(fingerprints):
        for b in fingerprints[i + 1 :]:
            dedupe.match_score(a, b)
    all_pairs = time.perf_counter() - started
    pair_count = len(sample) * (len(sample) - 1) // 2
    started = time.perf_counter()
    dedupe.cluster(sample, {})
    blocked = time.perf_counter() - started
    per_pair = all_pairs / pair_count
    full_pairs = len(sightings) * (len(sightings) - 1) // 2
    print(
        f"baseline all-pairs on {len(sample):,}: {all_pairs:.1f} s ({pair_count:,} pairs); "
        f"blocked clustering of the same: {blocked:.2f} s; all pairs of {len(sightings):,} "
        f"would take ~{full_pairs * per_pair / 3600:,.1f} h"
    )

    started = time.perf_counter()
    clusters = dedupe.cluster(sightings, {})
    ours_seconds = time.perf_counter() - started
    assigned = {(s.source, s.key): c.event_id for c in clusters for s in c.sightings}
    ours = pairwise_quality(kept_truth, [assigned[(s.source, s.key)] for s in sightings])
    started = time.perf_counter()
    exact = spine_exact_clusters(sightings)
    exact_seconds = time.perf_counter() - started
    spine = pairwise_quality(kept_truth, [exact[(s.source, s.key)] for s in sightings])
    print(
        f"dedupe on {len(sightings):,} sightings of {len(set(kept_truth)):,} events: "
        f"precision {ours[0]:.3f}, recall {ours[1]:.3f}, {len(clusters):,} events, "
        f"{ours_seconds:.1f} s"
    )
    print(
        f"baseline spine exact-title matcher: precision {spine[0]:.3f}, recall {spine[1]:.3f}, "
        f"{len(set(exact.values())):,} events, {exact_seconds:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--subset", type=int, default=2000)
    parser.add_argument("--phase", nargs=4, metavar=("NAME", "RAW", "DB", "TODAY"))
    args = parser.parse_args()
    if args.phase:
        name, raw_file, db_file, today = args.phase
        print(json.dumps(phase(name, Path(raw_file), Path(db_file), today)))
        return

    raws, truth = generate(args.events, args.seed)
    with tempfile.TemporaryDirectory() as tmp:
        raw_file, db_file = Path(tmp) / "raw.jsonl", Path(tmp) / "events.db"
        with raw_file.open("w", encoding="utf-8") as handle:
            for raw in raws:
                handle.write(json.dumps(raw, ensure_ascii=False) + "\n")
        shares = Counter(Counter(truth).values())
        print(
            f"{len(raws):,} raw events of {len(set(truth)):,} distinct events "
            f"({raw_file.stat().st_size / 1e6:.0f} MB JSON lines); announced by 1/2/3/4 sources: "
            + "/".join(f"{shares[k] * 100 / len(set(truth)):.0f}%" for k in (1, 2, 3, 4))
        )
        floor = run_phase("warm", raw_file, db_file, "2026-11-27")
        print(
            f"floor, the program loaded and one raw event normalised (its lookup data loaded): "
            f"peak {floor['peak_mb']:.0f} MB"
        )
        for name, today, label in (
            ("first", "2026-11-27", "first ingest into an empty database"),
            ("again", "2026-11-28", "unchanged re-ingest a day later"),
        ):
            result = run_phase(name, raw_file, db_file, today)
            print(
                f"{label}: {result['raws'] / result['seconds']:,.0f} raw events/s "
                f"({result['seconds']:.1f} s wall, {result['cpu_seconds']:.1f} s CPU), "
                f"peak {result['peak_mb']:.0f} MB; "
                f"{result['new']:,} new, {result['updated']:,} updated, "
                f"{result['unchanged']:,} unchanged"
            )
        print(f"database file: {db_file.stat().st_size / 1e6:.0f} MB")
        os.environ["AGGREGATOR_TODAY"] = "2026-11-27"
        baselines(raw_file, truth, args.subset)


if __name__ == "__main__":
    main()
