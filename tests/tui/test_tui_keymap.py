"""Each key once (wfm_tui/tui/keys.py): the bindings, the palette, the help, the README's key
table and the user's keymap file all come from it."""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path

import pytest
from textual.binding import Binding
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.widgets import Static

from tests import ROOT, SAMPLES
from tests.tui.editor_helpers import help_keys
from wfm_tui.files.errors import LoadError
from wfm_tui.files.keymap_file import keymap_path, read_keymap
from wfm_tui.tui.app import WfmApp
from wfm_tui.tui.commands import EditorCommands
from wfm_tui.tui.keys import (
    AREAS,
    KEYS,
    PALETTE_ORDER,
    help_sections,
    key_named,
    palette_entries,
)
from wfm_tui.tui.screens.add_app import AddAppDialog
from wfm_tui.tui.screens.help import HelpScreen

README = ROOT / "README.md"


def test_every_key_binding_is_in_the_palette() -> None:
    from wfm_tui.tui.screens.editor import EditorScreen

    in_palette = {entry.action for entry in palette_entries()}
    bound = {binding.action for binding in EditorScreen.BINDINGS if hasattr(binding, "action")}
    # Moving from area to area is no command; the palette's own key opens the palette.
    moves = {"next_area(1)", "next_area(-1)", "area('navigator')", "app.command_palette"}
    assert bound - moves <= in_palette, bound - moves - in_palette


def _classes_with_bindings() -> list[type[DOMNode]]:
    """Every class of the editor's modules that declares BINDINGS of its own."""
    import wfm_tui.tui

    found: list[type[DOMNode]] = []
    for info in pkgutil.walk_packages(wfm_tui.tui.__path__, "wfm_tui.tui."):
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, DOMNode)
                and value.__module__ == module.__name__
                and "BINDINGS" in vars(value)
            ):
                found.append(value)
    return found


def test_every_binding_of_the_editor_has_an_id_from_the_table() -> None:
    classes = _classes_with_bindings()
    assert len(classes) >= 11  # the app, the editor, 5 widgets, 3 dialogs, the help
    for cls in classes:
        for binding in cls.BINDINGS:
            assert isinstance(binding, Binding), (cls, binding)
            assert binding.id in KEYS, (cls.__name__, binding)
            key = KEYS[binding.id]
            assert (binding.key, binding.action, binding.description) == (
                key.key,
                key.action,
                key.word,
            )
    ids = [key.id for area in AREAS for key in area.keys]
    assert len(ids) == len(set(ids))
    # Ids are named after their area, so that a keymap reads where each key acts.
    for area in AREAS:
        for key in area.keys:
            assert key.id.startswith(f"{area.name}."), key.id


def test_the_palette_shows_each_key_as_bound() -> None:
    """The palette's entries, as they read when their keys were typed into their help."""
    assert [tuple(entry) for entry in palette_entries()] == [
        ("Save", "save", "Save the plan (ctrl+s)"),
        ("Save as…", "save_as", "Save the plan to another file"),
        (
            "Plan properties (name, description)…",
            "plan_properties",
            "The plan's own properties (p)",
        ),
        ("Open plan…", "open", "Open a plan file (ctrl+o)"),
        ("New plan", "new_plan", "Start an empty, untitled plan"),
        ("Add app", "add_app", "Add an application (a)"),
        ("Rename app", "rename_app", "Rename the current app; links follow (r)"),
        ("Remove app", "remove_app", "Remove the current app and its links (delete)"),
        ("Edit properties", "edit_app", "Site, host, port, TLS, backup, note (e)"),
        (
            "Clone site…",
            "clone_site",
            "Copy the current site's apps as a new site, with a preview (c)",
        ),
        ("Features", "features", "Management layer, scheduled reporting, multi-site (f)"),
        (
            "Edit the file in your editor",
            "edit_in_editor",
            "Open the plan in $VISUAL/$EDITOR (ctrl+e)",
        ),
        ("Undo", "undo", "Undo the last change (ctrl+z)"),
        ("Redo", "redo", "Redo the change undone (ctrl+y)"),
        ("Toggle validation pane", "toggle_pane", "Show or hide the findings (v)"),
        (
            "What-if sandbox",
            "whatif",
            "Try changes against the plan as it is, then keep or drop them (w)",
        ),
        ("Impact of losing the app", "impact", "What goes down if the current app is lost (x)"),
        ("Changes since last save", "changes", "Apps, links and findings changed since saving (d)"),
        ("Filter apps", "filter", "List only the apps whose name contains a text (/)"),
        ("Clear the filter", "clear_filter", "List every app again (escape in the list)"),
        ("Go to the navigator", "to_navigator", "Back to the list of apps (escape, 1)"),
        ("Go to the panels", "area('centre')", "The links of the apps shown (2)"),
        ("Go to the findings", "area('pane')", "The validation pane's findings (3)"),
        ("Wider navigator", "navigator_width(4)", "More room for the names of apps (>)"),
        ("Narrower navigator", "navigator_width(-4)", "More room for the panels (<)"),
        ("Help and keys", "help", "Every key, area by area, and how the editor works (?)"),
    ]
    assert len(PALETTE_ORDER) == len(set(PALETTE_ORDER))
    named = {key.id for key in KEYS.values() if key.palette is not None}
    assert named == set(PALETTE_ORDER)


