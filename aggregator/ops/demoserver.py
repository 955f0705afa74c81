"""A local HTTP server for the bundled demo organiser sites (and for the tests' recorded pages).

It behaves like the real sites where the crawler cares: query strings select recorded variants
(``events?page=2`` is the file ``events@page=2``), unknown pages are 404, and ETag/Last-Modified
revalidation answers 304 so that a re-crawl of unchanged pages transfers nothing. Asked as a
proxy (``GET http://demo-sites.invalid/digitalagentur/ HTTP/1.1``), it answers from the same
folder, so the demo's sites keep their addresses whatever port the server gets.
"""

from __future__ import annotations

import email.utils
import hashlib
import mimetypes
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

SNIFF = (
    (b"{", "application/json"),
    (b"[", "application/json"),
    (b"BEGIN:VCALENDAR", "text/calendar"),
    (b"<?xml", "application/xml"),
    (b"<rss", "application/rss+xml"),
    (b"<feed", "application/atom+xml"),
)
TYPES = {
    ".json": "application/json",
    ".ics": "text/calendar",
    ".rss": "application/rss+xml",
    ".atom": "application/atom+xml",
    ".xml": "application/xml",
}


def resolve(root: Path, target: str) -> Path | None:
    """The recorded file that answers a request path with query string, or None (404)."""
    parts = urlsplit(target)
    path = unquote(parts.path).lstrip("/")
    base = (root / path).resolve()
    if not base.is_relative_to(root.resolve()):
        return None
    if base.is_dir():
        base = base / "index.html"
    if parts.query:
        query = unquote(parts.query)
        exact = base.with_name(f"{base.name}@{query}") if "/" not in query else None
        if exact is not None and exact.is_file():
            return exact
        page = parse_qs(parts.query).get("page")
        if page:
            paged = base.with_name(f"{base.name}@page={page[0]}")
            return paged if paged.is_file() else None
    return base if base.is_file() else None


def content_type(path: Path, body: bytes) -> str:
    suffix = path.suffix.lower() if "@" not in path.name else Path(path.name.split("@")[0]).suffix
    if suffix in TYPES:
        kind = TYPES[suffix]
    elif suffix:
        kind = mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    else:
        head = body.lstrip()[:20]
        kind = next((t for prefix, t in SNIFF if head.startswith(prefix)), "text/html")
    if kind.startswith("text/") or kind.endswith(("json", "xml")):
        kind += "; charset=utf-8"
    return kind


class SiteHandler(BaseHTTPRequestHandler):
    root: Path
    server_version = "DemoSites/1.0"

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = resolve(self.root, self.path)
        if path is None:
            self._send(HTTPStatus.NOT_FOUND, b"<h1>404 Seite nicht gefunden</h1>", "text/html")
            return
        body = path.read_bytes()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        modified = email.utils.formatdate(path.stat().st_mtime, usegmt=True)
        if self.headers.get("If-None-Match") == etag or (
            self.headers.get("If-Modified-Since") == modified
            and not self.headers.get("If-None-Match")
        ):
            self.send_response(HTTPStatus.NOT_MODIFIED)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self._send(
            HTTPStatus.OK,
            body,
            content_type(path, body),
            {"ETag": etag, "Last-Modified": modified, "Cache-Control": "no-cache"},
        )

    def _send(
        self, status: HTTPStatus, body: bytes, kind: str, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        if isinstance(self.server, RecordingServer):
            target = urlsplit(self.path)  # as a proxy it is asked for whole URLs
            self.server.requests.append(target.path + (f"?{target.query}" if target.query else ""))


class RecordingServer(ThreadingHTTPServer):
    """An HTTP server that remembers the path of every request it answered."""

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(address, handler)
        self.requests: list[str] = []


class SiteServer:
    """Serves a folder on 127.0.0.1 (or another loopback address) on a free port, in a background
    thread."""

    def __init__(
        self,
        root: str | Path,
        port: int = 0,
        host: str = "127.0.0.1",
        handler_class: type[SiteHandler] = SiteHandler,
    ) -> None:
        self.host = host
        handler = type("Handler", (handler_class,), {"root": Path(root)})
        self.httpd = RecordingServer((self.host, port), handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.httpd.server_port}"

    @property
    def requests(self) -> list[str]:
        return self.httpd.requests

    def __enter__(self) -> SiteServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
