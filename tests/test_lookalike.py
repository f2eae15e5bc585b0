"""Names that print the same are one name (NFC) or refused (invisible characters) or warned of
(look-alike-names, Unicode TR39 confusable skeletons)."""

from __future__ import annotations

import json
import string
import subprocess
import sys
from pathlib import Path

import pytest

from tests import ROOT
from tests.cli_helpers import wfm
from tests.plan_helpers import make_plan, minimal_apps
from wfm_tui.core import lookalike
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import SEVERITY, Code, Severity
from wfm_tui.core.lookalike import look_alikes, skeleton
from wfm_tui.core.operations import AddApp, Connect, OperationError, RenameApp, SetField
from wfm_tui.core.plan import App
from wfm_tui.core.validation import validate
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import parse_plan

HEAD = 'format = 1\nname = "p"\n'
CYRILLIC_A = "\u0410"


def located(text: str) -> list:
    loaded = parse_plan(text)
    return loaded.locate_findings(validate(loaded.plan, loaded.catalog))


def test_cyrillic_look_alike_is_warned_of_where_it_is_defined() -> None:
    text = HEAD + f'[apps."WFM DAP"]\nkind = "dap"\n[apps."WFM D{CYRILLIC_A}P"]\nkind = "dap"\n'
    [alike] = [f for f in located(text) if f.code is Code.LOOK_ALIKE_NAMES]
    assert SEVERITY[Code.LOOK_ALIKE_NAMES] is Severity.WARNING
    assert (alike.app, alike.target) == (f"WFM D{CYRILLIC_A}P", "WFM DAP")
    assert (alike.line, alike.column) == (5, 1)
    assert alike.message == (
        f'DAP "WFM D{CYRILLIC_A}P" looks like DAP "WFM DAP": the names differ only in '
        "characters that look alike (U+0410 CYRILLIC CAPITAL LETTER A)"
    )


def test_look_alike_sites_are_warned_of_at_the_site_key() -> None:
    text = (
        HEAD + '[apps.a]\nkind = "dap"\nsite = "London"\n'
        '[apps.b]\nkind = "dap"\nsite = "L\u043endon"\n'  # Cyrillic o
    )
    [alike] = [f for f in located(text) if f.code is Code.LOOK_ALIKE_NAMES]
    assert alike.app == "b"
    assert (alike.line, alike.column) == (8, 1)
    assert 'site "L\u043endon" of DAP "b" looks like site "London"' in alike.message


@pytest.mark.parametrize(
    ("names", "alike"),
    [
        (["Server 1", "Server l", "Server I"], True),  # TR39: 1, l and I are confusable
        (["Warm", "Warn"], False),
        (["m", "rn"], True),
        (["a", "a\ufe0f"], True),  # a variation selector is default-ignorable
        (["x", "X"], False),  # case is not a look-alike
        (["东京", "東京"], False),
    ],
)
def test_skeletons(names: list[str], alike: bool) -> None:
    assert bool(look_alikes(names)) == alike
    assert (len({skeleton(n) for n in names}) == 1) == alike


def test_the_ascii_table_is_what_the_data_says() -> None:
    # ASCII names never read the data file: its ASCII part is kept in the code; it must agree.
    table = lookalike._table()
    for char in string.printable.strip() + " ":
        assert char.translate(lookalike._ASCII) == (table[ord(char)] or ""), repr(char)
        # The same skeleton as the data gives it inside a name that is not ASCII.
        assert skeleton(char) + skeleton("é") == skeleton(f"{char}é"), repr(char)
        # And the same again when many ASCII names are done at once.
        assert lookalike._ascii_skeletons([char, "x"]) == [skeleton(char).encode(), b"x"]


def test_an_ascii_plan_never_reads_the_confusables_data() -> None:
    code = (
        "from wfm_tui.cli.main import main\n"
        "from wfm_tui.core import lookalike\n"
        "main(['check', 'sample_plans/broken.toml'])\n"
        "assert lookalike._table.cache_info().currsize == 0\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=False
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    "invisible",
    ["\u200b", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u061c", "\U000e0041"],
    ids=lambda c: f"U+{ord(c):04X}",
)
def test_invisible_characters_in_names_are_refused(invisible: str) -> None:
    escaped = f"\\U{ord(invisible):08X}"
    text = HEAD + f'[apps."WFM DAP"]\nkind = "dap"\n[apps."WFM{escaped} DAP"]\nkind = "dap"\n'
    with pytest.raises(LoadError) as caught:
        parse_plan(text)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (5, 1)
    assert "characters (found \\" in problem.message


def test_precomposed_and_decomposed_names_are_one_name() -> None:
    text = HEAD + '[apps."Caf\\u00e9"]\nkind = "dap"\n[apps."Cafe\\u0301"]\nkind = "dap"\n'
    with pytest.raises(LoadError) as caught:
        parse_plan(text)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (5, 1)
    assert problem.message == (
        'apps."Cafe\u0301" is the name of another app: the two differ only in how accented '
        "letters are encoded (Unicode NFC) (first at line 3, column 1)"
    )


def test_a_decomposed_name_then_a_precomposed_one_are_placed_apart() -> None:
    text = HEAD + '[apps."Cafe\\u0301"]\nkind = "dap"\n[apps."Caf\\u00e9"]\nkind = "dap"\n'
    with pytest.raises(LoadError) as caught:
        parse_plan(text)
    [problem] = caught.value.problems
    assert (problem.line, problem.column) == (5, 1)
    assert problem.message.endswith("(first at line 3, column 1)")


def test_references_find_the_app_whichever_way_they_are_encoded() -> None:
    text = (
        HEAD + '[apps.S]\nkind = "wfm_server"\nconnections = ["B", "Cafe\\u0301"]\n'
        '[apps.B]\nkind = "wfm_builder"\nconnections = ["S"]\n'
        '[apps."Caf\\u00e9"]\nkind = "dap"\n'
    )
    loaded = parse_plan(text)
    assert loaded.plan.apps["S"].connections == ("B", "Café")
    assert validate(loaded.plan, loaded.catalog) == []


def test_the_check_command_prints_the_warning(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(
        HEAD + f'[apps."WFM DAP"]\nkind = "dap"\n[apps."WFM D{CYRILLIC_A}P"]\nkind = "dap"\n'
    )
    result = wfm("check", "--format", "json", str(path))
    codes = [f["code"] for f in json.loads(result.stdout)["results"][0]["findings"]]
    assert "look-alike-names" in codes
    assert result.returncode == 0  # a warning


def test_operations_take_names_in_nfc(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["Café"] = {"kind": "dap"}
    plan = make_plan(apps)
    with pytest.raises(OperationError, match="already exists"):
        AddApp("Cafe\u0301", App(kind="dap")).apply(plan)
    renamed = RenameApp("Cafe\u0301", "Caf\u00e9 2").apply(plan)
    assert "Café 2" in renamed.apps
    linked = Connect("S", "Cafe\u0301 2").apply(renamed)
    assert "Café 2" in linked.apps["S"].connections
    sited = SetField("S", "site", "Lond\u006f\u0301n").apply(plan)
    assert sited.apps["S"].site == "Londón"
    added = AddApp("X", App(kind="dap", site="Lond\u006f\u0301n")).apply(plan)
    assert added.apps["X"].site == "Londón"
    assert [f.code for f in validate(linked, catalog)].count(Code.LOOK_ALIKE_NAMES) == 0
