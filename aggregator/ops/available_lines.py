"""The complete lines a pipe holds right now, for commands that answer line by line.

``aggregator parse-dates`` serves two kinds of callers: a file of 20,000 texts piped in, and a
co-process that writes one line and waits for its answer. Reading ``sys.stdin`` line by line and
flushing after every answer serves the second but spends most of the first's time in one write
per line. Reading what the pipe holds (at most one ``read`` of the underlying file, which returns
as soon as anything is there) and answering all its complete lines in one write serves both: a
lone line is answered at once, a full pipe in batches. Decoding is the same as ``sys.stdin``'s
(its encoding and error handler, universal newlines), so the lines are those a ``for line in
sys.stdin`` loop would have read.
"""

from __future__ import annotations

import codecs
import io
from collections.abc import Iterator
from typing import Protocol

CHUNK = 1 << 16
"""A pipe's default capacity on Linux: one read takes all a writer could put in it."""


class Pipe(Protocol):
    """What ``sys.stdin.buffer`` offers: a read that returns what is there (at most one read of
    the file beneath), waiting only while nothing is."""

    def read1(self, size: int = ..., /) -> bytes: ...


def available_lines(
    stream: Pipe, encoding: str = "utf-8", errors: str = "strict"
) -> Iterator[list[str]]:
    """Lists of the complete lines (without their line end) as they become available; at the
    end of the input, a last line without a line end on its own."""
    decoder = io.IncrementalNewlineDecoder(
        codecs.getincrementaldecoder(encoding)(errors), translate=True
    )
    pending = ""
    while True:
        chunk = stream.read1(CHUNK)
        lines = (pending + decoder.decode(chunk, final=not chunk)).split("\n")
        pending = lines.pop()
        if lines:
            yield lines
        if not chunk:
            if pending:
                yield [pending]
            return
