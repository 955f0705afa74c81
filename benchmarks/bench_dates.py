"""Speed and correctness of parse_when against plain dateparser on a realistic mix of date texts.

Run: ``.venv/bin/python benchmarks/bench_dates.py [--count 1200] [--seed 7] [--rounds 3]
[--baseline main] [--process-count 1200] [--process-runs 3]``

The texts are generated from the shapes German and English event pages use (numeric and named
dates, times with ``Uhr``, ranges, texts without a year, noise around the date) plus about 10 %
texts without any date (postcodes, prices, phone numbers). Every text is distinct and parse_when's
cache is cleared before each round, so the figure is cold parsing. dateparser gets the same texts
in the same run. Rates are CPU time of this process (``time.process_time``), best of alternating
rounds, so other work on a shared machine skews the ratio as little as possible. dateparser is
scored on the start only (the date, and the wall time when the text has one), which is all it
returns; parse_when is scored on that and, separately, on start, end and all-day together.

The baseline is ``aggregator/normalise/dates.py`` of a git revision (default ``main``, i.e. the
code before this checkout's changes), loaded beside this checkout's module in the same process and
timed in the same alternating rounds: "as fast as before" is this ratio.

Then the whole process, as a user runs it: ``aggregator parse-dates`` reading ``--process-count``
other distinct texts on stdin, against a plain Python process that runs dateparser over the same
lines and prints the same kind of JSON (start-up, imports and output included): wall clock, the
fastest of ``--process-runs`` runs of ours, and CPU seconds (the forked copy's included) with the
load average beside them; as it runs by default (``--jobs auto``: a copy answers half of each
large batch when another core is idle) and with ``--jobs 1`` and ``--jobs 2``, so that the figure
says what one and two processes do on the machine as it is.
Both run with the bytecode cache, as installed (``benchmarks/installed.py``).
"""

from __future__ import annotations

import argparse
import calendar
import importlib.util
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

import dateparser

sys.path.insert(0, str(Path(__file__).resolve().parent))

from installed import run_installed, write_bytecode  # noqa: E402

from aggregator.normalise.dates import clear_cache, parse_when, to_iso  # noqa: E402

REFERENCE = date(2026, 11, 27)
BERLIN = ZoneInfo("Europe/Berlin")
MONTHS_DE = "Januar Februar März April Mai Juni Juli August September Oktober November Dezember"
MONTHS_DE_SHORT = "Jan. Feb. Mrz. Apr. Mai Jun. Jul. Aug. Sept. Okt. Nov. Dez."
MONTHS_EN = "January February March April May June July August September October November December"
WEEKDAYS_DE = "Montag Dienstag Mittwoch Donnerstag Freitag Samstag Sonntag"
WEEKDAYS_DE_SHORT = "Mo Di Mi Do Fr Sa So"
WEEKDAYS_EN = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday"
CITIES = ("Dresden", "Leipzig", "Chemnitz", "Zwickau", "Freiberg", "Bautzen", "Görlitz", "Berlin")
TOPICS = ("KI-Forum", "Digitalisierungstag", "IT-Sicherheitsfrühstück", "Cloud-Stammtisch")
ORGS = ("IHK Chemnitz", "HWK Dresden", "Digitalagentur Sachsen", "Smart Systems Hub")


@dataclass(frozen=True)
class Case:
    text: str
    start: str | None
    end: str | None
    all_day: bool | None
    timed: bool


def _name(names: str, index: int) -> str:
    return names.split()[index]


def _wall(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=BERLIN)


def _timed(text: str, start: datetime, end: datetime | None) -> Case:
    return Case(text, to_iso(start), to_iso(end) if end else None, False, True)


def _all_day(text: str, first: date, last: date | None = None) -> Case:
    return Case(text, first.isoformat(), (last or first).isoformat(), True, False)


