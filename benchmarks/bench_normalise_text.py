"""Speed of place, topic, status and text normalisation, each next to a baseline of the same run.

Run: ``.venv/bin/python benchmarks/bench_normalise_text.py [--count 3000] [--rounds 3]``

Inputs are generated from the shapes organiser pages use (venue, street, postcode and city in
varying order and spelling, online and hybrid wording; titles and teasers built from digital and
non-digital subjects; descriptions with links and markup). Every place text is distinct and the
caches are cleared before each round, so "cold" means parsing, not cache hits; "warm" repeats
the same texts, as a re-ingest of a source does. Rates are CPU time (``time.process_time``),
best of alternating rounds. Baselines:

* places: split on commas and look the last part up in a dict of city names, the least a place
  resolver can do (no districts, postcodes, attendance, coordinates);
* topics: lower-case substring search for the same number of plain words;
* sanitising: bleach (deprecated, the library nh3 replaced) with the same allow-list;
* canonical URLs: w3lib's ``canonicalize_url`` alone.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable, Sequence

from aggregator.normalise import topics
from aggregator.normalise.places import address, gazetteer, resolve_place
from aggregator.normalise.status import detect_status
from aggregator.normalise.text import ALLOWED_TAGS, canonical_url, clean_text, sanitise_html
from aggregator.normalise.topics import detect_topics

VENUES = ("IHK-Bildungszentrum", "Haus der Wirtschaft", "Kongresszentrum", "Technologiezentrum",
          "Villa Ida", "Felsenkeller", "Kulturbrauerei", "Rathaus", "Hörsaalzentrum",
          "Digitalagentur")  # fmt: skip
STREETS = ("Straße der Nationen", "Bergstraße", "Annaberger Str.", "Karl-Heine-Straße",
           "Am Markt", "Messering", "Ostra-Allee", "Hauptstraße")  # fmt: skip
CITIES = (("01069", "Dresden"), ("04109", "Leipzig"), ("09111", "Chemnitz"),
          ("08056", "Zwickau"), ("09599", "Freiberg"), ("02625", "Bautzen"),
          ("02826", "Görlitz"), ("01662", "Meißen"), ("06108", "Halle (Saale)"),
          ("10117", "Berlin"), ("60311", "Frankfurt am Main"), ("99084", "Erfurt"))  # fmt: skip
DISTRICTS = ("Dresden-Neustadt", "Leipzig-Plagwitz", "Chemnitz-Kaßberg", "Dresden OT Klotzsche",
             "Leipzig Gohlis")  # fmt: skip
ONLINE = ("Online (Zoom)", "Webinar", "virtuell", "Online via MS Teams", "Livestream")
SUBJECTS = ("KI im Mittelstand", "IT-Sicherheit für Kanzleien", "Cloudmigration",
            "Onlineshop-Grundlagen", "Umsatzsteuer aktuell", "Erste Hilfe im Betrieb",
            "Arbeitsrecht kompakt", "Smart City Forum", "Datenkompetenz", "Existenzgründung",
            "Förderprogramme Energie", "Industrie 4.0 Praxistag")  # fmt: skip
STATUS_PREFIX = ("", "", "", "ABGESAGT: ", "Verschoben: ", "")
TEASER = ("Praxisnahe Einführung mit Beispielen aus sächsischen Unternehmen. "
          "Die Zugangsdaten erhalten Sie nach Anmeldung. Hinweise zum Datenschutz finden Sie "
          "auf unserer Website.")  # fmt: skip
DESCRIPTION = (
    '<h2>Programm</h2><p onclick="x()">Begrüßung&nbsp;und <strong>Impuls</strong> zu KI.<br>'
    'Danach <a href="/anmeldung/?id={n}" target="_blank">Anmeldung</a> und '
    '<a href="javascript:void(0)">Kalender</a>.</p><ul><li>9:00 Start</li><li>10:00 Praxis</li>'
    "</ul><script>track({n})</script><p>Weitere Infos: "
    '<a href="https://example.org/?utm_source=nl&id={n}">Website</a></p>'
)


def place_texts(count: int, rng: random.Random) -> list[str]:
    texts: set[str] = set()
    while len(texts) < count:
        postcode, city = rng.choice(CITIES)
        venue = f"{rng.choice(VENUES)} {rng.randint(1, 400)}"
        street = f"{rng.choice(STREETS)} {rng.randint(1, 250)}"
        shape = rng.randrange(7)
        if shape == 0:
            texts.add(f"{venue}, {street}, {postcode} {city}")
        elif shape == 1:
            texts.add(f"{venue}, {street}, {city}")
        elif shape == 2:
            texts.add(f"{rng.choice(DISTRICTS)}, {venue}")
        elif shape == 3:
            texts.add(f"Hybrid: {city} und {rng.choice(ONLINE)} – Raum {rng.randint(1, 999)}")
        elif shape == 4:
            texts.add(f"{rng.choice(ONLINE)}, Gruppe {rng.randint(1, 99999)}")
        elif shape == 5:
            texts.add(f"{street}, D-{postcode} {city}, Deutschland")
        else:
            texts.add(f"{city}, {venue}")
    return sorted(texts)


def rate(func: Callable[[], int], rounds: int, before: Callable[[], None] = lambda: None) -> float:
    best = 0.0
    for _ in range(rounds):
        before()
        start = time.process_time()
        done = func()
        elapsed = max(time.process_time() - start, 1e-9)
        best = max(best, done / elapsed)
    return best


def clear_place_caches() -> None:
    gazetteer.lookup.cache_clear()
    address._parse.cache_clear()


def naive_places(texts: Sequence[str], cities: dict[str, str]) -> int:
    for text in texts:
        cities.get(text.rsplit(",", 1)[-1].strip().lower())
    return len(texts)


def naive_topics(texts: Sequence[tuple[str, str]], words: Sequence[str]) -> int:
    for title, teaser in texts:
        lowered = f"{title} {teaser}".lower()
        [w for w in words if w in lowered]
    return len(texts)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    start = time.perf_counter()
    gazetteer.gazetteer()
    print(f"gazetteer loaded once per process: {time.perf_counter() - start:.1f} s wall")

    texts = place_texts(args.count, rng)
    cities = {key: town[0].name for key, town in gazetteer.gazetteer().items() if town}
    cold = warm = base = 0.0
    for _ in range(args.rounds):  # alternate so that machine noise hits all three alike
        resolve_all = lambda: sum(1 for t in texts if resolve_place(text=t))  # noqa: E731
        cold = max(cold, rate(resolve_all, 1, clear_place_caches))
        warm = max(warm, rate(resolve_all, 1))
        base = max(base, rate(lambda: naive_places(texts, cities), 1))
    print(f"resolve_place, {len(texts)} distinct texts: cold {cold:,.0f}/s, "
          f"warm (re-ingest) {warm:,.0f}/s; baseline split+dict {base:,.0f}/s")  # fmt: skip

    events = [
        (f"{rng.choice(STATUS_PREFIX)}{rng.choice(SUBJECTS)} {i}", f"{TEASER} Nr. {i}")
        for i in range(args.count)
    ]
    words = [k.strip("*").lower() for t in topics.VOCABULARY.values() for k in t.keywords]
    found = rate(lambda: sum(1 for t, x in events if detect_topics(t, x) is not None), args.rounds)
    base = rate(lambda: naive_topics(events, words), args.rounds)
    print(f"detect_topics: {found:,.0f} events/s; baseline substring search of "
          f"{len(words)} words {base:,.0f}/s")  # fmt: skip

    status = rate(lambda: sum(1 for t, x in events if detect_status(None, t, x)), args.rounds)
    print(f"detect_status: {status:,.0f} events/s")

    descriptions = [DESCRIPTION.format(n=i) for i in range(args.count)]
    base_url = "https://www.ihk.de/chemnitz/veranstaltungen/"
    ours = rate(lambda: sum(1 for d in descriptions if sanitise_html(d, base_url)), args.rounds)
    line = f"sanitise_html (nh3): {ours:,.0f} descriptions/s"
    try:
        import bleach
    except ImportError:
        print(line + "; bleach not installed, no baseline")
    else:
        tags = set(ALLOWED_TAGS)
        bleached = rate(
            lambda: sum(1 for d in descriptions if bleach.clean(d, tags=tags, strip=True)),
            args.rounds,
        )
        print(line + f"; baseline bleach {bleached:,.0f}/s")

    titles = [f"{t} &#8211; <b>{i}</b>\x0b" for i, (t, _) in enumerate(events)]
    cleaned = rate(lambda: sum(1 for t in titles if clean_text(t)), args.rounds)
    print(f"clean_text: {cleaned:,.0f} titles/s")

    urls = [f"https://www.Example.org/termine/{i}/?utm_source=nl&b=2&a={i}#x" for i in range(3000)]
    canon = rate(lambda: sum(1 for u in urls if canonical_url(u)), args.rounds)
    from w3lib.url import canonicalize_url

    base = rate(lambda: sum(1 for u in urls if canonicalize_url(u)), args.rounds)
    print(f"canonical_url: {canon:,.0f}/s; baseline w3lib canonicalize_url alone {base:,.0f}/s")


if __name__ == "__main__":
    main()
