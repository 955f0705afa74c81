"""Speed of ``normalise()`` as a whole, this checkout against a git revision, with the split by stage.

Run: ``.venv/bin/python benchmarks/bench_normalise.py [--events 5000] [--rounds 3]
[--baseline c4f66b2]``

Two mixes of raw items: the ingest benchmark's synthetic items (``synthetic.generate(events, 7)``,
what ``bench_ingest.py`` feeds the pool) and the varied items of the golden test
(``tests/data/normalise_golden.jsonl.gz`` without its synthetic part: demo sites, real
announcements, labelled conversation and report cases, the topic, status and place tables).

The baseline is the whole ``aggregator`` package of a git revision (default c4f66b2, main when
this work began), unpacked with ``git archive`` and run in its own process with the same
interpreter and libraries. Each round starts one fresh process per checkout, alternating, as a
pool's worker starts: it loads the gazetteer and normalises one item first (fixed costs, not
counted), then normalises every item once, timed in CPU seconds of that process; the best round
counts. One more process for each gives the stage split of a first pass: each stage function is
wrapped in a timer that counts its own CPU time (without the stages it calls; the timers add a
few per cent). A stage's function called under another name (``status`` imports ``clean_text``)
counts in the caller's time.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "normalise_golden.jsonl.gz"
DAY = date(2026, 11, 27)
STAGES = {
    "sanitise_html": ("text", "sanitise_html"),
    "html_to_text": ("text", "html_to_text"),
    "clean_text": ("text", "clean_text"),
    "canonical_url": ("text", "canonical_url"),
    "topics": ("topics", "detect_topics"),
    "status": ("status", "detect_status"),
    "report_reason": ("announcement", "report_reason"),
    "conversation": ("social", "conversation"),
    "place": ("item", "_place"),
    "dates": ("item", "_structured_when"),
    "prose dates": ("item", "_prose_when"),
    "published": ("item", "_published"),
    "title": ("item", "event_title"),
}
"""Stage -> (module of ``aggregator.normalise``, function) whose calls it counts."""


def mixes(events: int) -> dict[str, list[tuple[dict[str, Any], date]]]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import generate

    raws, _ = generate(events, 7)
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as file:
        lines = [json.loads(line) for line in file]
    varied = [
        (line["raw"], date.fromisoformat(line["reference"]))
        for line in lines
        if line["group"] != "synthetic"
    ]
    return {"synthetic": [(raw, DAY) for raw in raws], "varied": varied}


class _Clock:
    """Own CPU time per stage: a stage called inside another counts for itself only."""

    def __init__(self) -> None:
        self.own: dict[str, float] = {}
        self.stack: list[float] = []

    def wrap(self, name: str, func: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            self.stack.append(0.0)
            begin = time.process_time()
            try:
                return func(*args, **kwargs)
            finally:
                spent = time.process_time() - begin
                inner = self.stack.pop()
                self.own[name] = self.own.get(name, 0.0) + spent - inner
                if self.stack:
                    self.stack[-1] += spent

        return timed


def worker(mix: str, events: int, split: bool) -> None:
    """One measurement in this process, with whatever ``aggregator`` is first on the path: the
    first pass's CPU time, or (``split``) its stages' own times."""
    import importlib

    from aggregator.model.raw import RawEvent
    from aggregator.normalise import item

    items = [(RawEvent.from_dict(raw), day) for raw, day in mixes(events)[mix]]
    item.normalise(RawEvent.from_dict(mixes(1)["synthetic"][0][0]), DAY)
    clock = _Clock()
    if split:
        for stage, (module_name, name) in STAGES.items():
            module = importlib.import_module(f"aggregator.normalise.{module_name}")
            if hasattr(module, name):
                setattr(module, name, clock.wrap(stage, getattr(module, name)))
    begin = time.process_time()
    for raw, day in items:
        item.normalise(raw, day)
    total = time.process_time() - begin
    rest = total - sum(clock.own.values())
    print(json.dumps({"first": total, "count": len(items), "stages": clock.own, "rest": rest,
                      "code": str(Path(item.__file__).parents[2])}))  # fmt: skip


def baseline_checkout(revision: str) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", revision, "aggregator"],
        check=True,
        capture_output=True,
    ).stdout
    folder = Path(tempfile.mkdtemp(prefix="bench-normalise-"))
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(folder, filter="data")
    return folder


def measure(code: Path, mix: str, events: int, split: bool = False) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(code))
    done = subprocess.run(
        [sys.executable, __file__, "--worker", mix, "--events", str(events)]
        + (["--split"] if split else []),
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    if Path(result["code"]).resolve() != code.resolve():
        raise SystemExit(f"measured {result['code']}, not {code}")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default="c4f66b2", help="git revision to compare with")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--split", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.events, args.split)
        return
    base = baseline_checkout(args.baseline)
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    for mix in ("synthetic", "varied"):
        best: dict[str, dict[str, Any]] = {}
        for _ in range(args.rounds):  # alternate, so that the machine's load hits both alike
            for label, code in (("this checkout", ROOT), (args.baseline, base)):
                found = measure(code, mix, args.events)
                if label not in best or found["first"] < best[label]["first"]:
                    best[label] = found
        count = best["this checkout"]["count"]
        print(f"\nnormalise(), {count:,} {mix} raw items, first pass in a fresh process:")
        for label, found in best.items():
            print(f"  {label}: {count / found['first']:,.0f} raw events per CPU second "
                  f"({found['first'] / count * 1000:.3f} ms each)")  # fmt: skip
        ours, theirs = best["this checkout"]["first"], best[args.baseline]["first"]
        print(f"  ratio: {theirs / ours:.2f}x the baseline")
        print("  stage split, ms per raw item (own time, first pass of one more process each):")
        splits = [measure(code, mix, args.events, split=True) for code in (ROOT, base)]
        for name in [*STAGES, "rest"]:
            cells = [
                (found["stages"].get(name, 0.0) if name != "rest" else found["rest"]) / count * 1000
                for found in splits
            ]
            print(f"    {name:<14} this checkout {cells[0]:.3f}  {args.baseline} {cells[1]:.3f}")


if __name__ == "__main__":
    main()