def _forms(rng: random.Random) -> list[Callable[[date], Case]]:
    def hour() -> int:
        return rng.randint(8, 19)

    def minute() -> int:
        return rng.choice((0, 0, 15, 30, 45))

    def numeric(d: date) -> Case:
        return _all_day(f"{d:%d.%m.%Y}", d)

    def numeric_short(d: date) -> Case:
        return _all_day(f"{d.day}.{d.month}.{d:%y}", d)

    def named(d: date) -> Case:
        wd = _name(WEEKDAYS_DE_SHORT, d.weekday())
        return _all_day(f"{wd}, {d.day}. {_name(MONTHS_DE, d.month - 1)} {d.year}", d)

    def named_long(d: date) -> Case:
        wd = _name(WEEKDAYS_DE, d.weekday())
        return _all_day(f"{wd}, den {d.day}. {_name(MONTHS_DE, d.month - 1)} {d.year}", d)

    def named_short(d: date) -> Case:
        return _all_day(f"{d.day}. {_name(MONTHS_DE_SHORT, d.month - 1)} {d.year}", d)

    def colon_time(d: date) -> Case:
        h, m = hour(), minute()
        return _timed(f"{d:%d.%m.%Y}, {h}:{m:02d} Uhr", _wall(d, h, m), None)

    def dotted_time(d: date) -> Case:
        h, m = hour(), minute()
        return _timed(f"{d:%d.%m.%Y}, {h}.{m:02d} Uhr", _wall(d, h, m), None)

    def hour_only(d: date) -> Case:
        h = hour()
        month = _name(MONTHS_DE, d.month - 1)
        return _timed(f"{d.day}. {month} {d.year}, {h} Uhr", _wall(d, h), None)

    def hour_range(d: date) -> Case:
        h = hour()
        return _timed(f"{d:%d.%m.%Y}, {h}–{h + 3} Uhr", _wall(d, h), _wall(d, h + 3))

    def piped(d: date) -> Case:
        h, m = hour(), minute()
        text = f"{d:%d.%m.%Y} | {h:02d}:{m:02d} - {h + 2:02d}:{m:02d} Uhr | {rng.choice(CITIES)}"
        return _timed(text, _wall(d, h, m), _wall(d, h + 2, m))

    def wann(d: date) -> Case:
        h = hour()
        month = _name(MONTHS_DE, d.month - 1)
        text = (
            f"Wann: {d.day}. {month} {d.year}, {h:02d}:00 Uhr - {h + 3:02d}:30 Uhr "
            f"(Einlass: {h - 1:02d}:30 Uhr)"
        )
        return _timed(text, _wall(d, h), _wall(d, h + 3, 30))

    def termin(d: date) -> Case:
        h = hour()
        wd = _name(WEEKDAYS_DE_SHORT, d.weekday())
        text = f"Termin: {wd}, {d:%d.%m.%Y} | {h}:00 Uhr | {rng.choice(CITIES)}"
        return _timed(text, _wall(d, h), None)

    def english(d: date) -> Case:
        return _all_day(f"{_name(MONTHS_EN, d.month - 1)} {d.day}, {d.year}", d)

    def english_time(d: date) -> Case:
        h, m = hour(), minute()
        clock = f"{(h - 1) % 12 + 1}:{m:02d} {'pm' if h >= 12 else 'am'}"
        wd = _name(WEEKDAYS_EN, d.weekday())
        text = f"{wd}, {d.day} {_name(MONTHS_EN, d.month - 1)} {d.year}, {clock}"
        return _timed(text, _wall(d, h, m), None)

    def day_range(d: date) -> Case:
        last = d + timedelta(days=rng.randint(1, 2))
        if last.month != d.month:
            return numeric_range(d)
        text = f"{d.day}.–{last.day}. {_name(MONTHS_DE, d.month - 1)} {d.year}"
        return _all_day(text, d, last)

    def numeric_range(d: date) -> Case:
        last = d + timedelta(days=rng.randint(1, 3))
        return _all_day(f"{d:%d.%m.}–{last:%d.%m.%Y}", d, last)

    def vom_bis(d: date) -> Case:
        last = d + timedelta(days=rng.randint(2, 4))
        first_month, last_month = _name(MONTHS_DE, d.month - 1), _name(MONTHS_DE, last.month - 1)
        text = f"vom {d.day}. {first_month} bis {last.day}. {last_month} {last.year}"
        return _all_day(text, d, last)

    def no_year(d: date) -> Case:
        d = _within_a_year(d)
        return _all_day(f"{_name(WEEKDAYS_DE_SHORT, d.weekday())}, {d:%d.%m.}", d)

    def no_year_time(d: date) -> Case:
        d, h, m = _within_a_year(d), hour(), rng.choice((0, 30))
        month = _name(MONTHS_DE, d.month - 1)
        return _timed(f"am {d.day}. {month}, um {h}.{m:02d} Uhr", _wall(d, h, m), None)

    def sentence(d: date) -> Case:
        h = hour()
        wd, month = _name(WEEKDAYS_DE, d.weekday()), _name(MONTHS_DE, d.month - 1)
        text = (
            f"Am {wd}, {d.day}. {month} {d.year}, lädt die {rng.choice(ORGS)} zum "
            f"{rng.choice(TOPICS)} um {h} Uhr ein."
        )
        return _timed(text, _wall(d, h), None)

    def iso(d: date) -> Case:
        start = _wall(d, hour(), minute())
        return _timed(to_iso(start), start, None)

    def doors(d: date) -> Case:
        h = hour()
        return _timed(f"{d:%d.%m.%Y}, Einlass {h - 1}:30, Beginn {h}:00", _wall(d, h), None)

    def overnight(d: date) -> Case:
        text = f"{d:%d.%m.%Y}, 19:00 - 01:00 Uhr"
        return _timed(text, _wall(d, 19), _wall(d + timedelta(days=1), 1))

    return [
        numeric, numeric_short, named, named_long, named_short, colon_time, dotted_time,
        hour_only, hour_range, piped, wann, termin, english, english_time, day_range,
        numeric_range, vom_bis, no_year, no_year_time, sentence, iso, doors, overnight,
    ]  # fmt: skip


