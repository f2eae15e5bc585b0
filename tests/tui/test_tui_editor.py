"""Pilot tests of the editor: links, radio groups, add, rename, remove, edit, undo and redo."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from tests import SAMPLES
from tests.tui.editor_helpers import (
    app_label,
    click_laid_out,
    header_text,
    link_list,
    panel,
    panel_lines,
    until,
)
from wfm_tui.core.findings import Code
from wfm_tui.editing.layout import Scope
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.add_app import AddAppDialog
from wfm_tui.tui.screens.app_dialogs import (
    FeaturesDialog,
    PropertiesDialog,
    RenameDialog,
)
from wfm_tui.tui.screens.dialogs import ConfirmDialog
from wfm_tui.tui.widgets.app_panel import MORE, USED_BY
from wfm_tui.tui.widgets.findings_pane import FindingsPane
from wfm_tui.tui.widgets.navigator import Navigator
from wfm_tui.tui.widgets.panel_rows import STRAY

SERVER = "WFM Server London"


def nav_label(app: WfmApp, name: str) -> str:
    label = app_label(app.editor.query_one(Navigator), name)
    assert label is not None, f"{name} is not listed"
    return label


def pane_counts(app: WfmApp) -> str:
    return str(app.editor.query_one("#finding-counts").render())


async def test_toggle_updates_count_status_and_findings(app: WfmApp, pilot: Pilot[None]) -> None:
    assert header_text(app, SERVER, "dap").startswith("DAP  X  1 ✓")
    assert nav_label(app, SERVER) == f"✓ {SERVER}"
    assert "no findings" in pane_counts(app)

    link_list(app, SERVER, "dap").focus(0)
    await pilot.press("space")
    await pilot.pause()

    doc = app.editor.document
    assert "WFM DAP" not in doc.plan.apps[SERVER].connections
    assert header_text(app, SERVER, "dap") == "DAP  X  0 ✗ needs exactly one"
    assert nav_label(app, SERVER) == f"✗ {SERVER}"
    assert pane_counts(app).startswith("✗ 1 error")
    pane = app.editor.query_one(FindingsPane)
    assert [f.code for f in pane.findings] == [Code.MISSING_CONNECTION]
    assert app.editor.title == "Contoso, single site *"

    await pilot.press("space")  # tick it again
    await pilot.pause()
    assert header_text(app, SERVER, "dap") == "DAP  X  1 ✓"
    assert pane.findings == []
    # The link is back, listed last: a change to the file until both steps are undone.
    assert app.editor.title == "Contoso, single site *"
    await pilot.press("ctrl+z", "ctrl+z")
    await pilot.pause()
    assert app.editor.title == "Contoso, single site"


async def test_radio_group_replaces_the_link(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        dap = link_list(app, "S", "dap")
        assert dap.radio
        assert dap.selected == ["D1"]
        dap.focus(dap.candidates.index("D2"))
        await pilot.press("space")
        await pilot.pause()
        assert app.editor.document.plan.apps["S"].connections == ("B", "D2")
        assert link_list(app, "S", "dap").selected == ["D2"]
        assert header_text(app, "S", "dap") == "DAP  X  1 ✓"
        # One undo takes the swap back as a whole.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.editor.document.plan.apps["S"].connections == ("B", "D1")
        assert link_list(app, "S", "dap").selected == ["D1"]


async def test_feature_raises_a_group_and_shows_why(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FeaturesDialog)
        await click_laid_out(app, pilot, "#management_layer")
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert app.editor.document.plan.features.management_layer
        header = header_text(app, "S", "message_server")
        assert header == "Message Server  (X) -> X  0 ✗ needs exactly one  management layer"


async def test_add_app_validates_the_name_as_you_type(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, AddAppDialog)
        await pilot.press("tab", *"D1")  # from the kind list to the name; taken
        assert "already exists" in str(dialog.query_one("#name-problem").render())
        assert dialog.query_one("#ok").disabled
        name = dialog.query_one("#name", Input)
        name.value = " lead"
        await pilot.pause()
        assert "white space" in str(dialog.query_one("#name-problem").render())
        name.value = "Stat 1"
        await pilot.pause()
        dialog.query_one("#kind").value = "stat_server"
        await pilot.pause()
        assert not dialog.query_one("#ok").disabled
        await pilot.press("enter")
        await pilot.pause()
        plan = app.editor.document.plan
        assert plan.apps["Stat 1"].kind == "stat_server"
        assert app.editor.current_app == "Stat 1"
        navigator = app.editor.query_one(Navigator)
        labels = [line.label.plain for line in navigator.lines if line.scope.app is not None]
        assert "! Stat 1" in labels  # nothing uses it yet: a warning


async def test_rename_follows_references_and_undo_redo(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("S", "dap", "D2")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        app.screen.query_one("#name", Input).value = "Server"
        await pilot.press("enter")
        await pilot.pause()
        assert panel(app, "Server").current == ("dap", "D2")  # the cursor stays where it was
        assert app.focused is panel(app, "Server")
        await pilot.press("ctrl+z")
        await pilot.pause()
        await app.editor.focus_app("D1")
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, RenameDialog)
        app.screen.query_one("#name", Input).value = "DAP main"
        await pilot.press("enter")
        await pilot.pause()
        doc = app.editor.document
        assert doc.plan.apps["S"].connections == ("B", "DAP main")
        assert "D1" not in doc.plan.apps
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert doc.plan.apps["S"].connections == ("B", "D1")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert doc.plan.apps["S"].connections == ("B", "DAP main")
        await app.editor.focus_app("S")
        assert link_list(app, "S", "dap").candidates == ("D2", "DAP main")


async def test_remove_lists_the_links_that_go_with_it(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("B")
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        assert "S (connection -> this app)" in dialog.message.plain
        await click_laid_out(app, pilot, "#cancel")
        await pilot.pause()
        assert "B" in app.editor.document.plan.apps
        await pilot.press("delete")
        await pilot.pause()
        await click_laid_out(app, pilot, "#confirm")
        await pilot.pause()
        doc = app.editor.document
        assert "B" not in doc.plan.apps
        assert doc.plan.apps["S"].connections == ("D1",)
        assert header_text(app, "S", "wfm_builder") == "WFM Builder  X+  0 ✗ needs at least one"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert doc.plan.apps["S"].connections == ("B", "D1")


async def test_remove_says_first_what_breaks(single_site: Path) -> None:
    """Before the links that go, the findings the removal brings: the DAP's four users each
    need one (the same as `whatif --remove`)."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.editor.focus_app("WFM DAP")
        await pilot.press("delete")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog)
        lines = dialog.message.plain.splitlines()
        assert lines[:3] == [
            "Remove WFM DAP?",
            "",
            "Findings: 4 new errors, 0 resolved, 0 new warnings",
        ]
        assert lines[3].startswith("  + error[missing-connection]: WFM Data Aggregator")
        assert len([line for line in lines if "needs exactly one DAP" in line]) == 4
        assert lines.index("These links go with it:") > 6