def test_the_help_shows_the_keys_it_showed_before() -> None:
    sections = dict(help_sections())
    assert sections["In the findings (3)"] == [
        ("up / down", "Move through the findings"),
        (
            "enter",
            "Go to the finding's app, on the group or link at fault (a rule about the whole "
            "plan opens the features)",
        ),
    ]
    assert sections["In a dialog"] == [
        ("tab / ← →", "Move between the fields and buttons"),
        ("enter", "Press the focused button (in a field or the kind list: OK)"),
        ("escape", "Cancel and close"),
        ("letters", "In the add dialog's kind list: jump to the kind so named"),
        ("tab", "In a file path: complete it; down goes to the plan files listed"),
    ]
    everywhere = sections["Everywhere (but in a text field, where letters are typed)"]
    assert [key for key, _ in everywhere][-2:] == ["ctrl+q", "ctrl+p"]
    assert everywhere[-1][1] == "The command palette: every action by name, and every app"


# -- the README's key table ----------------------------------------------------------------

_TABLE = re.compile(r"<!-- keys: .*? -->\n(.*?)<!-- /keys -->\n", re.DOTALL)


def readme_key_table() -> str:
    """The README's key table as the help screen's sections render it in Markdown."""
    lines = ["| key | action |", "|---|---|"]
    for heading, keys in help_sections():
        lines.append(f"| **{heading}** | |")
        lines += [f"| `{key}` | {sentence} |" for key, sentence in keys]
    return "\n".join(lines) + "\n"


def test_the_readme_key_table_is_the_help_screens() -> None:
    """Fails when a key is added, moved or described anew in keys.py and not in the README:
    paste the table this prints between the README's `keys` markers."""
    found = _TABLE.search(README.read_text("utf-8"))
    assert found is not None, "README.md: no <!-- keys: ... --> table"
    expected = readme_key_table()
    assert found.group(1) == expected, f"README.md's key table should be:\n{expected}"


def test_the_readme_table_names_every_key_of_the_editor() -> None:
    table = readme_key_table()
    for area in AREAS:
        if area.heading is None and area.name != "app":
            continue
        for key in area.keys:
            if key.key is not None and key.in_help:
                shown = key.display or key.key.replace(",", " / ")
                assert f"`{shown}`" in table or f"/ {shown}`" in table, key.id


# -- the user's keymap file ----------------------------------------------------------------


class RecordingApp(WfmApp):
    """Keeps every message it shows, as the user would read them."""

    def __init__(self, path: str | None) -> None:
        super().__init__(path)
        self.told: list[tuple[str, SeverityLevel]] = []

    def notify(self, message: str, *, severity: SeverityLevel = "information", **kw) -> None:  # type: ignore[override]
        self.told.append((message, severity))
        super().notify(message, severity=severity, **kw)


def _write_keymap(config_home: Path, text: str) -> Path:
    path = keymap_path()
    assert path.is_relative_to(config_home)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


async def test_a_keymap_moves_a_key_everywhere_it_is_shown(config_home: Path) -> None:
    _write_keymap(
        config_home,
        '[keymap]\n"editor.add_app" = "n"\neditor.undo = "u,ctrl+z"\nhelp.close = "x"\n',
    )
    app = RecordingApp(str(SAMPLES / "single-site.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.user_keymap == {
            "editor.add_app": "n",
            "editor.undo": "u,ctrl+z",
            "help.close": "x",
        }
        assert not [m for m, severity in app.told if severity == "warning"]
        await pilot.press("a")
        await pilot.pause()
        assert app.screen is app.editor  # a no longer adds
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)
        await pilot.press("escape")
        await pilot.pause()
        # The footer's word is there with its new key.
        footer_keys = {
            binding.description: binding.key
            for _, binding, _, _ in app.editor.active_bindings.values()
        }
        assert footer_keys["Add"] == "n"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        everywhere = help_keys(app.screen, "Everywhere")
        assert everywhere["n"].startswith("Add an app")
        assert everywhere["u / ctrl+z"] == "Undo the last change"
        assert "a" not in everywhere
        texts = [str(static.render()) for static in app.screen.query(Static)]
        assert "x or ? closes" in texts
        await pilot.press("x")
        await pilot.pause()
        assert app.screen is app.editor
        provider = EditorCommands(app.screen)
        helps = {entry.name: entry.help for entry in provider._actions()}
        assert helps["Add app"] == "Add an application (n)"
        assert helps["Undo"] == "Undo the last change (u / ctrl+z)"


