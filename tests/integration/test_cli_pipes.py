"""Every command piped into a reader that has gone away (``aggregator status --json | head``)
ends quietly: no traceback, no "the run failed", the shell's status for a closed pipe. The
reading end is closed before the command starts, so its first write meets a closed pipe."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from aggregator.ops.cli import EXIT_CLOSED_PIPE
from tests.support import ROOT, feeds_db

SOURCES = '[[source]]\nname = "a"\nurl = "https://a.example.org/"\nkind = "ical"\n'


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["status", "--json"], EXIT_CLOSED_PIPE),
        (["status"], EXIT_CLOSED_PIPE),
        (["sources", "--sources", "sources.toml"], EXIT_CLOSED_PIPE),
        (["parse-dates"], EXIT_CLOSED_PIPE),
        (["parse-dates", "--jobs", "2"], EXIT_CLOSED_PIPE),
        (["publish", "--out", "public"], EXIT_CLOSED_PIPE),
        (["--help"], 0),  # argparse itself ignores a failed write of the help
        (["status", "--help"], 0),
    ],
)
def test_a_closed_reader_ends_the_command_quietly(tmp_path: Path, argv: list[str], code) -> None:
    feeds_db.build(tmp_path / "events.db").close()
    (tmp_path / "sources.toml").write_text(SOURCES, "utf-8")
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "aggregator", *argv],
            input="15.–16. Juni 2027\n" * 2000,
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert proc.stderr == "", proc.stderr
    assert proc.returncode == code