async def test_edit_properties_inline_validation(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("S")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PropertiesDialog)
        dialog.query_one("#port", Input).value = "70000"
        await pilot.pause()
        assert "between 1 and 65535" in str(dialog.query_one("#port-problem").render())
        assert dialog.query_one("#ok").disabled
        dialog.query_one("#port", Input).value = "7000"
        dialog.query_one("#host", Input).value = "wfm01"
        dialog.query_one("#site", Input).value = "Leeds"
        await pilot.pause()
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        app_s = app.editor.document.plan.apps["S"]
        assert (app_s.site, app_s.host, app_s.port) == ("Leeds", "wfm01", 7000)
        assert "at wfm01:7000" in panel_lines(panel(app, "S"))[1]
        # One undo takes back the whole dialog.
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.editor.document.plan.apps["S"].site is None


async def test_choosing_a_finding_focuses_its_app_and_group(tmp_path: Path) -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.editor.query_one(FindingsPane)
        index = next(i for i, f in enumerate(pane.findings) if f.code is Code.MISSING_CONNECTION)
        finding = pane.findings[index]
        options = pane.query_one(OptionList)
        options.focus()
        options.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        assert finding.app is not None
        assert finding.target_kind is not None
        assert link_list(app, finding.app, finding.target_kind).has_cursor
        assert app.editor.current_app == finding.app
        scope = app.editor.query_one(Navigator).current_scope
        assert scope is not None
        assert scope.app == finding.app


