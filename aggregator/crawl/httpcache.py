"""The HTTP cache policy for re-crawls: RFC 2616 caching that revalidates ``no-cache`` pages.

``Cache-Control: no-cache`` means "ask the server before using the stored copy", which is what a
conditional request (If-None-Match / If-Modified-Since) does. Scrapy's RFC2616Policy instead sends
such requests without validators, so a site that says ``no-cache`` (TYPO3, many WordPress setups)
sends every unchanged page in full on each crawl. This policy adds the validators; the site can
then answer 304 Not Modified.
"""

from __future__ import annotations

from scrapy.extensions.httpcache import RFC2616Policy
from scrapy.http import Request, Response


class RevalidatingPolicy(RFC2616Policy):
    def is_cached_response_fresh(self, cachedresponse: Response, request: Request) -> bool:
        if b"no-cache" in self._parse_cachecontrol(cachedresponse):
            self._set_conditional_validators(request, cachedresponse)
            return False
        return super().is_cached_response_fresh(cachedresponse, request)
