"""whatif and diff as a Markdown change report, read back by a real CommonMark parser."""

from __future__ import annotations

import unicodedata
from pathlib import Path

from hypothesis import HealthCheck, given, settings

from tests import ROOT
from tests.cli_helpers import wfm
from tests.export_helpers import MARKDOWN, inline_text, markdown_headings
from tests.strategies import legal_names
from wfm_tui.core.delta import findings_delta
from wfm_tui.core.diff import diff_plans
from wfm_tui.core.operations import AddApp, Connect, run
from wfm_tui.core.plan import App
from wfm_tui.core.validation import validate
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_file import read_plan
from wfm_tui.report.change_report import change_report

SINGLE = "sample_plans/single-site.toml"


def list_items(text: str) -> dict[str, list[str]]:
    """Each section's list items, as plain text (fails on any markup inside one)."""
    items: dict[str, list[str]] = {}
    section = ""
    tokens = MARKDOWN.parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            section = inline_text(tokens[index + 1])
        elif token.type == "list_item_open":
            inline = next(t for t in tokens[index:] if t.type == "inline")
            items.setdefault(section, []).append(_plain(inline))
    return items


def _plain(token) -> str:
    # Finding codes are code spans on purpose; everything else must be text.
    return "".join(
        child.content for child in token.children or [] if child.type in ("text", "code_inline")
    )


def test_whatif_markdown_says_what_it_adds_removes_breaks_and_fixes() -> None:
    result = wfm(
        "whatif",
        SINGLE,
        "--remove",
        "Stat Server London",
        "--add",
        "wfm_builder",
        "B [3]",
        "--connect",
        "B [3]",
        "WFM Server London",
        "--format",
        "markdown",
    )
    assert result.returncode == 1  # new errors, as in the text format
    assert markdown_headings(result.stdout)[0] == ("h1", f"What if, on {SINGLE}")
    items = list_items(result.stdout)
    assert items["Adds"] == ['app "B [3]"', 'link "B [3]" → "WFM Server London"']
    assert items["Removes"][0] == 'app "Stat Server London"'
    assert len(items["Breaks (new findings)"]) == 3
    assert items["Breaks (new findings)"][0].startswith("✗ error missing-connection: ")
    assert items["Fixes (resolved findings)"] == ["nothing"]
    assert items["Operations"][0] == 'remove "Stat Server London"'


def test_diff_markdown(tmp_path: Path) -> None:
    new = tmp_path / "new.toml"
    text = (ROOT / SINGLE).read_text().replace('"Stat Server London",\n', "")
    new.write_text(text)
    result = wfm("diff", SINGLE, str(new), "--format", "markdown")
    assert result.returncode == 1
    items = list_items(result.stdout)
    assert items["Removes"] == ['link "WFM Data Aggregator London" → "Stat Server London"']
    assert items["Breaks (new findings)"][0].startswith("✗ error missing-connection:")
    assert any("unreferenced-app" in item for item in items["Breaks (new findings)"])
    same = wfm("diff", SINGLE, SINGLE, "--format", "markdown")
    assert (same.returncode, list_items(same.stdout)["Adds"]) == (0, ["nothing"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=legal_names)
def test_any_name_reads_back_from_the_report(name: str) -> None:
    loaded = read_plan(ROOT / SINGLE)
    catalog = load_catalog()
    op = AddApp(name, App(kind="wfm_builder"))
    if name in loaded.plan.apps:
        return
    plan, _ = run(op, loaded.plan)
    plan, _ = run(Connect(name, "WFM Server London"), plan)
    changes = diff_plans(loaded.plan, plan)
    delta = findings_delta(validate(loaded.plan, catalog), validate(plan, catalog))
    items = list_items(change_report("Report", changes, delta, [op.describe()]))
    stored = unicodedata.normalize("NFC", name)  # as names are stored (U+F900 is U+8C48)
    assert items["Adds"][0] == f'app "{stored}"'
    assert items["Adds"][1] == f'link "{stored}" → "WFM Server London"'


def test_whatif_and_diff_give_the_same_report_for_the_same_change(tmp_path: Path) -> None:
    written = tmp_path / "proposed.toml"
    whatif = wfm(
        "whatif",
        SINGLE,
        "--remove",
        "Stat Server London",
        "--add",
        "wfm_builder",
        "B [3]",
        "--connect",
        "B [3]",
        "WFM Server London",
        "--rename",
        "WFM Web",
        "Web | 2",
        "--set",
        "WFM DAP",
        "port",
        "3307",
        "--format",
        "markdown",
        "--write",
        str(written),
    )
    diff = wfm("diff", SINGLE, str(written), "--format", "markdown")
    assert whatif.returncode == diff.returncode == 1
    proposed = list_items(whatif.stdout)
    assert proposed.pop("Operations")[3] == 'rename "WFM Web" to "Web | 2"'
    assert proposed == list_items(diff.stdout)
    assert proposed["Changes"] == [
        'app "WFM Web" renamed to "Web | 2"',
        'app "WFM DAP": port 3306 → 3307',
    ]
    # Both open with the same verdict, under their own title.
    assert whatif.stdout.split("\n")[2] == diff.stdout.split("\n")[2]