async def test_navigator_shows_the_chosen_kind_only(app: WfmApp, pilot: Pilot[None]) -> None:
    centre_panels = lambda: list(app.editor.query_one("#centre").panels)  # noqa: E731
    assert len(centre_panels()) == 11  # the site
    await pilot.press("down")  # the WFM Server kind
    await pilot.pause()
    assert centre_panels() == ["WFM Server London", "WFM Server London B"]


async def test_toggle_validation_pane(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=(80, 24)) as pilot:
        pane = app.editor.query_one(FindingsPane)
        assert not pane.display  # narrow: the links get the room
        await pilot.press("v")
        assert pane.display
        await pilot.press("v")
        assert not pane.display
        await pilot.resize_terminal(120, 40)
        await pilot.pause()
        assert not pane.display  # the user's choice holds


async def test_wide_terminal_shows_the_pane(app: WfmApp, pilot: Pilot[None]) -> None:
    assert app.editor.query_one(FindingsPane).display


async def test_long_group_lists_near_targets_until_asked(tmp_path: Path) -> None:
    lines = ['format = 1\nname = "Many"\n', '[apps.S]\nkind = "wfm_server"\nsite = "A"\n']
    lines.append('[apps."Near"]\nkind = "wfm_builder"\nsite = "A"\n')
    lines += [f'[apps."Far {n:02d}"]\nkind = "wfm_builder"\nsite = "B"\n' for n in range(14)]
    path = tmp_path / "many.toml"
    path.write_text("\n".join(lines), "utf-8")
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("S", "wfm_builder")
        builders = link_list(app, "S", "wfm_builder")
        assert builders.candidates == ("Near",)
        assert "14 more in other sites" in builders.prompts()[1]
        builders.focus(1)
        await pilot.press("enter")
        await pilot.pause()
        assert len(builders.candidates) == 15
        assert builders.has_cursor
        builders.focus(builders.candidates.index("Far 07"))
        await pilot.press("space")
        await pilot.pause()
        assert app.editor.document.plan.apps["S"].connections == ("Far 07",)
        # The full list folds again from its last entry: the near and the ticked stay.
        assert builders.prompts()[-1].startswith("… only this site's and the ticked")
        builders.focus(len(builders.prompts()) - 1)  # the group's last entry
        await pilot.press("enter")
        await pilot.pause()
        assert builders.candidates == ("Near", "Far 07")
        assert "13 more in other sites" in builders.prompts()[-1]
        assert panel(app, "S").current == ("wfm_builder", MORE)  # ready to list them again


async def test_enter_on_an_app_goes_into_its_panel(app: WfmApp, pilot: Pilot[None]) -> None:
    await pilot.press("down", "down", "down")  # London > WFM Server > the second server
    await pilot.press("enter")
    await pilot.pause()
    assert app.editor.current_app == "WFM Server London B"
    assert app.focused is panel(app, "WFM Server London B")


async def test_a_finding_about_a_link_outside_the_table_goes_to_that_link() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.editor.query_one(FindingsPane)
        codes = {Code.CONNECTION_NOT_ALLOWED, Code.UNKNOWN_TARGET, Code.SELF_CONNECTION}
        chosen = [(i, f) for i, f in enumerate(pane.findings) if f.code in codes]
        assert chosen
        options = pane.query_one(OptionList)
        for index, finding in chosen:
            options.focus()
            options.highlighted = index
            await pilot.press("enter")
            await pilot.pause()
            assert finding.app is not None
            assert panel(app, finding.app).current == ("(stray)", finding.target), finding.code


