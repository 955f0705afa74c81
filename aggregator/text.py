"""Text from third-party pages made safe and plain."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

import nh3

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: str | None) -> str:
    if not value:
        return ""
    text = nh3.clean(value, tags=set())
    text = html.unescape(html.unescape(text))
    return " ".join(_CONTROL.sub("", text).split())


def sanitise_html(value: str | None, base_url: str | None = None) -> str:
    if not value:
        return ""
    if "<" not in value:
        value = "<p>" + html.escape(value).replace("\n", "<br>") + "</p>"
    return _CONTROL.sub("", nh3.clean(value))


def html_to_text(value: str | None) -> str:
    if not value:
        return ""
    value = re.sub(r"(?i)<br\s*/?>|</p>", "\n", value)
    text = html.unescape(nh3.clean(value, tags=set()))
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    if not url or url.startswith(("javascript:", "mailto:")):
        return None
    return urljoin(base or "", url.strip()).split("#")[0]
