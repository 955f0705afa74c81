"""The lines a pipe holds are read as ``for line in sys.stdin`` reads them, and each batch is
handed on as soon as it is there, not when the input ends."""

from __future__ import annotations

import io
import os

from aggregator.ops.available_lines import available_lines


def test_each_batch_is_yielded_before_the_writer_closes() -> None:
    read_end, write_end = os.pipe()
    os.set_blocking(read_end, False)  # a read that waits for more would fail here, not hang
    with open(read_end, "rb") as reader:
        batches = available_lines(reader)
        os.write(write_end, "15.–16. Juni 2027\nMi, 17".encode())
        assert next(batches) == ["15.–16. Juni 2027"]
        os.write(write_end, ". März 2027\r\n\n19:00 Uhr".encode())
        assert next(batches) == ["Mi, 17. März 2027", ""]
        os.close(write_end)
        assert next(batches) == ["19:00 Uhr"]
        assert list(batches) == []


class _Reads:
    """A stream whose reads return the given pieces, one per read, as a pipe may."""

    def __init__(self, *pieces: bytes) -> None:
        self._pieces = [*pieces, b""]

    def read1(self, size: int) -> bytes:
        return self._pieces.pop(0)


def test_a_character_or_line_end_split_between_two_reads_is_kept_whole() -> None:
    reads = _Reads("17. März\r".encode()[:6], "17. März\r".encode()[6:], b"\n18. M", b"\xc3\xa4rz")
    assert [line for batch in available_lines(reads) for line in batch] == [
        "17. März",
        "18. März",
    ]


def test_lines_match_what_text_mode_reads() -> None:
    data = "a\r\nb\rc\n\nä\u2028x\nlast".encode()
    expected = [line.rstrip("\n") for line in io.TextIOWrapper(io.BytesIO(data), "utf-8")]
    got = [line for batch in available_lines(io.BytesIO(data)) for line in batch]
    assert got == expected