async def test_messages_name_the_keys_of_the_keymap(config_home: Path, tmp_path: Path) -> None:
    """Messages that name a key name the user's: "untitled: ctrl+s to save" under a keymap
    that moved save to f2 sent the user to a key that did something else."""
    _write_keymap(
        config_home, '[keymap]\neditor.save = "f2"\neditor.whatif = "f3"\neditor.undo = "u"\n'
    )
    app = RecordingApp(str(tmp_path / "new.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        assert ("New plan: the file is created on the first save (f2).", "information") in (
            app.told
        )
        app.editor.document.path = None
        app.editor.update_titles()
        assert app.editor.sub_title == "untitled: f2 to save"
        await pilot.press("f3")
        await pilot.pause()
        banner = str(app.editor.query_one("#whatif-banner", Static).render())
        assert banner.endswith("since it opened. f3 to leave.")
        assert key_named(app, "editor.undo") == "u"
        assert key_named(app, "editor.save_as") == "the command palette"  # it has no key


async def test_a_keymap_that_takes_a_key_says_so_once(config_home: Path) -> None:
    _write_keymap(config_home, '[keymap]\n"editor.add_app" = "e"\n')
    app = RecordingApp(str(SAMPLES / "single-site.toml"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("down", "down", "down")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)  # the keymap wins
        warnings = [m for m, severity in app.told if severity == "warning"]
        assert warnings == [f"{keymap_path()}: the keymap takes e from editor.edit_app"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("[keymap\n", ":1:8: TOML syntax: "),
        ('[keymap]\n"editor.sav" = "ctrl+w"\n', ":2:1: unknown binding id"),
        ("[keys]\n", ":1:1: unknown table"),
        ('title = "x"\n', ":1:1: unknown table"),
        ("keymap = 5\n", ":1:1: needs a [keymap] table"),
        ('[keymap]\n"editor.save" = 5\n', ":2:1: editor.save: keys are a string"),
        ('[keymap]\neditor.save = "ctrl + w"\n', ":2:1: editor.save: keys are a string"),
    ],
)
async def test_a_bad_keymap_file_is_one_warning_and_the_default_keys(
    config_home: Path, text: str, problem: str
) -> None:
    path = _write_keymap(config_home, text)
    app = RecordingApp(None)
    async with app.run_test(size=(80, 24)) as pilot:
        warnings = [m for m, severity in app.told if severity == "warning"]
        assert len(warnings) == 1, warnings
        [warning] = warnings
        assert warning.startswith(f"{path}{problem}"), warning
        assert warning.endswith("; the default keys are used")
        assert "\n" not in warning
        assert app.user_keymap == {}
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, AddAppDialog)


def test_a_keymap_file_names_the_id_meant(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('[keymap]\n\n  "editor.sav" = "ctrl+w"\n', "utf-8")
    with pytest.raises(LoadError) as caught:
        read_keymap(path, KEYS)
    assert str(caught.value) == (
        f'{path}:3:3: unknown binding id "editor.sav" (did you mean editor.save?)'
    )


def test_a_keymap_file_takes_dotted_and_quoted_ids(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(
        '[keymap]\n"editor.save" = "ctrl+w"\nnavigator.down = "down,n"\n'
        '[keymap.panel]\ntoggle = "x"\n',
        "utf-8",
    )
    assert read_keymap(path, KEYS) == {
        "editor.save": "ctrl+w",
        "navigator.down": "down,n",
        "panel.toggle": "x",
    }


def test_no_keymap_file_or_an_empty_one_is_no_keymap(config_home: Path) -> None:
    assert not keymap_path().exists()
    app = WfmApp(None)
    app.load_keymap()
    assert (app.user_keymap, app.keymap_problem) == ({}, None)
    _write_keymap(config_home, "# nothing yet\n")
    app.load_keymap()
    assert (app.user_keymap, app.keymap_problem) == ({}, None)


def test_the_keymap_is_where_xdg_says(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    assert keymap_path() == tmp_path / "wfm-tui" / "keymap.toml"
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert keymap_path() == tmp_path / ".config" / "wfm-tui" / "keymap.toml"