async def test_a_finding_fixed_in_the_properties_opens_them_on_the_field() -> None:
    # Enter went into the app's panel, the cursor on a link that had nothing to do with it
    # (a space there unlinked it); the fix was always e, and which field was left to find.
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.editor.query_one(FindingsPane)
        options = pane.query_one(OptionList)
        for code, field in ((Code.UNKNOWN_BACKUP, "backup"), (Code.PORT_CONFLICT, "port")):
            index, finding = next((i, f) for i, f in enumerate(pane.findings) if f.code == code)
            options.focus()
            options.highlighted = index
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, PropertiesDialog))
            dialog = app.screen
            assert isinstance(dialog, PropertiesDialog)
            assert dialog.app_name == finding.app
            start = dialog.query_one(f"#{field}")
            await until(pilot, lambda d=dialog, w=start: d.focused is w)
            await pilot.press("escape")
            await until(pilot, lambda: app.screen is app.editor)
            assert app.focused is options, code  # the keys are back in the findings


async def test_unticking_the_last_other_link_leaves_the_cursor_on_the_apps_own_links() -> None:
    # The entry goes with its link: the cursor moved on onto another app's "Used by" line,
    # where the next space linked that app to this one.
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        await app.editor.focus_app("WFM Server")
        server = panel(app, "WFM Server")
        assert any(row.group and row.group.startswith(USED_BY) for row in server.rows)
        while strays := [row.value for row in server.rows if row.group == STRAY and row.value]:
            server.focus_target(STRAY, strays[-1])  # the last: what follows is "Used by"
            await pilot.press("space")
            await pilot.pause()
        assert server.current is not None
        group = server.current[0]
        assert group is not None
        assert not group.startswith(USED_BY), server.current


async def test_after_a_remove_the_keys_stay_in_the_centre(app: WfmApp, pilot: Pilot[None]) -> None:
    shown = list(app.editor.query_one("#centre").panels)  # the site's
    index = shown.index("WFM Web")
    panel(app, "WFM Web").focus()
    await pilot.pause()
    await pilot.press("delete")
    await pilot.pause()
    assert isinstance(app.screen, ConfirmDialog)
    assert app.screen.focused is app.screen.query_one("#cancel")  # enter would cancel
    await click_laid_out(app, pilot, "#confirm")
    await pilot.pause()
    assert "WFM Web" not in app.editor.document.plan.apps
    # On the panel that took its place, ready for the next key.
    assert app.focused is panel(app, shown[index + 1])
    assert app.editor.current_app == shown[index + 1]
    # The last app of the kind in view: the keys go to the first panel of what is shown.
    await app.editor.focus_app("WFM Daemon")  # the view is now that kind alone
    await pilot.press("delete")
    await pilot.pause()
    await click_laid_out(app, pilot, "#confirm")
    await pilot.pause()
    assert "WFM Daemon" not in app.editor.document.plan.apps
    first = next(iter(app.editor.query_one("#centre").panels))
    assert app.focused is panel(app, first)


async def test_rename_and_properties_from_the_navigator_leave_the_keys_there(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    # r or e on a navigator line, then enter: the keys were in the app's panel, where j and
    # space move and tick, not in the list the user was going down.
    navigator = app.editor.query_one(Navigator)
    navigator.focus()
    navigator.select_scope(Scope("London", "wfm_builder", "WFM Builder 2"))
    await pilot.pause()
    await pilot.press("r")
    await until(pilot, lambda: isinstance(app.screen, RenameDialog))
    app.screen.query_one("#name", Input).value = "WFM Builder 3"
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is app.editor)
    assert "WFM Builder 3" in app.editor.document.plan.apps
    assert app.focused is navigator
    assert navigator.current_scope == Scope("London", "wfm_builder", "WFM Builder 3")
    await pilot.press("e")
    await until(pilot, lambda: isinstance(app.screen, PropertiesDialog))
    app.screen.query_one("#port", Input).value = "7011"
    await pilot.press("enter")
    await until(pilot, lambda: app.screen is app.editor)
    assert app.editor.document.plan.apps["WFM Builder 3"].port == 7011
    assert app.focused is navigator
    assert navigator.current_scope == Scope("London", "wfm_builder", "WFM Builder 3")


