"""Rendering Mermaid with the real library (npm `mermaid`) in headless Chromium (Debian
`chromium`), offline: the page loads mermaid.min.js from disk and reports what it drew."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.tools import NODE_MODULES, TOOLS

# Where .ci/install-tools puts the npm tools, found as every other tool test finds them.
MERMAID_JS = NODE_MODULES / "mermaid" / "dist" / "mermaid.min.js"

# No network on CI machines: everything that would call out is switched off, so a run neither
# waits for a time-out nor differs between machines.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    "--allow-file-access-from-files",
    # Lets the page's promises (Mermaid renders asynchronously) settle before the dump.
    "--virtual-time-budget=20000",
]

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>mermaid</title></head>
<body style="margin:8px;background:white">
<script type="application/json" id="diagrams">{diagrams}</script>
<div id="out"></div>
<pre id="result">pending</pre>
<script src="{script}"></script>
<script>
const diagrams = JSON.parse(document.getElementById("diagrams").textContent);
const results = [];
async function draw(text, index) {{
  const box = document.createElement("div");
  document.getElementById("out").appendChild(box);
  try {{
    const {{svg}} = await mermaid.render("diagram" + index, text);
    box.innerHTML = svg;
    const texts = (selector) => [...box.querySelectorAll(selector)].map((e) => e.textContent);
    return {{
      svg: box.querySelector("svg") !== null,
      nodes: [...box.querySelectorAll("g.node")].map((g) => [g.id, g.textContent]),
      edgeLabels: texts("g.edgeLabel"),
      clusters: texts("g.cluster"),
      errors: box.querySelectorAll(".error-text, .error-icon").length,
    }};
  }} catch (e) {{
    return {{svg: false, error: String((e && e.message) || e)}};
  }}
}}
mermaid.initialize({{startOnLoad: false, securityLevel: "strict"}});
(async () => {{
  for (const [index, text] of diagrams.entries()) results.push(await draw(text, index));
  document.getElementById("result").textContent = JSON.stringify(results);
}})();
</script></body></html>
"""


@dataclass
class Rendered:
    svg: bool
    error: str | None
    nodes: dict[str, str]  # Mermaid's node id (n0, legend_error...) -> the text it shows
    edge_labels: list[str]
    clusters: list[str]
    error_marks: int


def missing_tool() -> str | None:
    """Why Mermaid cannot be rendered here, or None."""
    if shutil.which("chromium") is None:
        return "chromium is not installed (Debian package chromium; `make tools` installs it)"
    if not MERMAID_JS.exists():
        return (
            f"npm package mermaid is not installed in {TOOLS} "
            f"(`make tools` installs it: npm install --prefix {TOOLS} mermaid@12)"
        )
    return None


def page(diagrams: list[str]) -> str:
    # `<` as \u003c: no name can close the script element that holds the diagrams.
    data = json.dumps(diagrams).replace("<", "\\u003c")
    return _PAGE.format(diagrams=data, script=MERMAID_JS.as_uri())


def render(diagrams: list[str], folder: Path, screenshot: Path | None = None) -> list[Rendered]:
    """Each diagram as the real Mermaid draws it, in one Chromium run."""
    source = folder / "mermaid.html"
    source.write_text(page(diagrams), "utf-8")
    profile = folder / "chromium-profile"
    command = ["chromium", *CHROMIUM_FLAGS, f"--user-data-dir={profile}"]
    dumped = subprocess.run(
        [*command, "--dump-dom", source.as_uri()],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    ).stdout
    if screenshot is not None:
        subprocess.run(
            [*command, f"--screenshot={screenshot}", "--window-size=1600,1000", source.as_uri()],
            capture_output=True,
            timeout=300,
            check=True,
        )
    match = re.search(r'<pre id="result">(.*?)</pre>', dumped, re.S)
    assert match is not None, dumped[-2000:]
    assert match.group(1) != "pending", "Mermaid did not finish in Chromium's time budget"
    return [
        Rendered(
            svg=data["svg"],
            error=data.get("error"),
            nodes={_node_id(svg_id): text for svg_id, text in data.get("nodes", [])},
            edge_labels=data.get("edgeLabels", []),
            clusters=data.get("clusters", []),
            error_marks=data.get("errors", 0),
        )
        for data in json.loads(html.unescape(match.group(1)))
    ]


def _node_id(svg_id: str) -> str:
    # Mermaid names a node's group "<svg id>-flowchart-<node id>-<counter>".
    match = re.search(r"flowchart-(.+)-\d+$", svg_id)
    return match.group(1) if match else svg_id
