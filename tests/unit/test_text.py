"""Cleaning of titles, description HTML and URLs."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from aggregator.normalise import text
from aggregator.normalise.text import canonical_url, clean_text, html_to_text, sanitise_html

XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (
            "KI-Werkstatt &#8211; Sprachmodelle im Betrieb",
            "KI-Werkstatt – Sprachmodelle im Betrieb",
        ),
        ("Daten &amp;amp; Recht", "Daten & Recht"),
        ("Cloud&nbsp;Tag&nbsp;2027", "Cloud Tag 2027"),
        ("<strong>Digitalforum</strong> Chemnitz", "Digitalforum Chemnitz"),
        ("Zeile eins<br/>Zeile zwei", "Zeile eins Zeile zwei"),
        ("  Viel \n\t  Leerraum  ", "Viel Leerraum"),
        ("Steuer\x0bseminar\x00 2027\x7f", "Steuerseminar 2027"),
        ("Smart\u200bCity\u00ad-Tag\ufeff", "SmartCity-Tag"),
        ("Mu\u0308nchen", "München"),
        ("a < b und c > d", "a < b und c > d"),
        ("&lt;b&gt;Fett&lt;/b&gt; gedruckt", "Fett gedruckt"),
        ("<script>alert(1)</script>Titel", "Titel"),
        ("Preis: 5 &euro;", "Preis: 5 €"),
        (None, ""),
        ("", ""),
    ],
)
def test_clean_text(raw: str | None, expected: str) -> None:
    assert clean_text(raw) == expected


@given(st.text())
def test_clean_text_is_xml_safe_and_single_line(value: str) -> None:
    cleaned = clean_text(value)
    assert not XML_INVALID.search(cleaned)
    assert "\n" not in cleaned
    assert cleaned == cleaned.strip()


BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def test_bidi_controls_leave_titles_places_and_descriptions() -> None:
    """A title that reads "KI-Tag Leipzig" on screen but holds reversed text ("Trojan Source")."""
    assert clean_text("KI-Tag \u202egizpieL\u202c \u2066Dresden\u2069") == "KI-Tag gizpieL Dresden"
    assert clean_text("\u200fMessehaus\u200e, Görlitz") == "Messehaus, Görlitz"
    assert sanitise_html("<p>Ort: \u2067Halle 1\u2069</p>") == "<p>Ort: Halle 1</p>"
    assert html_to_text("<p>\u202dZeile\u202c</p>") == "Zeile"
    for escaped in ("a&#x202E;b", "<p>a&#8238;b</p>", "a&amp;#x202E;b"):
        assert "\u202e" not in clean_text(escaped) + sanitise_html(escaped) + html_to_text(escaped)


@given(
    st.lists(st.sampled_from([*BIDI_CONTROLS, "a", "<p>", "&#x202E;", "&", " ", "ü", "\n"])).map(
        "".join
    )
)
def test_no_bidi_control_survives_any_cleaning(value: str) -> None:
    for cleaned in (clean_text(value), sanitise_html(value), html_to_text(value)):
        assert not set(cleaned) & set(BIDI_CONTROLS)


@given(st.text(alphabet=st.characters(blacklist_characters="&<")))
def test_clean_text_is_idempotent_on_text_without_markup(value: str) -> None:
    assert clean_text(clean_text(value)) == clean_text(value)


BASE = "https://www.ihk.de/chemnitz/veranstaltungen/ki-tag/"


def test_sanitise_html_removes_active_content() -> None:
    html = (
        '<p onclick="steal()">Programm <script>alert(1)</script><style>p{}</style>'
        '<iframe src="https://evil.example/"></iframe><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">Klick</a> <a href="data:text/html,hi">Daten</a></p>'
    )
    cleaned = sanitise_html(html, BASE)
    for forbidden in ("script", "style", "iframe", "onclick", "onerror", "javascript:", "data:",
                      "<img", "alert"):  # fmt: skip
        assert forbidden not in cleaned
    assert cleaned == "<p>Programm Klick Daten</p>"


def test_sanitise_html_keeps_description_structure() -> None:
    html = (
        "<h2>Programm</h2><h3>Vormittag</h3><p>Begrüßung<br>Impuls</p>"
        "<ul><li><strong>9:00</strong> Start</li><li><em>10:00</em> KI-Praxis</li></ul>"
        "<blockquote>Zitat</blockquote><table><tr><td>Raum</td><td>A1</td></tr></table>"
    )
    cleaned = sanitise_html(html)
    assert cleaned == (
        "Programm<h3>Vormittag</h3><p>Begrüßung<br>Impuls</p>"
        "<ul><li><strong>9:00</strong> Start</li><li><em>10:00</em> KI-Praxis</li></ul>"
        "<blockquote>Zitat</blockquote><table><tbody><tr><td>Raum</td><td>A1</td></tr></tbody>"
        "</table>"
    )


def test_sanitise_html_makes_links_absolute_and_safe() -> None:
    html = (
        '<p><a href="../anmeldung/?id=7" target="_blank">Anmelden</a> '
        '<a href="https://example.org/" rel="opener">Extern</a> '
        '<a href="mailto:info@example.org">Mail</a></p>'
    )
    cleaned = sanitise_html(html, BASE)
    assert 'href="https://www.ihk.de/chemnitz/veranstaltungen/anmeldung/?id=7"' in cleaned
    assert cleaned.count('rel="noopener noreferrer nofollow"') == 3
    assert "target" not in cleaned
    assert 'href="mailto:info@example.org"' in cleaned


def test_sanitise_html_without_base_drops_relative_links_but_keeps_text() -> None:
    assert sanitise_html('<p><a href="/anmeldung">Anmelden</a></p>') == "<p>Anmelden</p>"


def test_sanitise_html_escapes_plain_text_and_keeps_paragraphs() -> None:
    text = "Workshop für Einsteiger & Profis <3\nZeile 2\n\nZweiter Absatz"
    assert sanitise_html(text) == (
        "<p>Workshop für Einsteiger &amp; Profis &lt;3<br>Zeile 2</p><p>Zweiter Absatz</p>"
    )


def test_sanitise_html_keeps_blank_line_paragraphs_of_inline_html() -> None:
    html = "Der <strong>KI-Tag</strong> beginnt.\nMit Imbiss.\n\n<a href='/anmeldung'>Anmelden</a>"
    assert sanitise_html(html, BASE) == (
        "<p>Der <strong>KI-Tag</strong> beginnt.<br>Mit Imbiss.</p><p><a "
        'href="https://www.ihk.de/anmeldung" rel="noopener noreferrer nofollow">Anmelden</a></p>'
    )


def test_sanitise_html_unescapes_entity_escaped_html() -> None:
    assert sanitise_html("&lt;p&gt;Hallo &lt;b&gt;Welt&lt;/b&gt;&lt;/p&gt;") == (
        "<p>Hallo <b>Welt</b></p>"
    )


def test_sanitise_html_removes_control_characters_and_empty_paragraphs() -> None:
    assert sanitise_html("<p>Eins\x0bzwei\x00</p><p>&nbsp;</p><p></p>") == "<p>Einszwei</p>"
    assert sanitise_html(None) == ""
    assert sanitise_html("") == ""


@given(st.text())
def test_sanitise_html_output_is_xml_safe(value: str) -> None:
    assert not XML_INVALID.search(sanitise_html(value, BASE))


def test_html_to_text_keeps_paragraphs() -> None:
    html = (
        "<h3>Programm</h3><p>Begrüßung<br>Impuls</p><ul><li>KI</li><li>Cloud</li></ul>"
        "<p>Ende&nbsp;gegen 17 Uhr</p><script>var x = 1;</script>"
    )
    assert html_to_text(html) == "Programm\n\nBegrüßung\nImpuls\n\nKI\nCloud\n\nEnde gegen 17 Uhr"


def test_html_to_text_reads_plain_text_and_entities() -> None:
    assert html_to_text("Erste Zeile\nZweite &amp; dritte\n\n\n\nNeuer Absatz") == (
        "Erste Zeile\nZweite & dritte\n\nNeuer Absatz"
    )
    assert html_to_text(None) == ""
    assert html_to_text("Der <b>KI-Tag</b>\nbeginnt.\n\nEnde") == "Der KI-Tag\nbeginnt.\n\nEnde"


@pytest.mark.parametrize(
    ("url", "base", "expected"),
    [
        ("https://www.IHK.de/veranstaltung/?utm_source=nl&id=5&utm_medium=mail#anmeldung", None,
         "https://www.ihk.de/veranstaltung/?id=5"),
        ("/veranstaltungen/ki-tag/?b=2&a=1", "https://www.hwk-dresden.de/termine/",
         "https://www.hwk-dresden.de/veranstaltungen/ki-tag/?a=1&b=2"),
        ("ki-tag.html", "https://example.org/events/list.html",
         "https://example.org/events/ki-tag.html"),
        ("//cdn.example.org/programm.pdf", "https://example.org/",
         "https://cdn.example.org/programm.pdf"),
        ("https://example.org:443/a?fbclid=XYZ&gclid=1&mc_eid=2", None, "https://example.org/a"),
        ("http://example.org:80/a", None, "http://example.org/a"),
        ("https://example.org/index.php?tx_news_pi1[news]=12&cHash=ab", None,
         "https://example.org/index.php?cHash=ab&tx_news_pi1%5Bnews%5D=12"),
        ("https://example.org/a b/ä", None, "https://example.org/a%20b/%C3%A4"),
        ("https://user:secret@example.org/a", None, "https://example.org/a"),
        ("  https://example.org/a  ", None, "https://example.org/a"),
        ("https://example.org/a?x=1&amp;utm_campaign=z", None, "https://example.org/a?x=1"),
        ("javascript:void(0)", "https://example.org/", None),
        ("mailto:info@example.org", None, None),
        ("tel:+49351123", None, None),
        ("data:text/html,hi", None, None),
        ("#", None, None),
        ("relative/without/base", None, None),
        ("https://example.org:99999/", None, None),
        ("", None, None),
        (None, None, None),
    ],
)  # fmt: skip
def test_canonical_url(url: str | None, base: str | None, expected: str | None) -> None:
    assert canonical_url(url, base) == expected


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("https://Example.org/Termine/?b=2&a=1&utm_source=x#top")
    assert once is not None
    assert canonical_url(once) == once


HREF_SHAPES = [
    '<p>Mehr: <a href="https://example.org/a">Programm</a></p>',
    "<p>Mehr: <a HREF = 'mailto:info@example.org'>Mail</a></p>",
    '<p><a href="/termine/42">relativ</a> und <a href="https://example.org/">absolut</a></p>',
    '<p><a href="//cdn.example.org/x">ohne Schema</a></p>',
    '<p><a title="x"href=programm.html>ohne Anführungszeichen</a></p>',
    "<p>Das Attribut href steht hier nur im Text.</p>",
    "<p>Keine Links.</p>",
]


@pytest.mark.parametrize("value", HREF_SHAPES)
def test_sanitising_with_the_shared_cleaner_gives_what_the_pages_own_would(value: str) -> None:
    """A description is cleaned without its page's base only where the base cannot matter."""
    base = "https://example.org/veranstaltungen/"
    chosen = text._absolute_base(base) if text._has_relative_link(value) else None
    assert text._cleaner(chosen).clean(value) == text._cleaner(base).clean(value)


