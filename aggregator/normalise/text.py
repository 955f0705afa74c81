"""Cleaning of the text, HTML and URLs that organisers publish.

Feeds break on what real pages contain: control characters make feedgen raise, entity-escaped
titles from WordPress (``&#8211;``, even ``&amp;amp;``) look broken in readers, and description
HTML may carry scripts, event handlers and relative links. Everything here is pure.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import html_text
import nh3
from w3lib.url import canonicalize_url

# C0 controls except tab/newline/carriage return, DEL, C1 controls, lone surrogates and the
# non-characters that XML 1.0 forbids; plus invisible characters (zero-width, soft hyphen, BOM)
# that only get in the way of matching and deduplication; plus the bidirectional controls (marks,
# embeddings, overrides, isolates), with which a title can show other text than it holds
# ("Trojan Source") and which German event text never needs.
_INVALID_CHARS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\u00ad\u200b-\u200f"
    "\u061c\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_TAG = re.compile(r"<!--.*?-->|<(script|style)\b.*?</\1\s*>|</?[A-Za-z][^<>]*>", re.S | re.I)
_BREAKING_TAG = re.compile(r"<(?:br|/p|/div|/li|/h[1-6]|/tr)\b[^<>]*>", re.I)
_ENTITY = re.compile(r"&(?:#\d{2,7}|#x[0-9a-fA-F]{2,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HAS_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?>")
_BLOCK_TAG = re.compile(r"<(?:p|div|br|ul|ol|li|h[1-6]|table|blockquote|pre|dl)\b", re.I)
_ESCAPED_TAG = re.compile(r"&lt;/?(?:p|br|div|ul|ol|li|strong|b|em|i|a|h[1-6]|span)\b", re.I)
_SPACE = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n[ \t]*\n\s*")
_EMPTY_BLOCK = re.compile(r"<(p|li|h[3-6]|strong|em|b|i)>(?:\s|&nbsp;|<br>)*</\1>")
_DEAD_LINK = re.compile(r'<a rel="[^"]*">(.*?)</a>', re.S)
_HREF = re.compile(r"href", re.I)
_ABSOLUTE_HREF = re.compile(r"""\bhref\s*=\s*["']?\s*[a-z][a-z0-9+.-]*:""", re.I)

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "a", "ul", "ol", "li", "strong", "em", "b", "i", "u", "s", "sub", "sup",
        "h3", "h4", "h5", "h6", "blockquote", "q", "cite", "abbr", "code", "pre", "hr",
        "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption",
    }
)  # fmt: skip
"""Structure an event description needs; h1/h2 are dropped (text kept) because the event title
is the heading wherever a description is shown."""
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}
_CONTENT_DROPPED = {
    "script", "style", "iframe", "noscript", "template", "object", "embed", "svg", "math",
    "head", "title", "select", "textarea", "button",
}  # fmt: skip
_URL_SCHEMES = {"http", "https", "mailto", "tel"}
_LINK_REL = "noopener noreferrer nofollow"

_TRACKING_PARAM = re.compile(
    r"^(?:utm_\w+|mtm_\w+|pk_\w+|piwik_\w+|fbclid|gclid|gclsrc|dclid|gbraid|wbraid|msclkid|"
    r"yclid|twclid|igshid|mc_cid|mc_eid|_hsenc|_hsmi|__hstc|__hssc|__hsfp|hsctatracking|"
    r"_ga|_gl|wt_mc|wt_zmc|ef_id|s_cid|sc_campaign|oly_enc_id|oly_anon_id|vero_id|"
    r"mkt_tok|trk|trkcampaign|ncid|cmpid|at_medium|at_campaign)$",
    re.I,
)


def remove_invalid_chars(value: str) -> str:
    """Drop characters that XML feeds reject and invisible ones that defeat string matching."""
    return _INVALID_CHARS.sub("", value)


def _unescape(value: str) -> str:
    """Decode entities, twice at most: WordPress titles arrive escaped twice (``&amp;#8211;``)."""
    for _ in range(2):
        if not _ENTITY.search(value):
            break
        value = html.unescape(value)
    return value


def clean_text(value: str | None) -> str:
    """One line of readable text for titles and short fields, whatever markup the source used."""
    if not value:
        return ""
    return _clean_text(value) if len(value) <= _CACHED_LENGTH else _clean_text.__wrapped__(value)


