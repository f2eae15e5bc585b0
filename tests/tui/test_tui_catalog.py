"""The features dialog moves a plan to another catalog, with the findings delta shown live."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import OptionList, Select, Static

from tests.tui.editor_helpers import answer_path_dialog, click_laid_out, header_text
from wfm_tui.core.findings import Code
from wfm_tui.files.plan_file import read_plan
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.app_dialogs import FeaturesDialog
from wfm_tui.tui.widgets.tick_box import TickBox


def preview_text(dialog: FeaturesDialog) -> str:
    return str(dialog.query_one("#preview", Static).render())


async def test_choosing_a_catalog_previews_and_applies_its_delta(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.editor.document
        assert doc.catalog.id == "genesys-wfm-8.5.2"
        before = [f.code for f in doc.findings]
        assert before == [Code.UNREFERENCED_APP]  # the spare DAP
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FeaturesDialog)
        assert preview_text(dialog) == "No change yet."
        # Keyboard only: past the three features to the catalog, open it, take 8.5.1.
        await pilot.press("tab", "tab", "tab")
        assert isinstance(dialog.focused, Select)
        await pilot.press("enter", "down", "enter")
        await pilot.pause()
        assert dialog.query_one("#catalog", Select).value == "genesys-wfm-8.5.1"
        shown = preview_text(dialog)
        assert '+ error[missing-connection]: WFM Server "S" needs exactly one WFM Data' in shown
        assert shown.endswith("1 new error, 0 resolved, 0 new warnings")
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert doc.plan.catalog == "genesys-wfm-8.5.1"
        assert doc.catalog.id == "genesys-wfm-8.5.1"
        assert [f.code for f in doc.findings] == [Code.MISSING_CONNECTION, *before]
        # The panels follow the catalog: the Data Aggregator group is now required.
        assert header_text(app, "S", "wfm_data_aggregator").startswith("WFM Data Aggregator  X  0")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == (None, "genesys-wfm-8.5.2")
        assert [f.code for f in doc.findings] == before
        assert header_text(app, "S", "wfm_data_aggregator").startswith(
            "WFM Data Aggregator  (X+)  0"
        )


def assert_drawn(dialog: FeaturesDialog, widget: Widget) -> None:
    """`widget` is drawn whole on the screen, not scrolled out of its box or clipped."""
    region = widget.region
    assert region.height > 0, widget
    for y in (region.y, region.bottom - 1):
        found, _ = dialog.get_widget_at(region.x + 1, y)
        assert widget in found.ancestors_with_self, (widget, region, found)


async def test_the_delta_is_in_view_at_80x24(radio_plan: Path) -> None:
    # Without scrolling: the features, the catalog and the findings the choice would add, all
    # on an 80x24 screen (the delta was below the dialog's fold there). Four servers without a
    # Data Aggregator: four errors under 8.5.1 that 8.5.2 resolves, more than the preview lists.
    text = radio_plan.read_text().replace(
        'name = "Radio"', 'name = "Radio"\ncatalog = "genesys-wfm-8.5.1"'
    )
    for n in range(2, 5):
        text += f'\n[apps.S{n}]\nkind = "wfm_server"\nconnections = ["B", "D1"]\n'
    radio_plan.write_text(text)
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FeaturesDialog)
        await pilot.press("tab", "tab", "tab", "enter", "up", "enter")
        await pilot.pause()
        assert dialog.query_one("#catalog", Select).value == "genesys-wfm-8.5.2"
        preview = dialog.query_one("#preview", Static)
        assert str(preview.render()).splitlines()[-1] == "0 new errors, 4 resolved, 0 new warnings"
        assert_drawn(dialog, preview)
        for widget in [*dialog.query(TickBox), dialog.query_one("#catalog", Select)]:
            assert_drawn(dialog, widget)


async def test_a_catalog_file_beside_the_plan_is_offered(radio_plan: Path) -> None:
    team = radio_plan.parent / "team.toml"
    team.write_text(
        'id = "team"\ntitle = "Team"\nsource = "us"\nextends = "genesys-wfm-8.5.2"\n'
        '[connections.wfm_server]\nwfm_data_aggregator = "X"\n'
    )
    radio_plan.write_text(
        radio_plan.read_text().replace('name = "Radio"', 'name = "Radio"\ncatalog = "team.toml"')
    )
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.editor.document
        assert doc.catalog.id == "team"
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FeaturesDialog)
        select = dialog.query_one("#catalog", Select)
        assert select.value == "team.toml"
        select.value = "genesys-wfm-8.5.2"
        await pilot.pause()
        assert "- error[missing-connection]" in preview_text(dialog)
        await pilot.press("escape")
        await pilot.pause()
        assert doc.plan.catalog == "team.toml"


async def test_a_teams_catalog_file_not_yet_named_is_offered(radio_plan: Path) -> None:
    # Teams keep their rules in git beside their plans: the dialog offers those files too,
    # previews them and writes the path the plan names them by.
    rules = radio_plan.parent / "rules"
    rules.mkdir()
    (rules / "team.toml").write_text(
        'id = "team"\ntitle = "Team"\nsource = "us"\nextends = "genesys-wfm-8.5.2"\n'
        '[connections.wfm_server]\nwfm_data_aggregator = "X"\n'
    )
    (rules / "broken.toml").write_text('id = "b"\ntitle = "B"\nsource = "us"\n[kinds\n')
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.editor.document
        await pilot.press("f")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FeaturesDialog)
        select = dialog.query_one("#catalog", Select)
        assert dialog.choices == [
            "genesys-wfm-8.5.2",
            "genesys-wfm-8.5.1",
            "rules/broken.toml",
            "rules/team.toml",
        ]
        select.value = "rules/broken.toml"
        await pilot.pause()
        assert preview_text(dialog).startswith("Cannot apply: ")
        assert "rules/broken.toml:4:7: TOML syntax: Expected ']'" in preview_text(dialog)
        preview = dialog.query_one("#preview", Static)
        assert preview.region.height > 1  # wrapped, not cut: the line says where and why
        select.value = "rules/team.toml"
        await pilot.pause()
        assert "+ error[missing-connection]" in preview_text(dialog)
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == ("rules/team.toml", "team")


async def test_choosing_a_feature_finding_opens_the_features_dialog(tmp_path: Path) -> None:
    plan = tmp_path / "p.toml"
    plan.write_text(
        'format = 1\nname = "P"\n[features]\nscheduled_reporting = true\n'
        '[apps.S]\nkind = "wfm_server"\nconnections = ["B", "D"]\n'
        '[apps.B]\nkind = "wfm_builder"\nconnections = ["S"]\n[apps.D]\nkind = "dap"\n'
    )
    app = WfmApp(str(plan))
    async with app.run_test(size=(120, 40)) as pilot:
        findings = app.editor.query_one(OptionList)
        assert [f.code for f in app.editor.document.findings] == [Code.FEATURE_NEEDS_APP] * 2
        findings.focus()
        findings.highlighted = 0
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, FeaturesDialog)


async def test_features_read_on_and_off_without_colour(radio_plan: Path) -> None:
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("f")
        await pilot.pause()
        boxes = {box.id: box for box in app.screen.query(TickBox)}
        # Only the characters drawn, no styles: what NO_COLOR leaves.
        assert "X" not in boxes["management_layer"].render().plain
        await pilot.press("space")  # tick the first
        await pilot.pause()
        assert "X" in boxes["management_layer"].render().plain
        assert "X" not in boxes["multi_site"].render().plain


def _team_catalog(folder: Path, team_id: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "team.toml").write_text(
        f'id = "{team_id}"\ntitle = "Team"\nsource = "us"\nextends = "genesys-wfm-8.5.2"\n'
        '[connections.wfm_server]\nwfm_data_aggregator = "X"\n'
    )


async def _choose_catalog(app: WfmApp, pilot: Pilot[None], choice: str) -> None:
    """Choose `choice` in the features dialog (f): one step of history."""
    await pilot.press("f")
    await pilot.pause()
    app.screen.query_one("#catalog", Select).value = choice
    await pilot.pause()
    await click_laid_out(app, pilot, "#ok")
    await pilot.pause()


def _naming_team_beside(plan: Path) -> Path:
    """The plan names team.toml beside it; the path of a copy of it in a new folder."""
    _team_catalog(plan.parent, "team")
    plan.write_text(
        plan.read_text().replace('name = "Radio"', 'name = "Radio"\ncatalog = "team.toml"')
    )
    copy = plan.parent / "copies" / "radio.toml"
    copy.parent.mkdir()
    return copy


async def test_save_as_into_another_folder_keeps_the_catalog_file_found(radio_plan: Path) -> None:
    """The plan names team.toml beside it: saved elsewhere, it names the same file from there
    (it kept "team.toml", and the copy no longer loaded)."""
    copy = _naming_team_beside(radio_plan)
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.editor.document
        app.editor.action_save_as()  # from the palette: it has no key
        await pilot.pause()
        await answer_path_dialog(app, pilot, copy)
        assert doc.path == str(copy)
        assert doc.plan.catalog == "../team.toml"
        assert not doc.dirty  # naming it from the new folder is no edit
        assert doc.catalog.id == "team"
    assert 'catalog = "../team.toml"' in copy.read_text()
    assert read_plan(copy).catalog.id == "team"


async def test_undo_and_redo_after_save_as_name_catalogs_from_the_new_folder(
    radio_plan: Path,
) -> None:
    """Steps recorded before a save-as into another folder put back catalog paths seen from
    the new folder: they put back "rules/team.toml", which from copies/ named no file (or,
    here, another team's catalog), and the next save wrote a plan that did not load."""
    _team_catalog(radio_plan.parent / "rules", "team")
    copy = radio_plan.parent / "copies" / "radio.toml"
    _team_catalog(copy.parent / "rules", "other-team")  # same relative path, another file
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.editor.document
        for choice in ("rules/team.toml", "genesys-wfm-8.5.1"):  # two steps of history
            await _choose_catalog(app, pilot, choice)
        assert doc.plan.catalog == "genesys-wfm-8.5.1"
        app.editor.action_save_as()
        await pilot.pause()
        await answer_path_dialog(app, pilot, copy)
        assert doc.path == str(copy)
        await pilot.press("ctrl+z")  # the inverse of choosing 8.5.1
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == ("../rules/team.toml", "team")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == (None, "genesys-wfm-8.5.2")
        await pilot.press("ctrl+y")  # the op of choosing rules/team.toml, recorded before
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == ("../rules/team.toml", "team")
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert not doc.dirty
        # Picking copies/rules/team.toml now reads that file, not the one the old folder's
        # "rules/team.toml" named (kept in memory under the same words).
        await pilot.press("f")
        await pilot.pause()
        app.screen.query_one("#catalog", Select).value = "rules/team.toml"
        await pilot.pause()
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == ("rules/team.toml", "other-team")
    saved = read_plan(copy)
    assert (saved.plan.catalog, saved.catalog.id) == ("../rules/team.toml", "team")


async def test_a_save_as_in_the_what_if_sandbox_rebases_what_leaving_it_puts_back(
    radio_plan: Path,
) -> None:
    """Saved into another folder with the sandbox open (and unchanged), the sandbox's baseline
    and the history it puts back name the catalog from the new folder: the sandbox said the
    new name was a change, and leaving it put back "team.toml"."""
    copy = _naming_team_beside(radio_plan)
    app = WfmApp(str(radio_plan))
    async with app.run_test(size=(80, 24)) as pilot:
        doc = app.editor.document
        for choice in ("genesys-wfm-8.5.1", "team.toml"):
            await _choose_catalog(app, pilot, choice)
        await pilot.press("w")
        await pilot.pause()
        app.editor.action_save_as()
        await pilot.pause()
        await answer_path_dialog(app, pilot, copy)
        assert doc.plan.catalog == "../team.toml"
        assert app.editor.title.startswith("WHAT-IF (no changes yet)")
        await pilot.press("w")  # nothing changed: it closes without asking
        await pilot.pause()
        assert app.editor.sandbox is None
        assert (doc.plan.catalog, doc.dirty) == ("../team.toml", False)
        await pilot.press("ctrl+z", "ctrl+z")
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id) == ("../team.toml", "team")
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert doc.plan.catalog == "genesys-wfm-8.5.1"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert (doc.plan.catalog, doc.catalog.id, doc.dirty) == ("../team.toml", "team", False)
