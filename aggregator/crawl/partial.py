"""Why a source's crawl is partial: what kept it from seeing everything the source lists.

An event that a source no longer lists is marked removed, so the crawl must know when "not seen"
may only mean "not reached": a detail page that failed, a download cut off at the size limit, a
redirect loop, a request refused by the URL policy, a limit reached, a page that could not be read.
Each is counted in the crawler's stats as it happens (``aggregator/partial/<code>``, with the
first occurrence's detail) and becomes one reason in ``CrawlStats.partial``.
"""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

COUNT = "aggregator/partial/"
DETAIL = "aggregator/partial_detail/"
ROBOTS_FORBIDDEN = "Forbidden by robots.txt"


class RefusedRequest(IgnoreRequest):
    """A request the crawl will not send (the URL policy); ``code`` says which kind of refusal."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def note(stats: Any, code: str, detail: str) -> None:
    """Count one reason the crawl is partial; the first one's detail is kept to be shown."""
    stats.inc_value(COUNT + code)
    if stats.get_value(DETAIL + code) is None:
        stats.set_value(DETAIL + code, detail)


def reasons(values: dict[str, Any]) -> list[str]:
    """``code`` or ``code ×n``, with the first detail: one line per reason, sorted by code."""
    out = []
    for key in sorted(k for k in values if k.startswith(COUNT)):
        code, count = key.removeprefix(COUNT), values[key]
        times = f" ×{count}" if count > 1 else ""
        detail = values.get(DETAIL + code)
        out.append(f"{code}{times}" + (f" ({detail})" if detail else ""))
    return out


def download_problem(failure: Failure, settings: Any) -> tuple[str, str] | None:
    """(code, text) of a request that came to nothing, or None when nothing was lost (a page
    robots.txt forbids us is one the site does not want read; its events are not ours to miss).

    The text is never empty: a response cut off at ``DOWNLOAD_MAXSIZE`` fails with a bare
    cancellation, which said nothing at all."""
    exc = failure.value
    request = getattr(failure, "request", None)
    url = request.url if request is not None else "?"
    if isinstance(exc, RefusedRequest):
        return exc.code, str(exc)
    if isinstance(exc, HttpError):
        return "page-failed", f"HTTP {exc.response.status} at {url}"
    if isinstance(exc, IgnoreRequest):
        message = str(exc)
        if ROBOTS_FORBIDDEN in message:
            return None
        if "max redirections" in message:
            most = settings.getint("REDIRECT_MAX_TIMES")
            return "redirect-loop", f"more than {most} redirects from {url}"
        if "DOWNLOAD_MAXSIZE" in message:
            return "cut-download", f"{_maxsize(settings)} exceeded while decompressing {url}"
        return "page-failed", f"{message or 'ignored'} at {url}"
    # Scrapy's handler raises DownloadCancelledError when the announced size is too big, and the
    # body reader cancels with twisted's bare CancelledError when bytes without a length pile up.
    if isinstance(exc, CancelledError | DownloadCancelledError):
        return "cut-download", f"response larger than {_maxsize(settings)} at {url}"
    return "page-failed", f"{_message(failure)} at {url}"


def _message(failure: Failure) -> str:
    """What went wrong, in words: Twisted's "response never received" wraps its reasons (a
    connection reset, say) in a list of Failures whose repr is no message (and Scrapy wraps that
    error in its own, the original as the cause)."""
    exc = failure.value
    inner = getattr(exc, "reasons", None) or getattr(
        getattr(exc, "__cause__", None), "reasons", None
    )
    if isinstance(inner, list) and inner:
        texts = [r.getErrorMessage() if isinstance(r, Failure) else str(r) for r in inner]
        return "; ".join(t.strip() for t in texts if t.strip()) or type(exc).__name__
    return failure.getErrorMessage().strip() or type(exc).__name__


def _maxsize(settings: Any) -> str:
    return f"DOWNLOAD_MAXSIZE ({settings.getint('DOWNLOAD_MAXSIZE') / 2**20:g} MiB)"
