"""The dialogs of issue 13: properties (every field in view at 80x24, each checked as typed),
add (kind by type-ahead, a suggested name), plan properties (p) and the file dialogs' completion."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Button, Input, OptionList, Static, TextArea

from tests.tui.editor_helpers import click_laid_out, until
from tests.tui.test_tui_dialog_sizes import assert_buttons_on_screen
from wfm_tui.files import recovery
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.screens.add_app import AddAppDialog
from wfm_tui.tui.screens.app_dialogs import PropertiesDialog, RenameDialog
from wfm_tui.tui.screens.dialogs import LoadErrorDialog, PathDialog
from wfm_tui.tui.screens.plan_properties import PlanPropertiesDialog
from wfm_tui.tui.widgets.kind_list import KindList, matches

SIZE = (80, 24)
SERVER = "WFM Server London"


def problem(app: WfmApp, field_id: str) -> str:
    """The line under a field, as drawn (empty when it is hidden)."""
    line = app.screen.query_one(f"#{field_id}-problem", Static)
    return str(line.render()) if line.display else ""


def ok_disabled(app: WfmApp) -> bool:
    return app.screen.query_one("#ok", Button).disabled


# -- where the focus is, without colour ---------------------------------------------------


def focus_marks(app: WfmApp) -> list[str]:
    """The text marked without colour (reverse, underline) on the open dialog's field labels
    and tick boxes."""
    found = []
    for label in app.screen.query(".row-label, .field-label, TickBox"):
        strip = label.render_line(0)
        text = "".join(
            seg.text for seg in strip if seg.style and (seg.style.reverse or seg.style.underline)
        ).strip()
        if text:
            found.append(text)
    return found


@pytest.mark.parametrize(
    ("keys", "labels"),
    [
        (("e",), ["Site", "Host", "Port", "TLS on the listening port", "Backup", "Note"]),
        (("p",), ["Name", "Description"]),
        (("r",), ["New name"]),
        (("a",), [None, "Name", "Site (optional)"]),
        (("c",), ["New site's name"]),
    ],
    ids=["properties", "plan-properties", "rename", "add", "clone-site"],
)
async def test_the_focused_field_is_marked_without_colour(
    single_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    keys: tuple[str, ...],
    labels: list[str | None],
) -> None:
    # Under NO_COLOR a field's focus (a shade of its background) is lost: its label is drawn
    # in reverse, a tick box's underlined.
    # None: the kind list, which draws its own cursor line.
    monkeypatch.setenv("NO_COLOR", "1")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER)
        await pilot.press(*keys)
        await pilot.pause()
        for expected in labels:
            assert focus_marks(app) == ([] if expected is None else [expected])
            await pilot.press("tab")
            await pilot.pause()
        assert not isinstance(app.screen.focused, (Input, TextArea))  # past the fields
        assert focus_marks(app) == []


@pytest.mark.parametrize("no_color", [True, False], ids=["no-color", "colour"])
@pytest.mark.parametrize(
    ("app_name", "key", "region"),
    [("WFM DAP", "delete", ".box-body"), ("WFM DAP", "c", "#clone-preview-scroll")],
    ids=["remove", "clone-site"],
)
async def test_a_focused_message_is_marked_without_colour(
    single_site: Path,
    monkeypatch: pytest.MonkeyPatch,
    no_color: bool,
    app_name: str,
    key: str,
    region: str,
) -> None:
    """tab into a long message (the remove dialog's, clone site's preview) lets the arrows
    scroll it: its focus was only a tint, which NO_COLOR drops. There it gets a bar down its
    left side."""
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(app_name)
        await pilot.press(key)
        await until(pilot, lambda: bool(app.screen.query(region)))
        body = app.screen.query_one(region)
        assert body.styles.border_left[0] == ""
        for _ in range(5):
            await pilot.press("tab")
            await pilot.pause()
            if app.focused is body:
                break
        assert app.focused is body
        assert body.styles.border_left[0] == ("thick" if no_color else "")
        await pilot.press("tab")
        await pilot.pause()
        assert body.styles.border_left[0] == ""


async def test_a_selected_value_is_marked_without_colour(
    single_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # r selects the name, so that typing replaces it: under NO_COLOR the selection was a grey
    # a shade off the field's, and a new name typed to go after the old one took its place.
    monkeypatch.setenv("NO_COLOR", "1")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RenameDialog))
        await pilot.pause()
        field = app.screen.query_one("#name", Input)
        assert field.selection == (0, len(SERVER))

        def reversed_text() -> str:
            strip = field.render_line(0)
            return "".join(seg.text for seg in strip if seg.style and seg.style.reverse)

        assert reversed_text() == SERVER
        await pilot.press("end")  # the selection goes: nothing is marked
        await pilot.pause()
        assert reversed_text().strip() == ""


# -- 10. properties ------------------------------------------------------------------------


async def test_every_property_and_the_buttons_are_in_view_at_80x24(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, PropertiesDialog))
        await pilot.pause()
        screen = app.screen
        for field_id in ("site", "host", "port", "tls", "backup", "note"):
            widget = screen.query_one(f"#{field_id}")
            assert widget.region.height > 0, field_id
            assert screen.region.contains_region(widget.region), field_id
            # Not scrolled out of its box: what is drawn there is the field itself.
            x, y = widget.region.x + 1, widget.region.y
            assert screen.get_widget_at(x, y)[0] in (widget, *widget.query("*")), field_id
        assert_buttons_on_screen(app)
        assert screen.query_one("#backup", Input).value == "WFM Server London B"
        assert screen.query_one("#note", TextArea).text == "CAB-1234: sized for 3,000 agents"


async def test_backup_port_and_host_are_checked_as_typed(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app(SERVER)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, PropertiesDialog))
        dialog = app.screen
        backup = dialog.query_one("#backup", Input)
        assert problem(app, "backup") == ""
        assert not ok_disabled(app)

        backup.value = "WFM Server Leeds"  # no such app: the apps that would do are named
        await pilot.pause()
        assert problem(app, "backup") == ("✗ is not in the plan; of this kind: WFM Server London B")
        assert ok_disabled(app)
        backup.focus()
        await pilot.press("enter")  # refused while invalid: the dialog stays
        await pilot.pause()
        assert app.screen is dialog

        backup.value = "WFM Builder 1"
        await pilot.pause()
        assert problem(app, "backup") == ("✗ is a WFM Builder: a backup must be of the same kind")
        backup.value = SERVER
        await pilot.pause()
        assert problem(app, "backup") == "✗ is the application itself"

        dialog.query_one("#port", Input).value = "0"
        dialog.query_one("#host", Input).value = "wfm 01"
        backup.value = ""  # empty clears the backup: fine
        await pilot.pause()
        assert problem(app, "backup") == ""
        assert problem(app, "port") == "✗ must be between 1 and 65535"
        assert problem(app, "host") == "✗ must not contain white space"
        assert ok_disabled(app)
        assert_buttons_on_screen(app)  # two problems shown: the buttons stay in view

        dialog.query_one("#port", Input).value = "7001"
        dialog.query_one("#host", Input).value = "wfm01"
        await pilot.pause()
        assert not ok_disabled(app)
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        server = app.editor.document.plan.apps[SERVER]
        assert (server.backup, server.port, server.host) == (None, 7001, "wfm01")


async def test_a_backup_typed_in_another_normal_form_is_the_app(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'format = 1\nname = "P"\n'
        '[apps."Zürich A"]\nkind = "dap"\n[apps."Zürich B"]\nkind = "dap"\n',
        "utf-8",
    )
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app("Zürich A")
        await pilot.press("e")
        await until(pilot, lambda: isinstance(app.screen, PropertiesDialog))
        app.screen.query_one("#backup", Input).value = "Zu\u0308rich B"  # u and a diaeresis
        await pilot.pause()
        assert problem(app, "backup") == ""
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert app.editor.document.plan.apps["Zürich A"].backup == "Zürich B"


# -- 13. add: the kind by type-ahead, a suggested name -------------------------------------


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("b", "WFM Builder"),
        ("s", "WFM Server"),
        ("st", "Stat Server"),
        ("d", "WFM Daemon"),
        ("dat", "WFM Data Aggregator"),
        ("datab", "WFM Database Utility"),
        ("dap", "DAP"),
        ("we", "WFM Web"),
        ("m", "Message Server"),
        ("wfm w", "WFM Web"),
    ],
)
def test_type_ahead_matches_the_first_kind_whose_word_starts_so(typed: str, title: str) -> None:
    from wfm_tui.files.catalogs import load_catalog

    catalog = load_catalog()
    first = next(
        spec.title for kind, spec in catalog.kinds.items() if matches(typed, spec.title, kind)
    )
    assert first == title


async def open_add(app: WfmApp, pilot) -> AddAppDialog:
    await pilot.press("a")
    await until(pilot, lambda: isinstance(app.screen, AddAppDialog))
    await pilot.pause()
    assert isinstance(app.screen, AddAppDialog)
    return app.screen


async def test_type_ahead_chooses_the_kind_and_the_name_follows(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_add(app, pilot)
        kinds = dialog.query_one(KindList)
        name = dialog.query_one("#name", Input)
        assert app.focused is kinds  # the kind first: letters typed pick it
        assert kinds.value == "wfm_server"  # the kind of the navigator's line
        assert name.value == "WFM Server London 2"  # "WFM Server London" is taken

        await pilot.press("b")
        assert kinds.value == "wfm_builder"
        assert name.value == "WFM Builder London"
        await pilot.press(*"dat")
        assert kinds.value == "wfm_data_aggregator"
        assert name.value == "WFM Data Aggregator London 2"
        await pilot.press("down")  # arrows move too; the name follows
        assert kinds.value == "wfm_web"
        assert name.value == "WFM Web London"

        # The site changes: the name follows it.
        dialog.query_one("#site", Input).value = "Leeds"
        await pilot.pause()
        assert name.value == "WFM Web Leeds"
        # The kind is marked in text, not only in colour (NO_COLOR).
        prompts = [str(kinds.get_option_at_index(i).prompt) for i in range(kinds.option_count)]
        assert [p for p in prompts if p.startswith("›")] == ["› WFM Web"]

        await pilot.press("enter")  # enter on the list adds, with the suggested name
        await pilot.pause()
        added = app.editor.document.plan.apps["WFM Web Leeds"]
        assert (added.kind, added.site) == ("wfm_web", "Leeds")


async def test_a_name_the_user_typed_stays_when_the_kind_changes(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_add(app, pilot)
        await pilot.press("tab", *"Reporting box")  # the suggestion is selected: typing replaces it
        name = dialog.query_one("#name", Input)
        assert name.value == "Reporting box"
        await pilot.press("shift+tab", "w", "e")
        assert dialog.query_one(KindList).value == "wfm_web"
        assert name.value == "Reporting box"
        name.value = ""  # emptied: the suggestion comes back with the next change
        await pilot.press("up")
        assert name.value == "WFM Data Aggregator London 2"


async def test_a_suggestion_selected_whole_is_replaced_whole_when_it_follows(
    single_site: Path,
) -> None:
    """The name field took the focus (its suggestion selected whole) before the kind list's
    jump reached the dialog (a kind's letters and tab typed at once): the new suggestion is
    selected whole. The selection kept the old one's length, and "Stat B" typed over "Stat
    Server London 2" left "Stat B2"."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_add(app, pilot)
        name = dialog.query_one("#name", Input)
        name.focus()
        await pilot.pause()
        assert name.selection == (0, len("WFM Server London 2"))
        dialog.query_one(KindList).value = "stat_server"
        await pilot.pause()
        assert name.value == "Stat Server London 2"
        assert name.selection == (0, len("Stat Server London 2"))
        await pilot.press(*"Stat B")
        assert name.value == "Stat B"


async def test_the_suggestion_is_unique_in_the_site(tmp_path: Path) -> None:
    path = tmp_path / "p.toml"
    path.write_text(
        'format = 1\nname = "P"\n'
        '[apps."WFM Builder Leeds"]\nkind = "wfm_builder"\nsite = "Leeds"\n',
        "utf-8",
    )
    app = WfmApp(str(path))
    async with app.run_test(size=SIZE) as pilot:
        await app.editor.focus_app("WFM Builder Leeds")
        # From the navigator: in the panel the cursor is on "no other WFM Server in the plan
        # (a: add one)" (its only lines to stop at), where a adds a linked server instead.
        app.editor.query_one("#navigator").focus()
        dialog = await open_add(app, pilot)
        assert dialog.query_one("#name", Input).value == "WFM Builder Leeds 2"
        assert not ok_disabled(app)
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.document.plan.apps["WFM Builder Leeds 2"].site == "Leeds"


async def test_tab_and_a_name_typed_at_once_reach_the_name(single_site: Path) -> None:
    """Keys queued before the focus moved went to the list (as type-ahead) and were lost."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        dialog = await open_add(app, pilot)
        # Posted together, as a terminal delivers "\tQuick\r" in one read.
        for key in ("tab", *"Quick"):
            app.post_message(_key(key))
        await until(pilot, lambda: dialog.query_one("#name", Input).value == "Quick")
        assert dialog.query_one(KindList).value == "wfm_server"


def _key(key: str) -> events.Key:
    return events.Key(key, key if len(key) == 1 else None)


# -- 16. plan properties -------------------------------------------------------------------


async def test_plan_name_and_description_as_one_undoable_edit(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        doc = app.editor.document
        await pilot.press("p")
        await until(pilot, lambda: isinstance(app.screen, PlanPropertiesDialog))
        dialog = app.screen
        assert_buttons_on_screen(app)
        name = dialog.query_one("#plan-name", Input)
        assert name.value == "Contoso, single site"
        name.value = ""
        await pilot.pause()
        assert problem(app, "plan-name") == "✗ must not be empty"
        assert ok_disabled(app)
        name.value = "Leeds rollout"
        dialog.query_one("#description", TextArea).text = "Second site\nfrom May"
        await pilot.pause()
        await click_laid_out(app, pilot, "#ok")
        await pilot.pause()
        assert (doc.plan.name, doc.plan.description) == ("Leeds rollout", "Second site\nfrom May")
        assert app.editor.title == "Leeds rollout *"
        # The journal has it, as any edit.
        journal = app.journal_now()
        assert journal is not None
        [found], [] = recovery.left_for(str(single_site))
        assert 'name = "Leeds rollout"' in found.plan_text

        await pilot.press("ctrl+z")  # one step takes both back
        await pilot.pause()
        assert (doc.plan.name, doc.plan.description) == (
            "Contoso, single site",
            "Pilot for the London contact centre",
        )
        assert app.editor.title == "Contoso, single site"


async def test_plan_properties_in_the_palette_and_the_sandbox(single_site: Path) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await pilot.pause()
        await pilot.press("ctrl+p")
        await until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"plan")  # the first hit, before "Open plan…"
        await app.screen.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PlanPropertiesDialog))
        app.screen.query_one("#plan-name", Input).value = "Trial"
        await pilot.press("enter")
        await pilot.pause()
        assert app.editor.title == "WHAT-IF (plan details changed) · Trial *"
        await pilot.press("w")
        await pilot.pause()
        await click_laid_out(app, pilot, "#discard")
        await pilot.pause()
        assert app.editor.document.plan.name == "Contoso, single site"
        assert not app.editor.document.dirty


# -- 17. the open dialog completes paths and lists plan files --------------------------------


@pytest.fixture
def plans(tmp_path: Path, single_site: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "plans"
    (folder / "leeds").mkdir(parents=True)
    for name in ("multi-site.toml", "minimal.toml"):
        (folder / name).write_text(single_site.read_text("utf-8"), "utf-8")
    (folder / "leeds" / "leeds.toml").write_text(single_site.read_text("utf-8"), "utf-8")
    (folder / "readme.txt").write_text("not a plan")
    monkeypatch.chdir(tmp_path)
    return folder


def listed(app: WfmApp) -> list[str]:
    options = app.screen.query_one("#path-list", OptionList)
    if not options.display:
        return []
    return [str(options.get_option_at_index(i).prompt)[2:] for i in range(options.option_count)]


async def open_dialog(app: WfmApp, pilot) -> Input:
    await pilot.press("ctrl+o")
    await until(pilot, lambda: isinstance(app.screen, PathDialog))
    await pilot.pause()
    return app.screen.query_one("#path", Input)


async def test_tab_completes_and_the_folder_plans_are_listed(single_site: Path, plans) -> None:
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        field = await open_dialog(app, pilot)
        await pilot.press("ctrl+u", *"plans/m")
        await pilot.pause()
        assert listed(app) == ["minimal.toml", "multi-site.toml"]  # not readme.txt
        await pilot.press("tab")  # m... : both go on differently; nothing to add
        assert field.value == "plans/m"
        assert app.focused is app.screen.query_one("#path-list")  # tab moved on, to the list
        await pilot.press("shift+tab", "u", "tab")
        assert field.value == "plans/multi-site.toml"
        assert app.focused is field
        await pilot.pause()
        assert not ok_disabled(app)

        await pilot.press("ctrl+u", *"plans/l", "tab")  # a folder: completed with its "/"
        assert field.value == "plans/leeds/"
        await pilot.pause()
        assert listed(app) == ["leeds.toml"]
        assert problem_line(app) == "is a folder: add a file name (tab completes it)"
        await pilot.press("tab")
        assert field.value == "plans/leeds/leeds.toml"
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is app.editor)
        assert app.editor.document.path == "plans/leeds/leeds.toml"


def problem_line(app: WfmApp) -> str:
    return str(app.screen.query_one(".problem", Static).render())


async def test_a_plan_is_chosen_from_the_list(single_site: Path, plans: Path) -> None:
    app = WfmApp(str(plans / "minimal.toml"))
    async with app.run_test(size=SIZE) as pilot:
        field = await open_dialog(app, pilot)
        # The open plan's whole folder is listed, folders first.
        assert listed(app) == ["leeds/", "minimal.toml", "multi-site.toml"]
        assert_buttons_on_screen(app)
        await pilot.press("tab", "down")
        # The line under the cursor is marked in text, not only in colour (NO_COLOR).
        assert str(app.focused.get_option_at_index(0).prompt) == "› leeds/"
        await pilot.press("enter")  # into the folder "leeds/"
        await pilot.pause()
        assert field.value == str(plans / "leeds") + "/"
        assert app.focused is field
        assert listed(app) == ["leeds.toml"]
        await pilot.press("down", "enter")  # down from the field goes into the list too
        # The only file: opens it.
        await until(pilot, lambda: app.screen is app.editor)
        assert app.editor.document.path == str(plans / "leeds" / "leeds.toml")


async def test_a_broken_plan_chosen_from_the_list_says_why(single_site: Path, plans) -> None:
    (plans / "minimal.toml").write_text("format = 1\n")
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        await open_dialog(app, pilot)
        await pilot.press("ctrl+u", *"plans/mi", "tab", "enter")
        await until(pilot, lambda: isinstance(app.screen, LoadErrorDialog))


async def test_letters_tab_and_enter_typed_at_once_open_the_plan(single_site: Path, plans) -> None:
    """Tab completes what was typed before it, though those letters were still queued."""
    app = WfmApp(str(single_site))
    async with app.run_test(size=SIZE) as pilot:
        field = await open_dialog(app, pilot)
        await pilot.press(*"plans/")  # replaces the path shown (selected as the dialog opens)
        assert field.value == "plans/"
        for key in ("m", "u", "tab", "enter"):
            app.post_message(_key(key))
        await until(pilot, lambda: app.screen is app.editor)
        assert app.editor.document.path == "plans/multi-site.toml"