_CACHED_LENGTH = 300
"""Short fields repeat (venues, organisers, towns, titles); a description's text, also cleaned
here, rarely does, and a worker that kept every one would hold the ingest's descriptions twice."""


@lru_cache(maxsize=65536)
def _clean_text(value: str) -> str:
    """Cached: venues, organisers, cities and categories repeat from event to event. Markup and
    entities need a ``<`` or an ``&``; text without either (a description's plain text) skips
    their expressions."""
    if "<" in value or "&" in value:
        value = _BREAKING_TAG.sub(" ", value)
        value = _TAG.sub("", value)
        value = _unescape(value)
        value = _TAG.sub("", value)  # tags that were themselves entity-escaped
    value = unicodedata.normalize("NFC", remove_invalid_chars(value))
    return _SPACE.sub(" ", value).strip()


def _text_as_html(text: str, escape: bool = True) -> str:
    """Plain-text descriptions keep their paragraphs (blank lines) and line breaks; so does
    HTML that marks paragraphs only by blank lines (raw WordPress content, iCal)."""
    paragraphs = [p.strip() for p in _BLANK_LINES.split(text.strip()) if p.strip()]
    lines = (
        (
            html.escape(line.strip(), quote=False) if escape else line.strip()
            for line in p.splitlines()
        )
        for p in paragraphs
    )
    return "".join("<p>" + "<br>".join(paragraph) + "</p>" for paragraph in lines)


@lru_cache(maxsize=256)
def _cleaner(base_url: str | None) -> nh3.Cleaner:
    """One sanitiser for all descriptions without relative links, one per page URL for those
    with them (``_has_relative_link``)."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS),
        clean_content_tags=_CONTENT_DROPPED,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel=_LINK_REL,
        strip_comments=True,
        url_relative=("rewrite_with_base", base_url) if base_url else "deny",
    )


def _has_relative_link(value: str) -> bool:
    """Whether the base URL can change the sanitised HTML: ``href`` is the only URL attribute
    kept, and an absolute one comes out the same with any base. Most descriptions have no link
    or only absolute ones; they all share the cleaner without a base instead of building one for
    their page's URL (building an nh3 Cleaner costs more than cleaning). Anything that looks
    like ``href`` but not like an absolute link counts as relative, so a doubt costs time only."""
    mentions = len(_HREF.findall(value))
    return mentions > 0 and mentions != len(_ABSOLUTE_HREF.findall(value))


def _absolute_base(base_url: str | None) -> str | None:
    if not base_url:
        return None
    parts = urlsplit(base_url.strip())
    return base_url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def sanitise_html(html_value: str | None, base_url: str | None = None) -> str:
    """Description HTML that is safe to put into feeds and pages.

    Relative links become absolute against ``base_url`` (a feed reader has no page to resolve
    them against) and are dropped when there is no base; every link gets ``rel`` nofollow etc.
    Plain text (no tags) is escaped and its paragraphs and line breaks kept.
    """
    if not html_value:
        return ""
    value = unicodedata.normalize("NFC", remove_invalid_chars(html_value))
    if not _HAS_TAG.search(value):
        if _ESCAPED_TAG.search(value):
            value = html.unescape(value)  # HTML that arrived entity-escaped
        else:
            value = _text_as_html(_unescape(value))
    elif "\n" in value.strip() and not _BLOCK_TAG.search(value):
        value = _text_as_html(value, escape=False)
    base = _absolute_base(base_url) if _has_relative_link(value) else None
    # Characters given as entities (``&#x202E;``) are decoded by the cleaner: remove them again.
    cleaned = remove_invalid_chars(_cleaner(base).clean(value))
    cleaned = _DEAD_LINK.sub(r"\1", cleaned)  # links whose URL was unsafe or unresolvable
    cleaned = _EMPTY_BLOCK.sub("", cleaned)
    return cleaned.strip()


def html_to_text(html_value: str | None) -> str:
    """Readable plain text for search and iCalendar, with paragraph breaks kept as newlines.

    html-text (Zyte, already installed with extruct) understands block elements, ``<br>`` and
    invisible content, which a tag-stripping regex does not.
    """
    if not html_value:
        return ""
    return _html_to_text(html_value)


@lru_cache(maxsize=1024)
def _html_to_text(html_value: str) -> str:
    """Cached: the sources that announce the same event often share its description."""
    value = remove_invalid_chars(html_value)
    if not _HAS_TAG.search(value):
        value = _text_as_html(_unescape(value))
    elif "\n" in value.strip() and not _BLOCK_TAG.search(value):
        value = _text_as_html(value, escape=False)
    text = _extracted(value)
    text = unicodedata.normalize("NFC", remove_invalid_chars(text))
    lines = [_SPACE.sub(" ", line).strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


_SIMPLE_PARAGRAPHS = re.compile(
    r"\s*+(?:<p>(?:[^<&]++|&(?:amp|lt|gt|quot|nbsp);|<br>)*+</p>\s*+)++"
)
_PARAGRAPH = re.compile(r"<p>(.*?)</p>", re.S)
_WHITESPACE = re.compile(r"\s+")
_KNOWN_TAG = re.compile(
    rf"</?(?:{'|'.join(sorted(ALLOWED_TAGS, key=len, reverse=True))})(?=[\s/>])", re.I
)


def _extracted(value: str) -> str:
    """html-text's text of ``value``, the same without its work where it would change nothing.

    Paragraphs of text and line breaks (``<p>…<br>…</p>``: plain-text descriptions as
    ``sanitise_html`` writes them, and most short ones) are read without a parser: html-text gives
    each paragraph's lines with their whitespace collapsed, a line break between lines and a
    blank line between paragraphs. HTML whose every ``<`` opens or closes a tag the sanitiser
    keeps (its output) is parsed once and not cleaned: html-text's cleaner removes scripts,
    styles, comments, frames and embedded objects, of which such HTML has none (cleaning copies
    the tree and walks it, as long as parsing). ``tests/unit/test_text.py`` compares both with
    html-text's own result."""
    if _SIMPLE_PARAGRAPHS.fullmatch(value):
        paragraphs = (
            (_WHITESPACE.sub(" ", html.unescape(line).strip()) for line in p.split("<br>"))
            for p in _PARAGRAPH.findall(value)
        )
        return "\n\n".join(
            block for block in ("\n".join(line for line in p if line) for p in paragraphs) if block
        )
    if value.count("<") == len(_KNOWN_TAG.findall(value)):
        return html_text.etree_to_text(html_text.parse_html(value), guess_layout=True)
    return html_text.extract_text(value, guess_layout=True)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """One spelling per address, so that the same event page is recognised across sources.

    Relative URLs are resolved against ``base``; fragments and tracking parameters go, the
    remaining query parameters are kept (sorted) because they often identify the event
    (``?id=123``, TYPO3 ``tx_news_pi1[news]=…``). Anything that is not http(s) gives None.
    """
    if not url:
        return None
    if _PLAIN_URL.fullmatch(url):
        return url if url.count("/") > 2 else url + "/"
    return _canonical(url, base)


