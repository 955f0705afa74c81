"""``aggregator parse-dates`` as a co-process: a caller writes one line, waits for its answer and
only then writes the next. The command batches its answers by what the pipe holds, so it must
answer a lone line at once, not when the input ends or a buffer fills. A missing answer fails the
test after a generous deadline instead of hanging it (the deadline is no speed check)."""

from __future__ import annotations

import json
import os
import selectors
import subprocess
import sys

from tests.support import ROOT

NO_ANSWER = 60.0
"""Seconds after which a missing answer is taken as never coming."""


def _answer(proc: subprocess.Popen[bytes], selector: selectors.BaseSelector) -> dict[str, object]:
    assert proc.stdout is not None
    received = b""
    while not received.endswith(b"\n"):
        if not selector.select(timeout=NO_ANSWER):
            proc.kill()
            raise AssertionError(f"no answer within {NO_ANSWER} s, got {received!r} so far")
        chunk = os.read(proc.stdout.fileno(), 4096)
        assert chunk, "parse-dates ended without answering"
        received += chunk
    (line,) = received.decode().splitlines()
    return json.loads(line)


def test_each_line_is_answered_before_the_next_is_written() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "aggregator", "parse-dates", "--reference", "2026-11-27"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdin is not None and proc.stdout is not None
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)
    try:
        questions = {
            "Di, 27.04.2027 | 17:00 Uhr": "2027-04-27T17:00:00+02:00",
            "15.–16. Juni 2027": "2027-06-15",
            "Termin folgt": None,
            "Mi, 17. März 2027, 9:30 Uhr": "2027-03-17T09:30:00+01:00",
        }
        for text, start in questions.items():
            proc.stdin.write(f"{text}\n".encode())
            proc.stdin.flush()
            answer = _answer(proc, selector)
            assert (answer["text"], answer["start"]) == (text, start)
        proc.stdin.write(b"30.12. - 2.1.")  # the last line without its line end
        proc.stdin.close()
        assert _answer(proc, selector)["end"] == "2027-01-02"
        assert proc.wait(timeout=NO_ANSWER) == 0
    finally:
        selector.close()
        proc.kill()
        proc.wait()
        proc.stdout.close()


def test_a_large_input_answered_by_two_processes_is_that_of_one() -> None:
    """``--jobs 2`` shares every batch of 1,000 lines or more with a forked copy: the answers
    are the same, in the same order, blank lines skipped where they stand."""
    texts = [
        "Di, 27.04.2027 | 17:00 Uhr",
        "15.–16. Juni 2027",
        "",
        "Termin folgt",
        "Mi, 17. März 2027, 9:30 Uhr – „KI“ ☕",
        "30.12. - 2.1.",
    ]
    numbered = (texts[i % len(texts)] and f"{texts[i % len(texts)]} #{i}" for i in range(6000))
    lines = "".join(f"{text}\n" for text in numbered)
    answers = {}
    for jobs in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "aggregator", "parse-dates", "--reference", "2026-11-27"]
            + ["--jobs", jobs],
            input=lines.encode(),
            capture_output=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=NO_ANSWER,
            check=True,
        )
        assert done.stderr == b""
        answers[jobs] = done.stdout.decode().splitlines()
    assert answers["2"] == answers["1"]
    assert len(answers["1"]) == 5000
    assert [json.loads(line)["text"] for line in answers["2"][:2]] == [
        "Di, 27.04.2027 | 17:00 Uhr #0",
        "15.–16. Juni 2027 #1",
    ]
