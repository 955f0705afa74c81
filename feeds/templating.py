"""The one Jinja2 environment of the published pages: autoescaped, templates in ``templates/``.

The templates are package files that do not change while a publish runs, so they are not
checked for changes on every use (``auto_reload``: two ``stat`` calls per page, 5 % of an event
page's time, 200,000 pages in a large publish)."""

from __future__ import annotations

import jinja2

ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("feeds", "templates"),
    autoescape=True,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
    auto_reload=False,
)