_LABEL = r"(?!xn--)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_PLAIN_URL = re.compile(rf"https?://{_LABEL}(?:\.{_LABEL})*(?:/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)*/?")
"""An address that is its own canonical spelling (with ``/`` as the path when it has none): an
http(s) scheme and a lower-case host in that spelling, no port, no credentials, a path of
unreserved characters without dot segments, no query, no fragment. Most event pages' addresses
are of this kind (183 of the 208 real announcements' in ``tests/data``); ``_canonical`` gives them
back unchanged, as ``tests/unit/test_text.py`` checks, at a small part of the cost."""


def _canonical(url: str, base: str | None) -> str | None:
    url = remove_invalid_chars(_unescape(url)).strip()
    if not url:
        return None
    if base:
        url = urljoin(base.strip(), url)
    parts = urlsplit(url)
    try:
        port = parts.port
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    query = [
        (key, value)
        for key, value in parse_qsl(parts.query, keep_blank_values=True)
        if not _TRACKING_PARAM.match(key)
    ]
    netloc = parts.netloc.rsplit("@", 1)[-1]  # credentials never belong in a published URL
    host_port = netloc.lower()
    scheme = parts.scheme.lower()
    if (scheme, port) in (("http", 80), ("https", 443)):
        host_port = host_port.rsplit(":", 1)[0]
    rebuilt = urlunsplit((scheme, host_port, parts.path or "/", urlencode(query), ""))
    return canonicalize_url(rebuilt, keep_fragments=False)