def test_descriptions_without_relative_links_share_one_cleaner(monkeypatch) -> None:
    built = []
    original = text.nh3.Cleaner

    def counting(*args, **kwargs):
        built.append(kwargs.get("url_relative"))
        return original(*args, **kwargs)

    monkeypatch.setattr(text.nh3, "Cleaner", counting)
    text._cleaner.cache_clear()
    try:
        for n in range(50):
            page = f"https://example.org/termine/{n}"
            assert sanitise_html(
                f'<p>Termin {n}: <a href="https://example.org/">mehr</a></p>', page
            )
        assert built == ["deny"], "fifty pages, one cleaner"
        html = sanitise_html('<p><a href="anmeldung">Anmeldung</a></p>', "https://example.org/t/1")
        assert 'href="https://example.org/t/anmeldung"' in html
        assert len(built) == 2, "a relative link needs its page's base"
    finally:
        text._cleaner.cache_clear()


LINE_CHARS = st.sampled_from(
    [*"aäßZ09 .,;:!?()\"'<>&#/-", "\t", "\n", "\r", "\xa0", "\u2028", "\u3000", "€", "😀"]
)
PIECES = [
    "<p>", "</p>", "<br>", "<b>", "</b>", "<a href=\"https://kammer.example/x?a=1&amp;b=2\">",
    "</a>", "<ul>", "<li>", "</li>", "</ul>", "<h3>", "</h3>", "<table>", "<tr>", "<td>",
    "<script>x()</script>", "<style>p{}</style>", "<!-- c -->", "<iframe src=x></iframe>",
    "<?php x ?>", "<div>", "</div>", "&amp;", "&nbsp;", "&lt;", "&#8211;", "&bogus;", "&amp",
    "KI-Tag", "Dresden", " ", "\n", "\xa0", ".", "(",
]  # fmt: skip


