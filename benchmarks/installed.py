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


def installed_env() -> dict[str, str]:
    """This process's environment without ``PYTHONDONTWRITEBYTECODE``."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def write_bytecode(command: list[str], stdin: str = "") -> None:
    """Run ``command`` once, so that the modules it imports have their bytecode cached."""
    subprocess.run(command, input=stdin, capture_output=True, text=True, env=installed_env())
