"""How ``dates_golden.jsonl`` was made: many varied date texts and what the date reader made of
them, so that a change made for speed can be checked to change no result.

Run: ``.venv/bin/python tests/data/make_dates_golden.py`` (writes the file beside this script).
The texts are the benchmark's generated shapes (``benchmarks/bench_dates.py``, several seeds),
the date table, the string literals of the date tests, the labelled real announcements (their
date and time expressions through ``parse_when``, their text through ``prose_when`` with title and
publication day) and every line with a digit of the recorded pages under ``tests/sites``.
``tests/unit/test_dates_golden.py`` reads them back. Rewrite the file only for a change that is
meant to change results, and say which in the commit.
"""

from __future__ import annotations

import ast
import html
import importlib.util
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from aggregator.normalise.dates import When, parse_when, prose_when, to_iso  # noqa: E402
from tests.support import real_corpus  # noqa: E402

GOLDEN = HERE / "dates_golden.jsonl"
REFERENCE = date(2026, 11, 27)
ZONES = ("Europe/Berlin", "America/New_York")
"""Every fifth text is read in a second zone too."""
BENCH_SEEDS = (7, 8, 11, 23)
BENCH_COUNT = 1500
_TAG = re.compile(r"<[^>]+>")


def _bench_texts() -> Iterator[str]:
    spec = importlib.util.spec_from_file_location("bench_dates", ROOT / "benchmarks/bench_dates.py")
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules["bench_dates"] = bench
    spec.loader.exec_module(bench)
    for seed in BENCH_SEEDS:
        yield from (case.text for case in bench.make_cases(BENCH_COUNT, seed))


def _table_texts() -> Iterator[str]:
    for line in (HERE / "dates_table.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            yield line.split("\t")[0].replace("\\n", "\n")


def _test_literals() -> Iterator[str]:
    for name in ("test_dates.py", "test_prose_dates.py"):
        tree = ast.parse((ROOT / "tests/unit" / name).read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.search(r"\d", node.value) and len(node.value) < 400:
                    yield node.value


def _page_lines() -> Iterator[str]:
    for path in sorted((ROOT / "tests/sites").rglob("*")):
        if not path.is_file():
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue
        for line in html.unescape(_TAG.sub(" ", text)).splitlines():
            line = " ".join(line.split())
            if line and len(line) < 300 and re.search(r"\d", line):
                yield line


def _result(when: When | None) -> list[object] | None:
    if when is None:
        return None
    return [to_iso(when.start), to_iso(when.end) if when.end else None, when.all_day]


def rows() -> Iterator[dict[str, object]]:
    seen: set[tuple[str, str]] = set()
    texts = [*_bench_texts(), *_table_texts(), *_test_literals(), *_page_lines()]
    corpus = tomllib.loads(real_corpus.CORPUS.read_text("utf-8"))["announcement"]
    for entry in corpus:
        texts += [str(v) for v in entry.get("expressions", {}).values()]
    for number, text in enumerate(texts):
        for tz in ZONES if number % 5 == 0 else ZONES[:1]:
            if (text, tz) in seen:
                continue
            seen.add((text, tz))
            when = parse_when(text, tz, REFERENCE)
            yield {"text": text, "tz": tz, "result": _result(when)}
    for item in real_corpus.load():
        published = date.fromisoformat(item.published) if item.published else None
        when = prose_when(item.text, ZONES[0], item.seen, published, item.title)
        yield {
            "text": item.text,
            "tz": ZONES[0],
            "reference": item.seen.isoformat(),
            "published": item.published,
            "title": item.title,
            "result": _result(when),
        }


def main() -> None:
    with GOLDEN.open("w", encoding="utf-8") as out:
        for row in rows():
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
