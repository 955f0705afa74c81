"""The unit tier is pure: everything happens in the test's own process, nothing goes over a network
socket and no program is started. This guard makes a test that breaks the rule fail at once and say
so, instead of slowing ``make test-fast`` down or depending on the machine; such a test belongs in
tests/integration."""

from __future__ import annotations

import socket
import subprocess
from collections.abc import Iterator
from typing import Any

import pytest

NETWORK = (socket.AF_INET, socket.AF_INET6)


def _refuse(what: str):
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError(f"unit tests stay in-process: {what} belongs in tests/integration")

    return refused


def _local_only(method_name: str):
    original = getattr(socket.socket, method_name)

    def guarded(sock: socket.socket, *args: Any, **kwargs: Any) -> Any:
        if sock.family in NETWORK:
            _refuse(f"a network socket ({method_name} {args[:1]})")()
        return original(sock, *args, **kwargs)

    return guarded


@pytest.fixture(scope="package", autouse=True)
def in_process_only() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(subprocess.Popen, "__init__", _refuse("starting a program"))
        for name in ("connect", "connect_ex", "bind"):
            patch.setattr(socket.socket, name, _local_only(name))
        yield