@given(
    st.lists(
        st.lists(st.text(LINE_CHARS, max_size=12), min_size=1, max_size=4), min_size=1, max_size=5
    )
)
def test_paragraphs_read_without_a_parser_give_what_html_text_gives(paragraphs) -> None:
    import html as html_module

    import html_text

    value = "\n".join(
        "<p>" + "<br>".join(html_module.escape(line, quote=False) for line in lines) + "</p>"
        for lines in paragraphs
    ).replace("\xa0", "&nbsp;")
    assert text._SIMPLE_PARAGRAPHS.fullmatch(value)
    assert text._extracted(value) == html_text.extract_text(value, guess_layout=True)


@given(st.lists(st.sampled_from(PIECES), max_size=25).map("".join))
def test_html_read_without_cleaning_gives_what_html_text_gives(value: str) -> None:
    import html_text

    for html_value in (value, sanitise_html(value, "https://kammer.example/termine/")):
        expected = html_text.extract_text(html_value, guess_layout=True)
        assert text._extracted(html_value) == expected


URL_PARTS = st.sampled_from(
    ["https://", "http://", "HTTPS://", "www.", "kammer", "example", ".", "..", "/", "-", "_", "~",
     "a", "Z", "0", "xn--bcher-kva", "termine", "2027-05-13", "?", "id=1", "&", "#", ":", "8080",
     "@", "%20", ";", "ä", " ", "x" * 70]
)  # fmt: skip


@given(
    st.lists(URL_PARTS, max_size=12).map(lambda parts: "https://" + "".join(parts))
    | st.lists(URL_PARTS, max_size=12).map("".join),
    st.sampled_from([None, "https://kammer.example/termine/", "http://kammer.example", "x"]),
)
def test_addresses_in_their_canonical_spelling_come_back_as_they_are(url: str, base) -> None:
    assert canonical_url(url, base) == text._canonical(url, base)
