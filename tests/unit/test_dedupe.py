"""Deduplication: which sightings are one event, how they are clustered and how they are merged."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aggregator import dedupe
from aggregator.dedupe import Fingerprint, cluster, match_score, matching, merge, same_event
from aggregator.dedupe.merge import _merged
from aggregator.model.event import Event, Sighting
from tests.support.dedupe_crowd import crowd
from tests.unit.dedupe_pairs import DIFFERENT, SAME, ev


def sighting(source: str, key: str, event: Event, **raw: object) -> Sighting:
    url = str(raw.pop("page", f"https://{source}.example/veranstaltungen/{key}"))
    return Sighting(
        source=source,
        key=key,
        url=url,
        fetched_at="2026-11-27T03:00:00+00:00",
        event=event,
        raw={"source": source, "key": key, "url": url, **raw},
    )


KNOWN_MISSED: list[tuple[str, str]] = []
"""Labelled duplicates that ``same_event`` does not join today (none: recall 1.000)."""
KNOWN_MERGED: list[tuple[str, str]] = []
"""Labelled distinct pairs that ``same_event`` joins today (none: precision 1.000)."""


def test_labelled_pairs_are_judged_right_except_the_known_misses():
    """Exactly the known misses, no threshold: a regression and an improvement both show here
    (an improvement by updating the lists above and the figures in docs/database.md)."""
    assert (len(SAME), len(DIFFERENT)) == (59, 58)
    found = [same_event(a, b) for a, b in SAME]
    false = [same_event(a, b) for a, b in DIFFERENT]
    true_positives = sum(found)
    false_positives = sum(false)
    precision = true_positives / (true_positives + false_positives)
    recall = true_positives / len(SAME)
    print(
        f"\ndedupe on {len(SAME)} duplicate and {len(DIFFERENT)} distinct pairs: "
        f"precision {precision:.3f}, recall {recall:.3f}"
    )
    missed = [(a.title, b.title) for (a, b), hit in zip(SAME, found, strict=True) if not hit]
    merged = [(a.title, b.title) for (a, b), hit in zip(DIFFERENT, false, strict=True) if hit]
    assert missed == KNOWN_MISSED
    assert merged == KNOWN_MERGED


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Forum Sachsen Digital 2027", "FORUM SACHSEN DIGITAL – Digitalkonferenz 2027"),
        ("Forum Sachsen Digital 2027", "Digitalkonferenz Forum Sachsen Digital"),
        ("Sächsischer Datentag", "Saechsischer Datentag"),
        ("Sächsischer Datentag", "Sachsischer Datentag"),
        ("Workshop: Cloud-Kosten senken", "Cloud-Kosten senken"),
    ],
)
def test_title_variants_of_the_issue_match(a, b):
    day = "2027-05-13"
    assert same_event(ev(a, day, day, "Dresden"), ev(b, day, day, "Dresden"))


def test_places_must_agree():
    title, day = "Forum Sachsen Digital", "2027-05-13T09:00"
    dresden = ev(title, day, None, "Dresden")
    assert same_event(dresden, ev(title, day))  # the other names no place
    assert same_event(dresden, ev(title, day, venue="Messe Dresden"))  # a venue, no city
    assert not same_event(dresden, ev(title, day, None, "Leipzig"))
    online = ev(title, day, attendance="online")
    assert same_event(online, ev(title, day, attendance="online"))
    assert same_event(online, ev(title, day, None, "Dresden", attendance="mixed"))
    assert not same_event(online, dresden)


def test_the_issue_example_becomes_one_event_and_the_evening_meetup_stays_apart():
    sightings = [
        sighting(
            "digitalagentur",
            "forum-2027",
            ev(
                "Forum Sachsen Digital 2027",
                "2027-05-13T09:00",
                "2027-05-13T17:00",
                "Dresden",
                venue="Internationales Congress Center",
            ),
        ),
        sighting(
            "ihk",
            "4711",
            ev("FORUM SACHSEN DIGITAL – Digitalkonferenz 2027", "2027-05-13", "2027-05-13"),
        ),
        sighting("wfs", "a-17", ev("Digitalkonferenz Forum Sachsen Digital", "2027-05-13T09:00")),
        sighting(
            "ki-stammtisch",
            "2027-05@ki",
            ev("KI-Stammtisch Dresden", "2027-05-13T19:00", "2027-05-13T21:30", "Dresden"),
        ),
        sighting(
            "ki-stammtisch",
            "2027-06@ki",
            ev("KI-Stammtisch Dresden", "2027-06-10T19:00", "2027-06-10T21:30", "Dresden"),
        ),
    ]
    groups = sorted(
        (sorted(s.source for s in c.sightings) for c in cluster(sightings, {})), key=len
    )
    assert groups == [["ki-stammtisch"], ["ki-stammtisch"], ["digitalagentur", "ihk", "wfs"]]


def test_an_abbreviation_and_word_order_do_not_split_an_event():
    """Issue 11: the same Fachtag from a JSON-LD page and an iCalendar feed, one writing out
    "Künstliche Intelligenz", the other "KI" with the kind of event behind; the Fachtag on
    logistics the same day in the same hall stays apart."""

    def fachtag(source: str, key: str, title: str) -> Sighting:
        event = ev(title, "2027-09-22T09:30", "2027-09-22T16:00", "Chemnitz", venue="Stadthalle")
        return sighting(source, key, event)

    sightings = [
        fachtag("pflegenetz", "fachtag-ki", "Fachtag Künstliche Intelligenz in der Pflege"),
        fachtag("stadt-chemnitz", "uid-1@kalender", "KI in der Pflege – Fachtag"),
        fachtag("logistiknetz", "fachtag-ki-logistik", "KI in der Logistik – Fachtag"),
    ]
    groups = sorted(sorted(s.source for s in c.sightings) for c in cluster(sightings, {}))
    assert groups == [["logistiknetz"], ["pflegenetz", "stadt-chemnitz"]]


def test_one_source_never_merges_two_of_its_own_entries():
    """Two time slots of the same consultation on one site are two events."""
    a = sighting("ihk", "1", ev("Sprechstunde Digitalisierung", "2027-03-02T10:00", None, "Plauen"))
    b = sighting("ihk", "2", ev("Sprechstunde Digitalisierung", "2027-03-02T11:00", None, "Plauen"))
    assert same_event(a.event, b.event)
    assert len(cluster([a, b], {})) == 2


def test_a_known_sighting_keeps_its_event_when_title_and_time_change():
    corrected = sighting(
        "digitalagentur",
        "forum-2027",
        ev("Forum Sachsen Digital: Neue Wege", "2027-05-14T10:00", None, "Chemnitz"),
    )
    (group,) = cluster([corrected], {("digitalagentur", "forum-2027"): "c886ee8bf2fdc793"})
    assert group.event_id == "c886ee8bf2fdc793"


def test_a_new_sighting_joins_the_best_matching_stored_event():
    stored = [
        ("e-forum", ev("Forum Sachsen Digital 2027", "2027-05-13T09:00", None, "Dresden")),
        ("e-stammtisch", ev("Sachsen Digital Stammtisch", "2027-05-13T18:30", None, "Dresden")),
    ]
    new = sighting("ihk", "88", ev("Forum Sachsen Digital", "2027-05-13", "2027-05-13"))
    (group,) = cluster([new], {}, stored)
    assert group.event_id == "e-forum"
    alone = sighting("ihk", "89", ev("Forum Sachsen Digital", "2027-05-14", "2027-05-14"))
    (group,) = cluster([alone], {}, stored)
    assert group.event_id == "8e09583299733973", "a new event's id is its first sighting's"


def test_event_ids_are_pinned():
    """Every feed's entry ids and calendar UIDs derive from these ids: a change of the formula
    would re-announce every stored event to every subscriber."""
    assert dedupe.event_id_for("ihk", "89") == "8e09583299733973"
    assert dedupe.event_id_for("digitalagentur", "forum-2027") == "c886ee8bf2fdc793"


def _synthetic(n: int) -> list[Sighting]:
    """``n`` events, ten a day in ten cities, each announced twice."""
    cities = ["Dresden", "Leipzig", "Chemnitz", "Zwickau", "Plauen", "Görlitz", "Bautzen", "Halle"]
    topics = ["KI", "Cloud", "Daten", "IT-Sicherheit", "E-Commerce", "Robotik", "Förderung"]
    out = []
    for i in range(n):
        day = f"2027-{1 + (i // 10) // 28 % 12:02d}-{1 + (i // 10) % 28:02d}"
        city = cities[i % len(cities)]
        title = f"{topics[i % len(topics)]}-Forum {city} Nummer {i}"
        out.append(sighting("a", str(i), ev(title, day + "T10:00", None, city)))
        out.append(sighting("b", str(i), ev(title.upper(), day, day, city)))
    return out


def test_blocking_grows_linearly_with_the_number_of_events(monkeypatch):
    calls = 0
    original = matching.match_score

    def counting(a, b):
        nonlocal calls
        calls += 1
        return original(a, b)

    monkeypatch.setattr(matching, "match_score", counting)
    counts = []
    for n in (500, 1000):
        calls = 0
        assert len(cluster(_synthetic(n), {})) == n
        counts.append(calls)
    assert counts[1] < 2.5 * counts[0]
    assert counts[1] < 2000 * 1999 / 100, "far fewer comparisons than all pairs"


SUBJECTS = (
    "Algorithmen Bilanzierung Cybersicherheit Datenbanken Energiedaten Fertigung Geodaten Handel "
    "Inklusion Journalismus Kreislaufwirtschaft Lieferketten Mobilität Nachhaltigkeit Onlinehandel "
    "Patentrecht Quantenphysik Robotik Sensorik Telematik Unternehmensführung Verwaltung Wasserwirtschaft"
).split()


def _one_day_in_one_city(n: int) -> list[Sighting]:
    """``n`` different events, all on one day in Dresden, each announced twice: titles made of
    two subjects, a kind of event and a number, as a busy city's calendar has them."""
    kinds = ["Forum", "Workshop", "Stammtisch", "Vortrag", "Messe", "Hackathon"]
    out = []
    for i in range(n):
        a, b = SUBJECTS[i % len(SUBJECTS)], SUBJECTS[(i // len(SUBJECTS)) % len(SUBJECTS)]
        title = f"{kinds[i % len(kinds)]} {a} und {b} Nummer {i}"
        out.append(sighting("a", str(i), ev(title, "2027-03-17T10:00", None, "Dresden")))
        out.append(sighting("b", str(i), ev(title.upper(), "2027-03-17", "2027-03-17", "Dresden")))
    return out


def test_blocking_stays_linear_when_every_event_is_on_one_day_in_one_city(monkeypatch):
    """Inside one day and place, events are found by their titles' rarest words, not read one by
    one: the events looked at grow with the number of events, not with its square."""
    looked_at = 0
    original = matching._positions

    def counting(*args):
        nonlocal looked_at
        found = original(*args)
        looked_at += len(found)
        return found

    monkeypatch.setattr(matching, "_positions", counting)
    counts = []
    for n in (400, 800):
        looked_at = 0
        assert len(cluster(_one_day_in_one_city(n), {})) == n
        counts.append(looked_at)
    assert counts[1] < 2.5 * counts[0]
    assert counts[1] < 1600 * 1599 / 50, "far fewer than every pair in the block"


@settings(max_examples=300, deadline=None)
@given(
    first=st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2035, 1, 1),
        timezones=st.sampled_from([UTC, ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York")]),
    ),
    apart=st.timedeltas(
        min_value=-3 * matching.TIME_TOLERANCE, max_value=3 * matching.TIME_TOLERANCE
    ),
)
def test_starts_within_the_tolerance_are_never_two_time_slots_apart(first, apart):
    """The candidates' time check compares slots; it may keep a pair that ``match_score`` then
    rejects, never drop one that it would accept, also across a change of zone or of summer time.
    The instants are read from ISO text with offsets, as fingerprints read them."""
    second = (first + apart).astimezone(ZoneInfo("Europe/Berlin"))
    a, b = (matching._instant(moment.isoformat(), False) for moment in (first, second))
    assert a is not None and b is not None
    slots = abs(matching.time_slot(a) - matching.time_slot(b))
    if abs(b - a) <= matching.TIME_TOLERANCE:
        assert slots <= 1
    if slots >= 2:
        assert abs(b - a) > matching.TIME_TOLERANCE


def _partition(clusters: list[dedupe.Cluster]) -> dict[str, list[str]]:
    return {c.event_id: [f"{s.source}/{s.key}" for s in c.sightings] for c in clusters}


def test_leaving_out_candidates_by_time_slot_changes_no_event(monkeypatch):
    """A dense crowd whose starts fall on every quarter hour, on both sides of slot boundaries and
    exactly the tolerance apart, is clustered alike with the slots and without them (every
    candidate then goes to ``match_score``, which rejects times too far apart itself)."""
    rng = random.Random(5)
    sightings, known, stored = crowd(2500)
    shifted = []
    for s in sightings:
        if s.event.all_day:
            shifted.append(s)
            continue
        start = datetime.fromisoformat(s.event.start) + timedelta(minutes=15 * rng.randrange(-6, 7))
        shifted.append(replace(s, event=replace(s.event, start=start.isoformat())))
    with_slots = _partition(cluster(shifted, known, stored))
    monkeypatch.setattr(matching, "time_slot", lambda start: None)
    without = _partition(cluster(shifted, known, stored))
    assert with_slots == without
    assert sum(len(keys) >= 2 for keys in without.values()) > 200, "events were joined"


def test_pages_that_name_different_organisers_announce_different_events():
    day = "2027-03-17T10:00"
    first = sighting("a", "1", ev("KI-Stammtisch", day, None, "Dresden"), organizer="KI-Netzwerk 1")
    second = sighting(
        "b", "1", ev("KI-Stammtisch", day, None, "Dresden"), organizer="KI-Netzwerk 2"
    )
    third = sighting("c", "1", ev("KI-Stammtisch", day, None, "Dresden"), organizer="IHK Chemnitz")
    fourth = sighting("d", "1", ev("KI STAMMTISCH", day, None, "Dresden"))
    assert len(cluster([first, second, third], {})) == 3
    chamber = sighting("e", "1", ev("KI-Stammtisch", day, None, "Dresden"), organizer="IHK Dresden")
    spelled = sighting(
        "f",
        "1",
        ev("KI-Stammtisch", day, None, "Dresden"),
        organizer="Industrie- und Handelskammer Dresden",
    )
    assert len(cluster([chamber, spelled, fourth], {})) == 1, (
        "one organiser spelt two ways, and a page that names none"
    )


def test_timed_starts_far_apart_are_different_events_even_on_different_days():
    evening = ev("Digitaler Zwilling – Webinar", "2027-02-17T18:00", "2027-02-18T12:00")
    morning = ev("Webinar: Digitaler Zwilling", "2027-02-18T09:00", None)
    assert not same_event(evening, morning), "the second day of one, the first of the other"
    doors = ev("Webinar: Digitaler Zwilling", "2027-02-17T18:30", None)
    assert same_event(evening, doors), "doors open half an hour before"


def _organiser_and_chamber() -> tuple[Sighting, Sighting]:
    own = sighting(
        "digitalagentur",
        "forum-2027",
        ev(
            "Forum Sachsen Digital 2027",
            "2027-05-13T09:00",
            None,
            "Dresden",
            venue="Internationales Congress Center",
        ),
        default_organizer="Digitalagentur Sachsen",
    )
    chamber = sighting(
        "wirtschaftskammer",
        "4711",
        replace(
            ev(
                "FORUM SACHSEN DIGITAL – Digitalkonferenz 2027",
                "2027-05-13T09:00",
                "2027-05-13T17:00",
                "Dresden",
                venue="Internationales Congress Center",
                street="Ostra-Ufer 2",
                postcode="01067",
            ),
            description="<p>Die Digitalkonferenz des Jahres – mit Workshops und Ausstellung.</p>",
            description_text="Die Digitalkonferenz des Jahres – mit Workshops und Ausstellung.",
            url="https://wirtschaftskammer.example/veranstaltungen/4711",
            organizer="Digitalagentur Sachsen",
            topics=["digitalisierung"],
        ),
        organizer="Digitalagentur Sachsen",
        default_organizer="Wirtschaftskammer Chemnitz",
    )
    own = replace(
        own,
        event=replace(
            own.event,
            url="https://digitalagentur.example/forum-2027",
            organizer="Digitalagentur Sachsen",
            topics=["ki"],
            description="<p>Konferenz</p>",
            description_text="Konferenz",
        ),
    )
    return own, chamber


def test_merge_takes_the_best_field_from_each_sighting():
    own, chamber = _organiser_and_chamber()
    event = merge([chamber, own])
    assert event.title == "Forum Sachsen Digital 2027"  # the organiser's spelling
    assert event.url == "https://digitalagentur.example/forum-2027"  # the organiser's page
    assert (event.start, event.end) == ("2027-05-13T09:00:00+02:00", "2027-05-13T17:00:00+02:00")
    assert (event.street, event.postcode) == ("Ostra-Ufer 2", "01067")  # the fullest address
    assert event.description_text.startswith("Die Digitalkonferenz des Jahres")  # the longest
    assert event.organizer == "Digitalagentur Sachsen"
    assert event.topics == ["digitalisierung", "ki"]


def test_merge_prefers_a_link_out_to_the_aggregators_own_page():
    day = "2027-06-15T09:00"
    listing = sighting(
        "ihk",
        "1",
        replace(ev("Datentag", day), url="https://ihk.example/veranstaltungen/1"),
        page="https://ihk.example/veranstaltungen/1",
    )
    linked = sighting(
        "wfs",
        "2",
        replace(ev("Datentag", day), url="https://datentag-sachsen.example/"),
        page="https://wfs.example/termine",
    )
    ticketing = sighting(
        "portal",
        "3",
        replace(ev("Datentag", day), url="https://www.eventbrite.example/e/datentag-123"),
        page="https://portal.example/termine",
    )
    assert merge([listing, ticketing, linked]).url == "https://datentag-sachsen.example/"
    assert merge([listing, ticketing]).url == "https://www.eventbrite.example/e/datentag-123"


def test_merge_prefers_the_most_precise_time():
    all_day = sighting("a", "1", ev("Datentag", "2027-06-15", "2027-06-16", "Dresden"))
    start_only = sighting("b", "2", ev("Datentag", "2027-06-15T09:00", None, "Dresden"))
    both = sighting("c", "3", ev("Datentag", "2027-06-15T09:00", "2027-06-16T16:00", "Dresden"))
    assert merge([all_day, start_only]).start == "2027-06-15T09:00:00+02:00"
    merged = merge([all_day, start_only, both])
    assert (merged.end, merged.all_day) == ("2027-06-16T16:00:00+02:00", False)


def test_merge_status_and_attendance():
    own, chamber = _organiser_and_chamber()
    cancelled = replace(own, event=replace(own.event, status="cancelled"))
    assert merge([chamber, cancelled]).status == "cancelled"
    # Only an aggregator says cancelled while the organiser's own page still announces it.
    rumour = replace(chamber, event=replace(chamber.event, status="cancelled"))
    assert merge([rumour, own]).status == "scheduled"
    stream = sighting(
        "stream", "1", ev("Forum Sachsen Digital", "2027-05-13T09:00", attendance="online")
    )
    assert merge([own, stream]).attendance == "mixed"
    unknown = sighting("x", "1", ev("Forum Sachsen Digital", "2027-05-13T09:00"))
    assert merge([stream, unknown]).attendance == "online"


@settings(max_examples=40, deadline=None)
@given(st.permutations(range(3)))
def test_merge_does_not_depend_on_the_order_of_sightings(order):
    own, chamber = _organiser_and_chamber()
    third = sighting("wfs", "9", ev("Forum Sachsen Digital", "2027-05-13", "2027-05-13"))
    sightings = [own, chamber, third]
    assert merge([sightings[i] for i in order]) == merge(sightings)


WORDS = ["KI", "Forum", "Cloud", "Digital", "Sachsen", "Workshop", "2027", "für", "Teil 2", "Café"]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
    st.lists(st.sampled_from(WORDS), min_size=1, max_size=5),
    st.sampled_from(["Dresden", "Leipzig", None]),
)
def test_matching_is_symmetric_and_reflexive(words_a, words_b, city):
    a = ev(" ".join(words_a), "2027-05-13T09:00", None, city)
    b = ev(" ".join(words_b), "2027-05-13T10:00", None, "Dresden")
    assert match_score(Fingerprint.of(a), Fingerprint.of(b)) == match_score(
        Fingerprint.of(b), Fingerprint.of(a)
    )
    assert same_event(a, a)


def test_a_stated_end_beats_an_end_of_day_placeholder():
    chamber = sighting(
        "kammer", "1", ev("Zukunftstage", "2027-06-15T09:30", "2027-06-16T23:59", "Chemnitz")
    )
    calendar = sighting(
        "tec", "2", ev("Zukunftstage", "2027-06-15T09:30", "2027-06-16T16:00", "Chemnitz")
    )
    assert merge([chamber, calendar]).end == "2027-06-16T16:00:00+02:00"


def test_a_sighting_without_place_does_not_chain_two_cities():
    title = "Machine Learning im Gesundheitswesen"
    chemnitz = sighting("a-kammer", "1", ev(title, "2027-12-03T13:00", None, "Chemnitz"))
    nowhere = sighting("b-portal", "2", ev(title, "2027-12-03", "2027-12-03"))
    plauen = sighting("c-verein", "3", ev(title, "2027-12-03T13:00", None, "Plauen"))
    groups = sorted(
        sorted(s.source for s in c.sightings) for c in cluster([plauen, nowhere, chemnitz], {})
    )
    assert groups == [["a-kammer", "b-portal"], ["c-verein"]]


MAYBE_TEXT = st.sampled_from([None, "", "  ", "Sachsen", "Deutschland"])
LINKS = st.lists(st.sampled_from(["https://a.example", "https://b.example"]), max_size=3)
ONE_SIGHTING = st.fixed_dictionaries(
    {
        "region": MAYBE_TEXT,
        "country": MAYBE_TEXT,
        "organizer": st.sampled_from([None, "", "Digitalagentur Sachsen"]),
        "latitude": st.sampled_from([None, 51.05]),
        "longitude": st.sampled_from([None, 13.74]),
        "city": st.sampled_from([None, "", "Dresden"]),
        "attendance": st.sampled_from(["offline", "online", "mixed"]),
        "status": st.sampled_from(["scheduled", "cancelled", "postponed", "movedOnline"]),
        "topics": st.lists(st.sampled_from(["ki", "cloud", "it-sicherheit"]), max_size=4),
        "hashtags": st.lists(st.sampled_from(["smartKMU", "SmartKMU", "KI"]), max_size=4),
        "social_links": LINKS,
        "app_links": LINKS,
        "url": st.sampled_from(
            [None, "https://digitalagentur-sachsen.example/f", "https://x.example"]
        ),
    }
)


@settings(max_examples=300, deadline=None)
@given(
    said=ONE_SIGHTING,
    named=st.sampled_from([None, "", "IHK Dresden", "Digitalagentur Sachsen"]),
    default=st.sampled_from([None, "Digitalagentur Sachsen", "IHK Chemnitz"]),
)
def test_an_event_with_one_sighting_is_merged_as_the_general_rule_merges_it(said, named, default):
    """``merge`` takes a short way for one sighting; it must give what ranking it would."""
    event = replace(ev("Forum Sachsen Digital", "2027-05-13T09:00"), **said)
    alone = sighting("digitalagentur", "1", event, organizer=named, default_organizer=default)
    assert merge([alone]) == _merged([alone])
