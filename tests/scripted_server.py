"""A 127.0.0.1 server whose answers a test scripts: the status codes and error pages real organiser
sites send (a 503 under load, WordPress's JSON 404 past the last page, rest_route URLs), which a
folder of recorded pages cannot express."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote


@dataclass
class Reply:
    status: int = 200
    body: str | bytes = ""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering, as a slow site does."""


@dataclass
class Seen:
    path: str
    headers: dict[str, str]


class ScriptedServer:
    """``routes`` maps a request target (path and query, percent-decoded) to the replies it gets in
    turn; the last reply repeats. Unknown targets get 404."""

    def __init__(self, routes: dict[str, list[Reply]]) -> None:
        self.routes = routes
        self.seen: list[Seen] = []
        self.calls: dict[str, int] = {}
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                target = unquote(self.path)
                server.seen.append(Seen(target, dict(self.headers.items())))
                replies = server.routes.get(target)
                if not replies:
                    reply = Reply(404, "<h1>Nicht gefunden</h1>")
                else:
                    count = server.calls.get(target, 0)
                    server.calls[target] = count + 1
                    reply = replies[min(count, len(replies) - 1)]
                body = reply.body.encode("utf-8") if isinstance(reply.body, str) else reply.body
                with server.lock:
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                time.sleep(reply.delay)
                with server.lock:
                    server.in_flight -= 1
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
