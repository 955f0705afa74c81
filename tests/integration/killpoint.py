"""``python -m tests.integration.killpoint MODULE:NAME N ARGS...``: the ``aggregator`` command with
ARGS, killed with SIGKILL (no clean-up of any kind) just before its N-th call of MODULE.NAME.

A kill at a chosen point of a real run, reached by what the run does rather than by waiting for
time; if the run makes fewer calls it simply completes."""

from __future__ import annotations

import importlib
import os
import signal
import sys
from typing import Any

from aggregator.ops.cli import main


def arm(target: str, n: int) -> None:
    module_name, name = target.split(":")
    module = importlib.import_module(module_name)
    real = getattr(module, name)
    calls = 0

    def killed_at_the_nth_call(*args: Any, **kwargs: Any) -> Any:
        nonlocal calls
        calls += 1
        if calls == n:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)

    setattr(module, name, killed_at_the_nth_call)


if __name__ == "__main__":
    arm(sys.argv[1], int(sys.argv[2]))
    sys.exit(main(sys.argv[3:]))