def _within_a_year(d: date) -> date:
    """Dates without a year mean the next such day on or after the reference: within a year,
    except 29 February, which means the next leap year's."""
    year = REFERENCE.year
    while (
        not calendar.isleap(year)
        and (d.month, d.day) == (2, 29)
        or (
            date(year, d.month, min(d.day, 28) if (d.month, d.day) == (2, 29) else d.day)
            < REFERENCE
        )
    ):
        year += 1
    return date(year, d.month, d.day)


def _no_date(rng: random.Random) -> Case:
    shapes = (
        lambda: f"{rng.randint(1001, 9999):05d} {rng.choice(CITIES)}",
        lambda: f"Preis: {rng.randint(10, 400)},00 € zzgl. MwSt.",
        lambda: f"Kontakt: 0351 {rng.randint(100000, 999999)}",
        lambda: f"Version {rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 40)}",
        lambda: f"Raum {rng.randint(1, 4)}.{rng.randint(10, 99)}, {rng.randint(1, 5)}. OG",
        lambda: f"Termin folgt – {rng.choice(TOPICS)} in {rng.choice(CITIES)}",
        lambda: f"Anmeldung erforderlich, max. {rng.randint(10, 99)} Teilnehmende",
        lambda: f"{rng.choice(TOPICS)} – Anmeldung über das Kontaktformular",
    )
    return Case(rng.choice(shapes)(), None, None, None, False)


