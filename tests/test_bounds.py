"""Bounds on what one plan can make the checker hold: findings, load problems, tables, apps.
(The files that reach them are in test_hostile_input.py, checked under a 1 GiB limit.)"""

from __future__ import annotations

import pytest

from tests.plan_helpers import make_plan, minimal_apps
from wfm_tui.core.catalog import Catalog
from wfm_tui.core.findings import MAX_PER_APP_AND_CODE, Code, Finding, FindingCap
from wfm_tui.core.validation import validate
from wfm_tui.files.errors import LoadError
from wfm_tui.files.plan_file import parse_plan
from wfm_tui.files.plan_input import MAX_PROBLEMS, MAX_TABLES, count_tables

HEAD = 'format = 1\nname = "p"\n'


def test_findings_of_one_code_about_one_app_are_capped(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps["S"]["connections"] += [f"ghost {i}" for i in range(250)]
    findings = validate(make_plan(apps), catalog)
    unknown = [f for f in findings if f.code is Code.UNKNOWN_TARGET]
    assert len(unknown) == MAX_PER_APP_AND_CODE + 1
    assert [f.target for f in unknown[:3]] == ["ghost 0", "ghost 1", "ghost 2"]
    assert unknown[-1].message == '... and 150 more unknown-target findings about "S"'
    assert unknown[-1].app == "S"


def test_duplicates_and_not_allowed_links_are_capped(catalog: Catalog) -> None:
    apps = minimal_apps()
    apps.update({f"D{i}": {"kind": "dap"} for i in range(150)})
    apps["B"]["connections"] = ["S"] + [f"D{i}" for i in range(150)] * 2
    findings = validate(make_plan(apps), catalog)
    about_b = [f for f in findings if f.app == "B"]
    for code in (Code.DUPLICATE_CONNECTION, Code.CONNECTION_NOT_ALLOWED):
        mine = [f for f in about_b if f.code is code]
        assert len(mine) == MAX_PER_APP_AND_CODE + 1
        assert mine[-1].message == f'... and 50 more {code} findings about "B"'


def test_past_the_plan_budget_each_app_keeps_its_first_finding() -> None:
    findings: list[Finding] = []
    cap = FindingCap(findings, per_app=3, per_code=5)
    for app in ("a", "b", "c", "d"):
        for target in range(4):
            cap.add(Finding(Code.UNKNOWN_TARGET, f"{app}{target}", app=app, target=str(target)))
    cap.close()
    listed = [f.message for f in findings]
    # a: three, then b: two (budget spent), then only the first of c and d; the rest counted.
    assert listed[:7] == ["a0", "a1", "a2", "b0", "b1", "c0", "d0"]
    assert listed[7:] == [
        '... and 1 more unknown-target findings about "a"',
        '... and 2 more unknown-target findings about "b"',
        '... and 3 more unknown-target findings about "c"',
        '... and 3 more unknown-target findings about "d"',
    ]


def test_wants_counts_what_it_turns_away() -> None:
    findings: list[Finding] = []
    cap = FindingCap(findings, per_app=1, per_code=10)
    assert cap.wants("a", Code.UNKNOWN_TARGET)
    cap.add(Finding(Code.UNKNOWN_TARGET, "first", app="a"))
    assert not cap.wants("a", Code.UNKNOWN_TARGET)
    assert not cap.wants("a", Code.UNKNOWN_TARGET)
    assert cap.wants("a", Code.SELF_CONNECTION)
    cap.close()
    assert [f.message for f in findings] == [
        "first",
        '... and 2 more unknown-target findings about "a"',
    ]


def test_messages_name_at_most_ten_apps(catalog: Catalog) -> None:
    # Stat Servers: DAPs name a database's address, which they may share.
    apps = {f"D{i:02}": {"kind": "stat_server", "host": "h", "port": 1} for i in range(25)}
    [conflict] = [f for f in validate(make_plan(apps), catalog) if f.code is Code.PORT_CONFLICT]
    assert conflict.message.startswith('25 applications listen on port 1 of "h" ("D00", "D01"')
    assert conflict.message.endswith('"D09" and 15 more)')


def test_load_problems_are_capped() -> None:
    text = HEAD + "".join(f'[apps.a{i}]\nkind = "nope"\n' for i in range(300))
    with pytest.raises(LoadError) as caught:
        parse_plan(text)
    problems = caught.value.problems
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[0].line == 4
    assert problems[-1].message == "... and 200 more problems"


def test_unknown_keys_of_a_huge_table_are_reported_once_each_up_to_the_cap() -> None:
    text = (
        HEAD
        + '[apps.s]\nkind = "dap"\nconections = []\n'
        + "".join(f"k{i} = 1\n" for i in range(500))
    )
    with pytest.raises(LoadError) as caught:
        parse_plan(text)
    problems = caught.value.problems
    assert problems[0].message == "unknown key apps.s.conections (did you mean 'connections'?)"
    assert (problems[0].line, problems[0].column) == (5, 1)
    assert problems[-1].message == "... and 401 more problems"


def test_a_list_of_bad_names_is_one_problem() -> None:
    text = HEAD + '[apps.s]\nkind = "dap"\nconnections = [' + '"\\u0001", ' * 1000 + "]\n"
    with pytest.raises(LoadError) as caught:
        parse_plan(text)
    [problem] = caught.value.problems
    assert problem.message.startswith("apps.s.connections[0] must not contain control")
    assert (problem.line, problem.column) == (5, 16)


def test_table_count_ignores_strings_and_comments() -> None:
    padding = 'note = "' + "[{." * (MAX_TABLES // 2) + '" # ' + "[" * MAX_TABLES + "\n"
    assert count_tables(padding + "[a.b]\nc = [1]\n") == 3  # [ . [
    assert count_tables("[t]\n" * (MAX_TABLES + 1)) > MAX_TABLES


def test_table_count_is_linear_on_text_that_is_not_toml() -> None:
    # A quote that never closes, then every later quote: each is passed once.
    text = 'x = "' + 'a\\"' * 2_000_000 + "." * (MAX_TABLES + 1)
    assert count_tables(text) == 0


def test_too_many_tables_are_refused_before_parsing() -> None:
    with pytest.raises(LoadError) as caught:
        parse_plan(HEAD + "".join(f"[t{i}]\n" for i in range(MAX_TABLES + 1)))
    [problem] = caught.value.problems
    assert problem.message.startswith("is too large to be a plan: 400,001 tables")
