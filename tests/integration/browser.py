"""Debian's headless Chromium for the page tests: a page's DOM after its scripts ran, screenshots,
and axe-core's accessibility check. Pages that need a script to drive them (type into a field,
measure a layout, run axe) are loaded in an iframe of a small driver page on the same 127.0.0.1
server, which writes what it found into the DOM that Chromium dumps."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import lxml.html

from tests.support import ROOT

AXE = ROOT / ".cache" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
"""Installed from the npm registry by ``make test`` (the Makefile's axe-core target)."""


def chromium(*args: str, profile: Path) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("chromium") or shutil.which("chromium-browser")
    assert binary, "the page tests need Debian's chromium (make test installs it)"
    command = [
        binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--hide-scrollbars", "--no-first-run", f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", *args,
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=True)


def dump(url: str, tmp_path: Path, *flags: str) -> lxml.html.HtmlElement:
    out = chromium(*flags, "--dump-dom", url, profile=tmp_path / "profile").stdout
    return lxml.html.fromstring(out)


def driven(public: Path, base: str, name: str, html: str, tmp_path: Path, *flags: str) -> str:
    """Serve a driver page beside the published files, load it, and return what it wrote into
    its ``<pre id="out">`` (the driver is removed afterwards)."""
    driver = public / name
    driver.write_text(html, "utf-8")
    try:
        doc = dump(base + name, tmp_path, *flags)
    finally:
        driver.unlink()
    return doc.get_element_by_id("out").text or ""


AXE_DRIVER = """<!doctype html><meta charset="utf-8"><title>axe</title>
<iframe id="f" src="{page}" style="width:{width}px;height:900px;border:0"></iframe>
<pre id="out"></pre>
<script>
document.getElementById("f").addEventListener("load", function () {{
  var frame = this, doc = frame.contentWindow.document, script = doc.createElement("script");
  script.src = "{axe}";
  script.onload = function () {{
    frame.contentWindow.axe.run(doc, {{resultTypes: ["violations"]}}).then(function (result) {{
      var found = result.violations.map(function (v) {{
        return {{id: v.id, impact: v.impact, help: v.help,
                 nodes: v.nodes.map(function (n) {{ return n.target.join(" "); }})}};
      }});
      document.getElementById("out").textContent = JSON.stringify(found);
    }}, function (error) {{ document.getElementById("out").textContent = "error: " + error; }});
  }};
  doc.body.appendChild(script);
}});
</script>
"""


def axe_violations(public: Path, base: str, page: str, tmp_path: Path, width: int) -> list[dict]:
    """axe-core's violations on a published page laid out ``width`` pixels wide."""
    assert AXE.is_file(), f"axe-core is missing: `make test` installs it ({AXE})"
    shutil.copy(AXE, public / "axe.min.js")
    depth = page.count("/")
    html = AXE_DRIVER.format(page=page, width=width, axe="../" * depth + "axe.min.js")
    try:
        out = driven(
            public, base, f"axe-{width}.html", html, tmp_path, "--virtual-time-budget=20000"
        )
    finally:
        (public / "axe.min.js").unlink()
    assert out.startswith("["), f"axe did not finish: {out!r}"
    return json.loads(out)
