"""Per-field accuracy on the labelled real announcements, this checkout against a baseline.

Run: ``.venv/bin/python benchmarks/bench_real_corpus.py [--baseline main]``

Every item of ``tests/data/real_announcements.toml`` is normalised as the text of an organiser's
news item (its title, its text, and the day it was posted: its page's publication date, else
``seen`` in ``tests/support/real_corpus.py``) and judged against its hand label by ``tests/support/real_corpus.py``, the
module the tests use. The baseline is the code of a git revision (default ``main``), unpacked with
``git archive`` into a temporary folder and measured in a child process in the same run; it gets
each item as its own rss spider would have written it (with or without the ``published`` field
and the ``when`` text that older spiders built from title and text). Figures: dates (start and end
of every labelled event; "year aside" also counts dates that are right but for the year of a
year-less text on an undated page), city, attendance, status and titles (on the labelled events
that became events), digital precision and recall (the same events: in the digitalisation feeds
or not), negatives kept out (reports and texts that announce nothing that made no event), events
found, and normalisation speed in items per second (CPU time, best of three).
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {
    "dates": "≥ 97%",
    "city": "≥ 95%",
    "attendance": "≥ 95%",
    "digital precision": "≥ 0.98",
    "digital recall": "≥ 0.95",
}
SHARES = {"digital precision", "digital recall"}


def _corpus_module() -> ModuleType:
    """tests/support/real_corpus.py of this checkout, whichever ``aggregator`` is importable."""
    spec = importlib.util.spec_from_file_location(
        "real_corpus", ROOT / "tests/support/real_corpus.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["real_corpus"] = module
    spec.loader.exec_module(module)
    return module


def measure() -> dict[str, Any]:
    """The figures of the ``aggregator`` on ``sys.path`` (run in the child for the baseline)."""
    from aggregator.model.raw import RawEvent
    from aggregator.normalise.item import Dropped, normalise
    from aggregator.normalise.topics import is_digital

    corpus = _corpus_module()
    items = corpus.load()
    has_published = "published" in {f.name for f in dataclasses.fields(RawEvent)}

    def raw(item: Any) -> Any:
        fields = corpus.news_item(item)
        if not has_published:  # the rss spider of that code built the date text itself
            fields["when"] = f"{item.title}\n{' '.join(item.text.split())}"
        return RawEvent.from_dict(fields)

    def found(item: Any) -> Any:
        result = normalise(raw(item), item.seen)
        if isinstance(result, Dropped):
            return None
        return corpus.Found.of(dataclasses.asdict(result.event), is_digital(result.event.topics))

    results = [(item, found(item)) for item in items]
    best = float("inf")
    for _ in range(3):
        began = time.process_time()
        for item in items:
            normalise(raw(item), item.seen)
        best = min(best, time.process_time() - began)
    figures = corpus.score(results).figures()
    figures["items/s"] = len(items) / best
    return figures


def _baseline(revision: str) -> tuple[str, dict[str, Any]]:
    commit = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", "--short", revision],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "code.tar"
        subprocess.run(
            ["git", "-C", str(ROOT), "archive", "-o", str(archive), commit, "aggregator"],
            check=True,
        )
        code = Path(folder) / "code"
        with tarfile.open(archive) as tar:
            tar.extractall(code, filter="data")
        child = subprocess.run(
            [sys.executable, __file__, "--measure-only"],
            check=True,
            capture_output=True,
            text=True,
            cwd=code,
            env={"PYTHONPATH": str(code), "PATH": "/usr/bin:/bin"},
        )
    return commit, json.loads(child.stdout)


def _shown(name: str, value: float) -> str:
    if name == "items/s":
        return f"{value:,.0f}"
    return f"{value:.3f}" if name in SHARES else f"{value:.1%}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", default="main", help="git revision to compare with")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure_only:
        sys.path.insert(0, str(Path.cwd()))
        print(json.dumps(measure()))
        return
    sys.path.insert(0, str(ROOT))
    ours = measure()
    commit, theirs = _baseline(args.baseline)
    corpus = _corpus_module()
    items = corpus.load()
    events = sum(item.is_event for item in items)
    dated = sum(item.published is not None for item in items)
    print(
        f"real corpus: {len(items)} announcements ({events} events, {len(items) - events} "
        f"negatives), {dated} with a publication date; the others read "
        f"{corpus.ANNOUNCED_AHEAD.days} days before their event, or on {corpus.UNDATED_REFERENCE} "
        "when they announce nothing"
    )
    print(f"{'':22}{'this checkout':>15}{args.baseline + ' ' + commit:>18}{'target':>10}")
    for name, value in ours.items():
        print(
            f"{name:22}{_shown(name, value):>15}{_shown(name, theirs[name]):>18}"
            f"{TARGETS.get(name, ''):>10}"
        )


if __name__ == "__main__":
    main()
