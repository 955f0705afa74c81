"""Where the aggregator's own log lines go: stderr, and a file when asked.

Scheduled runs are read afterwards (cron mail, ``journalctl``, a log file), so lines that do not go
to a terminal carry a timestamp and a level. ``--quiet`` keeps only warnings, so that cron, which mails
whatever a job prints, mails only when a source needs attention or the run failed. Scrapy's own
detailed log is written by the crawl process to the same ``--log-file``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import TextIO

LOGGER_NAME = "aggregator"
PLAIN = "%(message)s"
STAMPED = "%(asctime)s %(levelname)-7s %(message)s"


def setup(
    *,
    quiet: bool = False,
    verbose: bool = False,
    log_file: str | Path | None = None,
    stream: TextIO | None = None,
) -> logging.Logger:
    """Configure the ``aggregator`` logger for one command; calling it again replaces the handlers."""
    stream = stream or sys.stderr
    logger = logging.getLogger(LOGGER_NAME)
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    console = logging.StreamHandler(stream)
    console.setLevel(logging.WARNING if quiet else logging.DEBUG if verbose else logging.INFO)
    console.setFormatter(
        logging.Formatter(PLAIN if _is_terminal(stream) else STAMPED, "%Y-%m-%d %H:%M:%S")
    )
    logger.addHandler(console)
    if log_file:
        Path(log_file).parent.mkdir(parents=True, exist_ok=True)
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setLevel(logging.DEBUG if verbose else logging.INFO)
        file_handler.setFormatter(logging.Formatter(STAMPED, "%Y-%m-%d %H:%M:%S"))
        logger.addHandler(file_handler)
    return logger


def get(name: str = "") -> logging.Logger:
    return logging.getLogger(f"{LOGGER_NAME}.{name}" if name else LOGGER_NAME)


def _is_terminal(stream: TextIO) -> bool:
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())
