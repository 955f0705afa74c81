"""Retries that back off: a struggling organiser site gets more time before each new attempt.

Scrapy's own RetryMiddleware re-queues a failed request at once, so a site answering 503 under load
is asked again within milliseconds. This subclass waits ``RETRY_BACKOFF_BASE * 2**(n-1)`` seconds
before the n-th retry (capped at ``RETRY_BACKOFF_MAX``) and honours a ``Retry-After`` header in
seconds. The wait holds one of the site's download slots, so the site sees fewer requests meanwhile.
"""

from __future__ import annotations

import asyncio
from typing import Any

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response


def backoff_delay(attempt: int, base: float, cap: float, retry_after: float | None = None) -> float:
    """Seconds to wait before retry number ``attempt`` (1 for the first retry)."""
    delay = base * float(2 ** max(attempt - 1, 0))
    if retry_after is not None:
        delay = max(delay, retry_after)
    return min(delay, cap)


def retry_after_seconds(response: Response | None) -> float | None:
    """The ``Retry-After`` header when it gives seconds (the HTTP-date form is rare for 429/503)."""
    if response is None:
        return None
    value = response.headers.get(b"Retry-After")
    if not value:
        return None
    try:
        return max(float(value.decode("ascii").strip()), 0.0)
    except (UnicodeDecodeError, ValueError):
        return None


class BackoffRetryMiddleware(RetryMiddleware):
    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.base = settings.getfloat("RETRY_BACKOFF_BASE", 2.0)
        self.cap = settings.getfloat("RETRY_BACKOFF_MAX", 60.0)

    async def process_response(  # type: ignore[override]
        self, request: Request, response: Response, spider: Any = None
    ) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, retry_after_seconds(response))
        return result

    async def process_exception(  # type: ignore[override]
        self, request: Request, exception: Exception, spider: Any = None
    ) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: float | None) -> None:
        attempt = int(retry.meta.get("retry_times", 1))
        delay = backoff_delay(attempt, self.base, self.cap, retry_after)
        stats = self.crawler.stats  # a float total: inc_value is typed for whole counts
        stats.set_value(
            "retry/backoff_seconds", stats.get_value("retry/backoff_seconds", 0.0) + delay
        )
        if delay > 0:
            await asyncio.sleep(delay)
