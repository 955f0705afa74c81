"""A 127.0.0.1 server whose answers a test scripts: the status codes and error pages real organiser
sites send (a 503 under load, WordPress's JSON 404 past the last page, rest_route URLs), which a
folder of recorded pages cannot express; and requests held until the test says so, which is how a
test sees requests overlap or a run caught in the middle of its crawl without waiting for time."""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

HOLD_LIMIT = 120.0
"""Seconds a held request waits at most: only ever reached when the test is already failing."""


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = ""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    arrived: threading.Event | None = None
    """Set when a request for this reply has arrived."""
    hold: threading.Event | None = None
    """The answer waits until the test sets this event."""
    together: threading.Barrier | None = None
    """The answer waits until as many requests as the barrier has parties are in flight at once."""
    reset: bool = False
    """No answer: the connection is reset (TCP RST) instead."""
    stream: tuple[bytes, int] | None = None
    """(chunk, times): a body of ``chunk`` repeated, sent without Content-Length until done or
    until the client hangs up."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class ScriptedServer:
    """``routes`` maps a request target (path and query, percent-decoded) to the replies it gets in
    turn; the last reply repeats. Unknown targets get 404."""

    def __init__(self, routes: dict[str, list[Reply]]) -> None:
        self.routes = routes
        self.on_request: Callable[[str], None] | None = None
        """Called with each request's target as it arrives, before it is answered."""
        self.seen: list[Seen] = []
        self.calls: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                target = unquote(self.path)
                if server.on_request is not None:
                    server.on_request(target)
                with server.lock:
                    server.seen.append(Seen(target, dict(self.headers.items())))
                    replies = server.routes.get(target)
                    if not replies:
                        reply = Reply(404, "<h1>Nicht gefunden</h1>")
                    else:
                        count = server.calls.get(target, 0)
                        server.calls[target] = count + 1
                        reply = replies[min(count, len(replies) - 1)]
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                status, body = reply.status, reply.body
                if reply.arrived is not None:
                    reply.arrived.set()
                if not _waited(reply):
                    status, body = 504, "the test never released this request"
                with server.lock:
                    server.in_flight -= 1
                if reply.reset:
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0)
                    )
                    self.close_connection = True
                    self.connection.close()
                    return
                data = body.encode("utf-8") if isinstance(body, str) else body
                self.send_response(status)
                self.send_header("Content-Type", reply.content_type)
                if reply.stream is None:
                    self.send_header("Content-Length", str(len(data)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                if reply.stream is None:
                    self.wfile.write(data)
                    return
                chunk, times = reply.stream
                try:
                    for _ in range(times):
                        self.wfile.write(chunk)
                except OSError:  # the client stopped reading: what the test wanted to see
                    self.close_connection = True

            def finish(self) -> None:
                try:
                    super().finish()
                except (OSError, ValueError):  # a reset or abandoned connection
                    pass

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.base_url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> ScriptedServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def paths(self) -> list[str]:
        return [seen.path for seen in self.seen]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that hangs up mid-answer is part of the scripts, not a server error."""


def _waited(reply: Reply) -> bool:
    """Whether what the reply waits for happened (False only if the test broke down meanwhile)."""
    if reply.hold is not None and not reply.hold.wait(HOLD_LIMIT):
        return False
    if reply.together is not None:
        try:
            reply.together.wait(HOLD_LIMIT)
        except threading.BrokenBarrierError:
            return False
    return True
