"""Child processes timed as an installed package runs them: with Python's bytecode cache.

A shell that sets ``PYTHONDONTWRITEBYTECODE`` (some CI and sandbox set-ups do) makes every
``aggregator`` process compile the project's modules from source again, about 25 ms of a
command's start (``dates.py`` alone half of it), while the libraries it is compared with
(dateparser) were compiled when pip installed them. The whole-process benchmarks therefore run
their children without that variable, after one run that writes the cache (``__pycache__``, which
git ignores).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def installed_env() -> dict[str, str]:
    """This process's environment without ``PYTHONDONTWRITEBYTECODE``."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run_installed(
    command: list[str], stdin: str = "", cwd: Path | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    """``command`` with ``stdin``, its output captured, in :func:`installed_env`."""
    return subprocess.run(
        command,
        input=stdin,
        capture_output=True,
        text=True,
        check=check,
        cwd=cwd,
        env=installed_env(),
    )


def write_bytecode(command: list[str], stdin: str = "") -> None:
    """Run ``command`` once, so that the modules it imports have their bytecode cached."""
    run_installed(command, stdin, check=False)
