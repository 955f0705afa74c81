"""How long a command takes to start: each command loads only what it needs.

Run: ``.venv/bin/python benchmarks/bench_startup.py [--runs 15]`` (``--quick``: 5 runs).

Times whole processes, wall clock, median and best of ``--runs``, each run of each command in
turn so that the machine's load falls on all of them alike: ``aggregator --help``, ``aggregator
parse-dates`` answering one line, ``aggregator sources`` on the repository's file, and as the
baseline measured in the same run, the bare interpreter (``python -c pass``). The modules each
command loads are counted too (``-X importtime``): a figure the machine's load does not change.
Every command runs with Python's bytecode cache, as installed (``benchmarks/installed.py``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from installed import run_installed, write_bytecode  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 150.0


def commands() -> dict[str, tuple[list[str], str]]:
    aggregator = [sys.executable, "-m", "aggregator"]
    return {
        "python -c pass (baseline)": ([sys.executable, "-c", "pass"], ""),
        "aggregator --help": ([*aggregator, "--help"], ""),
        "aggregator parse-dates (one line)": (
            [*aggregator, "parse-dates", "--reference", "2026-11-27"],
            "Di, 27.04.2027 | 17:00 Uhr\n",
        ),
        "aggregator sources": (
            [*aggregator, "sources", "--sources", str(ROOT / "sources.toml")],
            "",
        ),
    }


def run(command: list[str], stdin: str) -> float:
    began = time.perf_counter()
    run_installed(command, stdin, cwd=ROOT)
    return (time.perf_counter() - began) * 1000


def modules(command: list[str], stdin: str) -> int:
    done = run_installed([command[0], "-X", "importtime", *command[1:]], stdin, cwd=ROOT)
    return sum(line.startswith("import time:") for line in done.stderr.splitlines()) - 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="5 runs")
    args = parser.parse_args()
    runs = 5 if args.quick else args.runs
    table = commands()
    samples: dict[str, list[float]] = {name: [] for name in table}
    for command, stdin in table.values():
        write_bytecode(command, stdin)
    for _ in range(runs):
        for name, (command, stdin) in table.items():
            samples[name].append(run(command, stdin))
    base = statistics.median(samples["python -c pass (baseline)"])
    print(f"start-up, {runs} runs each, wall clock (target: a command <= {TARGET_MS:.0f} ms)")
    for name, (command, stdin) in table.items():
        median, best = statistics.median(samples[name]), min(samples[name])
        print(
            f"  {name:<36} median {median:6.0f} ms, best {best:6.0f} ms, "
            f"{median - base:+6.0f} ms over the interpreter; {modules(command, stdin):4d} modules"
        )


if __name__ == "__main__":
    main()
