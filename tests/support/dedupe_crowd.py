"""A few thousand sightings crowded into a fortnight and a handful of places, as many sources
announce the same events in their own words: what the partition test of ``dedupe.cluster`` runs on.

The crowd is deliberately dense (hundreds of events per day and city), so that the block index's
paths for common words, rarest words, mixed and unknown places, stored events and known sightings
all take part. Everything is drawn from one seeded ``random.Random``: the same arguments give the
same sightings on every machine.
"""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from aggregator.model.event import Event, Sighting, SightingKey

ZONE = ZoneInfo("Europe/Berlin")
PLACES = ["Dresden", "Leipzig", "Chemnitz", "Halle (Saale)", "Görlitz"]
KINDS = ["Workshop", "Forum", "Stammtisch", "Webinar", "Fachtag", "Sprechstunde", "Barcamp"]
THEMES = [
    "KI im Mittelstand",
    "Künstliche Intelligenz für Händler",
    "Cloud-Souveränität",
    "IT-Sicherheit",
    "Cyber Security",
    "E-Rechnung",
    "Digitaler Zwilling",
    "Datenräume",
    "Open Data",
    "Industrie 4.0",
    "Smart Factory",
    "Netzwerk 3",
    "Netzwerk 4",
    "Teil 1 Datenschutz",
    "Teil 2 Datenschutz",
]
AUDIENCES = ["", "für KMU", "für das Handwerk", "in der Pflege", "für Kommunen"]
NOTES = ["Jetzt anmelden", "Praxisbeispiele", "mit Diskussion", "Restplätze verfügbar"]
CROWDED_DAY = date(2027, 3, 9)
"""The day on which almost a third of the events are in Dresden: far more events share a title
word there than ``matching.COMMON_IN_BLOCK``."""
ORGANISERS = ["IHK Dresden", "IHK Chemnitz", "Digitalagentur Sachsen", "Hochschule Mittweida"]


def crowd(
    count: int, seed: int = 13
) -> tuple[list[Sighting], dict[SightingKey, str], list[tuple[str, Event]]]:
    """``count`` new sightings, the sightings an earlier ingest already placed (with their event
    ids), and stored events they may join."""
    rng = random.Random(seed)
    sightings: list[Sighting] = []
    number = 0
    while len(sightings) < count:
        title = _title(rng)
        crowded = rng.random() < 0.3
        day = CROWDED_DAY if crowded else date(2027, 3, 1) + timedelta(days=rng.randrange(14))
        hour = rng.choice([9, 10, 14, 18])
        city = PLACES[0] if crowded else rng.choice(PLACES)
        mode = rng.choices(["offline", "online", "mixed", "nowhere"], [70, 12, 10, 8])[0]
        for copy in range(rng.choices([1, 2, 3, 4], [50, 25, 15, 10])[0]):
            source = f"quelle-{rng.randrange(40):02d}"
            text = title if copy == 0 else _varied(rng, title, city)
            event = _event(rng, text, day, hour, city, mode, rng.random() < 0.3)
            raw = {"organizer": rng.choice(ORGANISERS)} if rng.random() < 0.2 else {}
            key = f"{number}-{copy}"
            url = f"https://{source}.example/{key}"
            sightings.append(Sighting(source, key, url, "2027-02-01T03:00:00+00:00", event, raw))
        number += 1
    sightings = sightings[:count]
    known = {s.source_key: f"known{i:04d}" for i, s in enumerate(sightings[::37])}
    stored = [
        (f"stored{i:04d}", _event(rng, _title(rng), date(2027, 3, 1 + i % 14), 10, "Dresden"))
        for i in range(count // 20)
    ]
    return sightings, known, stored


def _title(rng: random.Random) -> str:
    subject = f"{rng.choice(THEMES)} {rng.choice(AUDIENCES)}".strip()
    kind = rng.choice(KINDS)
    return f"{kind}: {subject}" if rng.random() < 0.5 else f"{subject} – {kind}"


def _varied(rng: random.Random, title: str, city: str) -> str:
    """The same title as another source writes it."""
    shape = rng.randrange(7)
    if shape == 0:
        return title.upper()
    if shape == 1:
        return f"{title} 2027"
    if shape == 2:
        return f"{title} | {rng.choice(NOTES)}"
    if shape == 3:
        return f"{title} in {city}"
    if shape == 4:
        return title.replace("ü", "ue").replace("ä", "ae").replace("ö", "oe")
    if shape == 5:
        words = title.split()
        return " ".join(words[:-1]) if len(words) > 2 else title
    return title


def _event(
    rng: random.Random,
    title: str,
    day: date,
    hour: int,
    city: str,
    mode: str = "offline",
    all_day: bool = False,
) -> Event:
    start = datetime(day.year, day.month, day.day, hour, tzinfo=ZONE)
    start += timedelta(minutes=rng.choice([0, 0, 30, 120]))
    days = rng.choices([0, 1, 2], [85, 10, 5])[0]
    placed = mode in ("offline", "mixed")
    attendance = "offline" if mode == "nowhere" else mode
    end = (start + timedelta(days=days, hours=2)).isoformat()
    if all_day:
        end = (day + timedelta(days=days)).isoformat()
    return Event(
        title=title,
        start=day.isoformat() if all_day else start.isoformat(),
        end=end,
        all_day=all_day,
        attendance=attendance,
        city=city if placed else None,
        venue=f"Haus am Markt {city}" if placed else None,
    )
