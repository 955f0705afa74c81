"""A large batch is answered by two processes, a small one by this process alone, and the
answers come out in the lines' order either way, also when the copy fails."""

from __future__ import annotations

import os

import pytest

from aggregator.ops.forked_half import ForkedHalf, _running_others

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


def _tagged(lines: list[str]) -> str:
    """Each line with the process that answered it; a surrogate and a non-ASCII letter test that
    the pipe carries every text as it is."""
    return "".join(f"{os.getpid()} {line}\n" for line in lines if line.strip())


def _answers(text: str) -> list[tuple[int, str]]:
    pairs = [line.split(" ", 1) for line in text.splitlines()]
    return [(int(pid), line) for pid, line in pairs]


def test_the_second_half_of_a_large_batch_is_answered_by_a_copy_in_order() -> None:
    batches = [[f"Zeile {b}.{i} \udcff Ü" for i in range(40)] for b in range(3)]
    with ForkedHalf(_tagged, split_at=10, share=True) as shared:
        results = [_answers(shared.answered(batch)) for batch in batches]
    ours = os.getpid()
    copies = set()
    for batch, answers in zip(batches, results, strict=True):
        assert [line for _, line in answers] == batch
        assert {pid for pid, _ in answers[:20]} == {ours}
        (copy,) = {pid for pid, _ in answers[20:]}
        assert copy != ours
        copies.add(copy)
    assert len(copies) == 1, "one copy serves every batch"
    with pytest.raises(ChildProcessError):
        os.waitpid(copy, os.WNOHANG)  # the copy has ended and was waited for


def test_a_small_batch_and_a_batch_without_sharing_are_answered_here() -> None:
    lines = [f"Zeile {i}" for i in range(40)]
    with ForkedHalf(_tagged, split_at=50, share=True) as shared:
        small = _answers(shared.answered(lines))
    with ForkedHalf(_tagged, split_at=10, share=False) as alone:
        large = _answers(alone.answered(lines))
    for answers in (small, large):
        assert answers == [(os.getpid(), line) for line in lines]


def test_when_the_copy_fails_this_process_answers_its_lines() -> None:
    parent = os.getpid()

    def failing_in_copy(lines: list[str]) -> str:
        if os.getpid() != parent:
            raise RuntimeError("the copy breaks")
        return _tagged(lines)

    batches = [[f"Zeile {b}.{i}" for i in range(30)] for b in range(2)]
    with ForkedHalf(failing_in_copy, split_at=10, share=True) as shared:
        results = [_answers(shared.answered(batch)) for batch in batches]
    for batch, answers in zip(batches, results, strict=True):
        assert answers == [(parent, line) for line in batch]


def test_blank_lines_keep_their_place_in_the_halves() -> None:
    lines = ["a", "", "b", "  ", "c", "d", "", "e"]
    with ForkedHalf(_tagged, split_at=4, share=True) as shared:
        answers = _answers(shared.answered(lines))
    assert [line for _, line in answers] == ["a", "b", "c", "d", "e"]


@pytest.mark.parametrize(
    ("content", "others"),
    [
        ("0.52 0.58 0.59 1/81 5875\n", 0),
        ("3.91 4.40 4.12 4/312 10422\n", 3),
        ("0.00 0.00 0.00 0/12 7\n", 0),
        ("", None),
        ("1.0 1.0 1.0 many/12 7\n", None),
    ],
)
def test_the_processes_running_now_are_read_without_this_one(
    tmp_path, content: str, others: int | None
) -> None:
    loadavg = tmp_path / "loadavg"
    loadavg.write_text(content)
    assert _running_others(str(loadavg)) == others


def test_no_load_figures_where_the_system_has_none(tmp_path) -> None:
    assert _running_others(str(tmp_path / "absent")) is None