async def test_undo_and_redo_in_a_panel_leave_the_keys_in_it(
    app: WfmApp, pilot: Pilot[None]
) -> None:
    # Undoing a remove brings a panel back, so the centre's panels are made anew: the focus
    # fell to the navigator, where space folds a site and j moves another cursor.
    shown = list(app.editor.query_one("#centre").panels)
    panel(app, "WFM Web").focus()
    await pilot.pause()
    await pilot.press("delete")
    await pilot.pause()
    await click_laid_out(app, pilot, "#confirm")
    await pilot.pause()
    after = shown[shown.index("WFM Web") + 1]
    assert app.focused is panel(app, after)
    where = panel(app, after).current
    for key in ("ctrl+z", "ctrl+y"):
        await pilot.press(key)
        await pilot.pause()
        assert app.focused is panel(app, after), key
        assert panel(app, after).current == where, key


async def test_a_remove_from_the_navigator_leaves_the_keys_there(multi_site: Path) -> None:
    # Filtered to the builders, Leeds' removed: its site had no other builder, the centre went
    # to Dublin's four apps, and the focus into the first of them, the cursor on a link to
    # Leeds' server. Space, meant for the navigator, unlinked an app of another site.
    app = WfmApp(str(multi_site))
    async with app.run_test(size=(80, 24)) as pilot:
        navigator = app.editor.query_one(Navigator)
        await pilot.press("slash", *"builder", "enter")
        await pilot.pause()
        navigator.select_scope(Scope("Leeds", "wfm_builder", "WFM Builder Leeds"))
        await pilot.pause()
        assert app.focused is navigator
        await pilot.press("delete")
        await pilot.pause()
        await click_laid_out(app, pilot, "#confirm")
        await pilot.pause()
        assert "WFM Builder Leeds" not in app.editor.document.plan.apps
        assert app.focused is navigator
        before = app.editor.document.plan
        await pilot.press("space")  # folds or unfolds a line of the navigator, edits nothing
        await pilot.pause()
        assert app.editor.document.plan is before


async def test_a_remove_from_the_findings_leaves_the_keys_there() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.editor.query_one(FindingsPane)
        findings = pane.option_list
        assert findings is not None
        findings.focus()
        await pilot.pause()
        findings.highlighted = next(
            i for i, f in enumerate(pane.listed) if f.code is Code.UNREFERENCED_APP
        )
        await pilot.press("delete")
        await pilot.pause()
        await click_laid_out(app, pilot, "#confirm")
        await pilot.pause()
        assert "Stat Server" not in app.editor.document.plan.apps
        assert app.focused is findings  # on to the next finding, as before the dialog


async def test_entering_the_pane_highlights_the_first_finding() -> None:
    app = WfmApp(str(SAMPLES / "broken.toml"))
    async with app.run_test(size=(120, 40)) as pilot:
        options = app.editor.query_one(FindingsPane).query_one(OptionList)
        assert options.highlighted is None
        options.focus()
        await pilot.pause()
        assert options.highlighted == 0


async def test_after_a_remove_the_keys_skip_panels_with_nothing_to_tick(tmp_path: Path) -> None:
    path = tmp_path / "few.toml"
    path.write_text(
        'format = 1\nname = "Few"\n\n'
        '[apps."WFM Web"]\nkind = "wfm_web"\n\n'
        '[apps."WFM Database Utility"]\nkind = "wfm_database_utility"\n\n'
        '[apps."Stat Server"]\nkind = "stat_server"\n',
        "utf-8",
    )
    app = WfmApp(str(path))
    async with app.run_test(size=(120, 40)) as pilot:
        shown = list(app.editor.query_one("#centre").panels)
        # The Stat Server panel after it takes no focus: nothing may link to it here.
        assert shown == ["WFM Web", "WFM Database Utility", "Stat Server"]
        assert not panel(app, "Stat Server").focusable
        panel(app, "WFM Database Utility").focus()
        await pilot.pause()
        await pilot.press("delete")
        await pilot.pause()
        await click_laid_out(app, pilot, "#confirm")
        await pilot.pause()
        assert "WFM Database Utility" not in app.editor.document.plan.apps
        assert app.focused is panel(app, "WFM Web")