def make_cases(count: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    forms = _forms(rng)
    seen: set[str] = set()
    cases: list[Case] = []
    while len(cases) < count:
        if rng.random() < 0.1:
            case = _no_date(rng)
        else:
            day = date(2027, 1, 1) + timedelta(days=rng.randint(0, 700))
            case = rng.choice(forms)(day)
        if case.text not in seen:
            seen.add(case.text)
            cases.append(case)
    return cases


def _ours_exact(case: Case) -> bool:
    when = parse_when(case.text, "Europe/Berlin", REFERENCE)
    if when is None:
        return case.start is None
    got = (to_iso(when.start), to_iso(when.end) if when.end else None, when.all_day)
    return got == (case.start, case.end, case.all_day)


def _start_matches(found: datetime | date | None, case: Case) -> bool:
    """Start only: the date, and the wall time in Berlin when the text gives a time."""
    if found is None or case.start is None:
        return found is None and case.start is None
    if isinstance(found, datetime):
        if found.tzinfo is not None:
            found = found.astimezone(BERLIN)
        wall = found.replace(tzinfo=None)
    else:
        wall = datetime.combine(found, datetime.min.time())
    expected = datetime.fromisoformat(case.start)
    if not case.timed:
        return wall.date() == expected.date()
    return wall == expected.replace(tzinfo=None)


def _ours_start(case: Case) -> bool:
    when = parse_when(case.text, "Europe/Berlin", REFERENCE)
    return _start_matches(when.start if when else None, case)


def _dateparser_start(case: Case) -> bool:
    return _start_matches(dateparser.parse(case.text, languages=["de", "en"]), case)


def _seconds(texts: list[str], parse: Callable[[str], object]) -> float:
    clear_cache()
    began = time.process_time()
    for text in texts:
        parse(text)
    return time.process_time() - began


def _baseline_module(revision: str) -> ModuleType:
    """``aggregator/normalise/dates.py`` as it is at ``revision``, importable beside ours."""
    root = Path(__file__).resolve().parent.parent
    source = subprocess.run(
        ["git", "-C", str(root), "show", f"{revision}:aggregator/normalise/dates.py"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    folder = Path(tempfile.mkdtemp())
    path = folder / "baseline_dates.py"
    path.write_text(source, "utf-8")
    spec = importlib.util.spec_from_file_location("baseline_dates", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["baseline_dates"] = module
    spec.loader.exec_module(module)
    return module


def _rates(texts: list[str], rounds: int, baseline: ModuleType) -> tuple[float, float, float]:
    """Best texts/s of each, measured in alternating rounds so all see the same machine load."""
    ours, before, theirs = float("inf"), float("inf"), float("inf")

    def cold_baseline(text: str) -> object:
        return baseline.parse_when(text, "Europe/Berlin", REFERENCE)

    for turn in range(rounds):
        for which in ("ours", "before") if turn % 2 == 0 else ("before", "ours"):
            if which == "ours":
                ours = min(
                    ours, _seconds(texts, lambda t: parse_when(t, "Europe/Berlin", REFERENCE))
                )
            else:
                baseline.clear_cache()
                before = min(before, _seconds(texts, cold_baseline))
        theirs = min(theirs, _seconds(texts, lambda t: dateparser.parse(t, languages=["de", "en"])))
    return len(texts) / ours, len(texts) / before, len(texts) / theirs


PLAIN_DATEPARSER = """
import json, sys
import dateparser
for line in sys.stdin:
    text = line.rstrip("\\n")
    found = dateparser.parse(text, languages=["de", "en"])
    print(json.dumps({"text": text, "start": found.isoformat() if found else None}), flush=True)
"""
"""The baseline process: plain dateparser over the same lines, one JSON object per line."""


def whole_process(command: list[str], texts: list[str]) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user and system) of a process that reads the texts on stdin
    and answers every line. CPU time is what a loaded machine inflates least."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    began = time.perf_counter()
    done = run_installed(command, "\n".join(texts) + "\n")
    seconds = time.perf_counter() - began
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if len(done.stdout.splitlines()) != len(texts):
        raise SystemExit(f"{command[0]}: {len(done.stdout.splitlines())} lines for {len(texts)}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument(
        "--process-count",
        type=int,
        default=1200,
        help="texts for the whole-process comparison (the issue's figure: 20000)",
    )
    parser.add_argument(
        "--process-runs",
        type=int,
        default=3,
        help="runs of aggregator parse-dates, the fastest counted (dateparser runs once: it "
        "takes a hundred times as long, so a moment's load weighs little on it)",
    )
    args = parser.parse_args()
    baseline = _baseline_module(args.baseline)
    cases = make_cases(args.count, args.seed)
    texts = [c.text for c in cases]
    dateless = sum(c.start is None for c in cases)

    dateparser.parse("1. Januar 2030", languages=["de", "en"])  # load its language data once
    parse_when("1. Januar 2030", "Europe/Berlin", REFERENCE)
    baseline.parse_when("1. Januar 2030", "Europe/Berlin", REFERENCE)

    ours, before, theirs = _rates(texts, args.rounds, baseline)
    ours_exact = sum(map(_ours_exact, cases))
    ours_start = sum(map(_ours_start, cases))
    theirs_start = sum(map(_dateparser_start, cases))

    n = len(cases)
    print(f"texts: {n} distinct ({dateless} without a date), reference {REFERENCE}")
    print(f"parse_when (cold cache):     {ours:10.0f} texts/s")
    print(f"parse_when of {args.baseline + ':':13} {before:10.0f} texts/s ({ours / before:.2f} x)")
    print(f"dateparser.parse de,en:      {theirs:10.0f} texts/s")
    print(f"speed-up:                    {ours / theirs:10.1f} x")
    print(f"parse_when start correct:    {ours_start:5d}/{n} ({ours_start / n:.1%})")
    print(f"dateparser start correct:    {theirs_start:5d}/{n} ({theirs_start / n:.1%})")
    print(f"parse_when exact (start, end, all-day): {ours_exact}/{n} ({ours_exact / n:.1%})")

    texts = [c.text for c in make_cases(args.process_count, args.seed + 1)]
    bin_dir = Path(sys.executable).parent
    command = [str(bin_dir / "aggregator"), "parse-dates", "--reference", REFERENCE.isoformat()]
    write_bytecode(command, texts[0])
    load = os.getloadavg()[0]
    ours_wall, ours_cpu = min(whole_process(command, texts) for _ in range(args.process_runs))
    jobs = {
        count: min(
            whole_process([*command, "--jobs", count], texts) for _ in range(args.process_runs)
        )
        for count in ("1", "2")
    }
    theirs_wall, theirs_cpu = whole_process([sys.executable, "-c", PLAIN_DATEPARSER], texts)
    print(
        f"whole process, {len(texts)} distinct texts on stdin (best of {args.process_runs}): "
        f"aggregator parse-dates {ours_wall:.2f} s, plain dateparser {theirs_wall:.2f} s: "
        f"{theirs_wall / ours_wall:.1f} x"
    )
    print(
        f"  CPU seconds: aggregator parse-dates {ours_cpu:.2f} s, plain dateparser "
        f"{theirs_cpu:.2f} s: {theirs_cpu / ours_cpu:.1f} x; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"  --jobs auto, the default, decides on the processes running at its first large batch "
        f"(load average {load:.1f} before the runs); fixed, each best of the same runs:"
    )
    for count, (wall, cpu) in jobs.items():
        print(
            f"  --jobs {count}: {wall:.2f} s ({theirs_wall / wall:.1f} x), "
            f"CPU {cpu:.2f} s ({theirs_cpu / cpu:.1f} x)"
        )


if __name__ == "__main__":
    main()
