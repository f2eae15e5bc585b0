"""Every key of the editor, once: its id, action, footer word and sentence.

The widgets' `BINDINGS`, the command palette's entries, the help screen and the README's key
table are all made from `KEYS`. An id (`editor.save`) is what a user keymap names to move a
key elsewhere (`App.set_keymap`); the palette and the help show the key as it is bound then.

Longer than 400 lines because it is the table: some 60 keys, a few lines each; split by area,
the one place to read every key would be gone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from textual.binding import Binding, BindingType

Keymap = Mapping[str, str]  # binding id -> keys, as a user's keymap file gives them


@dataclass(frozen=True, slots=True)
class Key:
    """One action and, unless it is palette only, the key that runs it."""

    id: str
    action: str
    key: str | None = None  # comma-separated keys; None: only in the palette
    word: str = ""  # the footer's word
    tooltip: str = ""  # a sentence: a hover over the footer, and the help screen
    show: bool = False  # in the footer
    display: str | None = None  # how the footer and the help write the key
    priority: bool = False
    help: str | None = None  # the help screen's sentence, when not the tooltip's
    in_help: bool = True
    # The palette: its name, and its help, to which the keys of `palette_keys` (its own by
    # default), then `palette_note`, are added in brackets.
    palette: str | None = None
    palette_help: str = ""
    palette_keys: tuple[str, ...] | None = None
    palette_note: str = ""

    def binding(self) -> Binding:
        assert self.key is not None, self.id
        return Binding(
            self.key,
            self.action,
            self.word,
            show=self.show,
            key_display=self.display,
            priority=self.priority,
            tooltip=self.tooltip,
            id=self.id,
        )


@dataclass(frozen=True, slots=True)
class Area:
    """The keys of one place (a screen, a widget) and how the help screen heads them."""

    name: str
    heading: str | None  # None: not in the help screen
    prefix: str = ""  # what the tooltips start with, left out of the help's sentences
    keys: tuple[Key, ...] = ()
    # Lines of the help before and after the keys', for keys that Textual's own widgets bind
    # (a button's enter) or no binding has (type-ahead); `{id}` stands for the key of that id.
    extra_help: tuple[tuple[str, str], ...] = ()
    help_after: tuple[tuple[str, str], ...] = ()


EDITOR = Area(
    "editor",
    "Everywhere (but in a text field, where letters are typed)",
    keys=(
        # The footer shows the keys of every session and ? for the rest: all of them did not
        # fit in 80 columns.
        Key(
            "editor.help",
            "help",
            "question_mark",
            "Help",
            "Every key, area by area, and how the editor works",
            show=True,
            display="?",
            # Found by "keys" too: Textual's own "Keys" panel is not offered (app.py).
            palette="Help and keys",
            palette_help="Every key, area by area, and how the editor works",
        ),
        Key(
            "editor.save",
            "save",
            "ctrl+s",
            "Save",
            "Save the plan (in the what-if sandbox, asks first whether to keep its changes)",
            show=True,
            palette="Save",
            palette_help="Save the plan",
        ),
        Key(
            "editor.save_as",
            "save_as",
            palette="Save as…",
            palette_help="Save the plan to another file",
        ),
        Key(
            "editor.open",
            "open",
            "ctrl+o",
            "Open",
            "Open another plan file",
            palette="Open plan…",
            palette_help="Open a plan file",
        ),
        Key(
            "editor.new_plan",
            "new_plan",
            palette="New plan",
            palette_help="Start an empty, untitled plan",
        ),
        Key(
            "editor.add_app",
            "add_app",
            "a",
            "Add",
            "Add an app: its kind (type letters to jump to one) and a name, suggested and "
            "checked as you type",
            show=True,
            palette="Add app",
            palette_help="Add an application",
        ),
        Key(
            "editor.rename_app",
            "rename_app",
            "r",
            "Rename",
            "Rename the app under the cursor; the links to it follow",
            palette="Rename app",
            palette_help="Rename the current app; links follow",
        ),
        Key(
            "editor.edit_app",
            "edit_app",
            "e",
            "Edit",
            "Edit the properties of the app under the cursor: site, host, port, TLS, backup, note",
            show=True,
            palette="Edit properties",
            palette_help="Site, host, port, TLS, backup, note",
        ),
        Key(
            "editor.remove_app",
            "remove_app",
            "delete",
            "Remove",
            "Remove the app under the cursor, after a look at what breaks and the links that go",
            palette="Remove app",
            palette_help="Remove the current app and its links",
        ),
        Key(
            "editor.clone_site",
            "clone_site",
            "c",
            "Clone site",
            "Copy the apps of the site under the cursor as a new site, with a preview",
            palette="Clone site…",
            palette_help="Copy the current site's apps as a new site, with a preview",
        ),
        Key(
            "editor.features",
            "features",
            "f",
            "Features",
            "Features (management layer, scheduled reporting, multi-site) and catalog",
            palette="Features",
            palette_help="Management layer, scheduled reporting, multi-site",
        ),
        Key(
            "editor.plan_properties",
            "plan_properties",
            "p",
            "Plan",
            "The plan's name and description",
            palette="Plan properties (name, description)…",
            palette_help="The plan's own properties",
        ),
        Key(
            "editor.undo",
            "undo",
            "ctrl+z",
            "Undo",
            "Undo the last change",
            show=True,
            palette="Undo",
            palette_help="Undo the last change",
        ),
        Key(
            "editor.redo",
            "redo",
            "ctrl+y",
            "Redo",
            "Redo the change undone last",
            palette="Redo",
            palette_help="Redo the change undone",
        ),
        Key(
            "editor.toggle_pane",
            "toggle_pane",
            "v",
            "Pane",
            "Show or hide the validation pane",
            show=True,
            palette="Toggle validation pane",
            palette_help="Show or hide the findings",
        ),
        Key(
            "editor.whatif",
            "whatif",
            "w",
            "What-if",
            "Open the what-if sandbox; pressed again, keep or throw away its changes",
            show=True,
            palette="What-if sandbox",
            palette_help="Try changes against the plan as it is, then keep or drop them",
        ),
        Key(
            "editor.impact",
            "impact",
            "x",
            "Impact",
            "What goes down if the app under the cursor is lost (changes nothing)",
            palette="Impact of losing the app",
            palette_help="What goes down if the current app is lost",
        ),
        Key(
            "editor.changes",
            "changes",
            "d",
            "Changes",
            "What changed since the last save",
            palette="Changes since last save",
            palette_help="Apps, links and findings changed since saving",
        ),
        Key(
            "editor.filter",
            "filter",
            "slash",
            "Filter",
            "List only the apps whose name contains a text",
            display="/",
            palette="Filter apps",
            palette_help="List only the apps whose name contains a text",
        ),
        Key(
            "editor.clear_filter",
            "clear_filter",
            palette="Clear the filter",
            palette_help="List every app again",
            palette_keys=("editor.to_navigator",),
            palette_note=" in the list",
        ),
        Key(
            "editor.edit_in_editor",
            "edit_in_editor",
            "ctrl+e",
            "Edit the file",
            "Edit the plan file in $VISUAL or $EDITOR, then take it back",
            palette="Edit the file in your editor",
            palette_help="Open the plan in $VISUAL/$EDITOR",
        ),
        Key(
            "editor.to_navigator",
            "to_navigator",
            "escape",
            "Back",
            "Back to the navigator; there, clear the filter",
            palette="Go to the navigator",
            palette_help="Back to the list of apps",
            palette_keys=("editor.to_navigator", "editor.go_navigator"),
        ),
        Key(
            "editor.next_area",
            "next_area(1)",
            "tab",
            "Next area",
            "Next area: navigator, panels, findings",
        ),
        Key(
            "editor.previous_area",
            "next_area(-1)",
            "shift+tab",
            "Previous area",
            "Previous area: findings, panels, navigator",
        ),
        Key(
            "editor.go_navigator",
            "area('navigator')",
            "1",
            "Navigator",
            "Go to the navigator",
        ),
        Key(
            "editor.go_panels",
            "area('centre')",
            "2",
            "Panels",
            "Go to the panels",
            palette="Go to the panels",
            palette_help="The links of the apps shown",
        ),
        Key(
            "editor.go_findings",
            "area('pane')",
            "3",
            "Findings",
            "Go to the findings (shows the validation pane when it is hidden)",
            palette="Go to the findings",
            palette_help="The validation pane's findings",
        ),
        Key(
            "editor.navigator_narrower",
            "navigator_width(-4)",
            "less_than_sign",
            "Narrower",
            "Make the navigator narrower (its names shorten to fit)",
            display="<",
            palette="Narrower navigator",
            palette_help="More room for the panels",
        ),
        Key(
            "editor.navigator_wider",
            "navigator_width(4)",
            "greater_than_sign",
            "Wider",
            "Make the navigator wider, for long names (the panels get narrower)",
            display=">",
            palette="Wider navigator",
            palette_help="More room for the names of apps",
        ),
        Key(
            "editor.palette",
            "app.command_palette",
            "colon",
            "Palette",
            "Open the command palette, as ctrl+p does",
            display=":",
        ),
    ),
)

APP = Area(
    "app",
    None,  # in the help, with the editor's keys
    keys=(
        Key(
            "app.quit",
            "quit",
            "ctrl+q",
            "Quit",
            "Quit; asks to save, discard or cancel when there are unsaved changes",
            show=True,
            priority=True,
        ),
        # Textual binds ctrl+p to the palette unless the app does; bound here, it has an id.
        Key(
            "app.command_palette",
            "command_palette",
            "ctrl+p",
            "palette",
            "Open the command palette",
            priority=True,
            help="The command palette: every action by name, and every app",
        ),
    ),
)

NAVIGATOR = Area(
    "navigator",
    "In the navigator (1)",
    "Navigator: ",
    keys=(
        Key(
            "navigator.down",
            "cursor(1)",
            "down,j",
            "Down",
            "Navigator: down a line; the panels follow",
        ),
        Key(
            "navigator.up",
            "cursor(-1)",
            "up,k",
            "Up",
            "Navigator: up a line; the panels follow",
        ),
        Key("navigator.page_down", "page(1)", "pagedown", "Page down", "Navigator: a page down"),
        Key("navigator.page_up", "page(-1)", "pageup", "Page up", "Navigator: a page up"),
        Key(
            "navigator.first",
            "cursor_to(0)",
            "home,g",
            "First",
            "Navigator: to the first line",
        ),
        Key("navigator.last", "cursor_to(-1)", "end,G", "Last", "Navigator: to the last line"),
        Key(
            "navigator.select",
            "select",
            "enter",
            "Select",
            "Navigator: on an app, go into its panel; on a site or kind, fold or unfold",
        ),
        Key(
            "navigator.fold",
            "toggle_fold",
            "space",
            "Fold",
            "Navigator: fold or unfold a site or kind",
        ),
        Key(
            "navigator.open",
            "open_node",
            "right,l",
            "Open",
            "Navigator: open a site or kind; on an app, go into its panel",
        ),
        Key(
            "navigator.close",
            "close_node",
            "left,h",
            "Close",
            "Navigator: fold a site or kind, or go up to it",
        ),
        Key(
            "navigator.quit",
            "app.quit",
            "q",
            "Quit",
            "Navigator: quit, as ctrl+q does (asks when there are unsaved changes)",
        ),
    ),
)

PANEL = Area(
    "panel",
    "In a panel (2)",
    "In a panel: ",
    keys=(
        Key(
            "panel.toggle",
            "toggle_link",
            "space",
            "Toggle",
            "In a panel: tick or untick the target",
            show=True,
        ),
        Key(
            "panel.toggle_enter", "toggle_link", "enter", "Toggle", "In a panel: the same as space"
        ),
        Key(
            "panel.down",
            "cursor(1)",
            "down,j",
            "Down",
            "In a panel: next target, on into the next panel",
        ),
        Key(
            "panel.up",
            "cursor(-1)",
            "up,k",
            "Up",
            "In a panel: previous target, back into the previous panel",
        ),
        Key("panel.first", "cursor_to(0)", "home,g", "First", "In a panel: to the first target"),
        Key("panel.last", "cursor_to(-1)", "end,G", "Last", "In a panel: to the last target"),
        Key(
            "panel.add_linked",
            "add_linked",
            "a",
            "Add+link",
            'In a panel, on a line "no other ... (a: add one)": add an app of that kind, linked '
            "to this one (one undoable edit; elsewhere a adds an app)",
            show=True,
        ),
    ),
)

# The list's own keys (an OptionList's), bound again to carry ids; the help shows up and down
# as one line.
FINDINGS = Area(
    "findings",
    "In the findings (3)",
    keys=(
        Key("findings.up", "cursor_up", "up", "Up", in_help=False),
        Key("findings.down", "cursor_down", "down", "Down", help="Move through the findings"),
        Key(
            "findings.select",
            "select",
            "enter",
            "Select",
            help="Go to the finding's app, on the group or link at fault (a rule about the "
            "whole plan opens the features)",
        ),
    ),
)

FILTER = Area(
    "filter",
    None,
    keys=(
        Key(
            "filter.clear",
            "clear",
            "escape",
            "Clear",
            "Filter: clear it and close the bar",
            show=True,
        ),
        Key(
            "filter.leave", "leave", "down", "To the list", "Filter: into the list, kept", show=True
        ),
    ),
)

DIALOG = Area(
    "dialog",
    "In a dialog",
    keys=(
        Key("dialog.cancel", "cancel", "escape", "Cancel", show=True, help="Cancel and close"),
        Key(
            "dialog.previous", "app.focus_previous", "left", "Previous", display="←", in_help=False
        ),
        Key("dialog.next", "app.focus_next", "right", "Next", display="→", in_help=False),
        # Priority: focus moves before the keys typed after tab are handed to a widget, so
        # "tab", a name and enter typed (or pasted) at once land in the next field.
        Key("dialog.next_field", "tab(1)", "tab", "Next field", priority=True, in_help=False),
        Key(
            "dialog.previous_field",
            "tab(-1)",
            "shift+tab",
            "Previous field",
            priority=True,
            in_help=False,
        ),
    ),
    extra_help=(
        (
            "{dialog.next_field} / {dialog.previous} {dialog.next}",
            "Move between the fields and buttons",
        ),
        ("enter", "Press the focused button (in a field or the kind list: OK)"),
    ),
    help_after=(
        ("letters", "In the add dialog's kind list: jump to the kind so named"),
        (
            "{dialog.next_field}",
            "In a file path: complete it; {path.to_list} goes to the plan files listed",
        ),
    ),
)

PATH = Area(
    "path",
    None,
    keys=(Key("path.to_list", "to_list", "down", "To the list"),),
)

KIND_LIST = Area(
    "kind_list",
    None,
    keys=(Key("kind_list.submit", "submit", "enter", "Add"),),
)

UNSAVED = Area(
    "unsaved",
    None,
    keys=(
        Key("unsaved.save", "choose('save')", "s", "Save", show=True),
        Key("unsaved.discard", "choose('discard')", "d", "Discard", show=True),
        Key("unsaved.cancel", "cancel", "c", "Cancel", show=True),
    ),
)

HELP = Area(
    "help",
    None,
    keys=(
        Key("help.close", "dismiss", "escape", "Close", show=True),
        Key(
            "help.close_question_mark", "dismiss", "question_mark", "Close", show=True, display="?"
        ),
        Key("help.close_q", "dismiss", "q", "Close"),
    ),
)

AREAS = (EDITOR, APP, NAVIGATOR, PANEL, FINDINGS, FILTER, DIALOG, PATH, KIND_LIST, UNSAVED, HELP)
KEYS: dict[str, Key] = {key.id: key for area in AREAS for key in area.keys}

# The palette lists its entries in this order (most used first), not in the footer's.
PALETTE_ORDER = (
    "editor.save",
    "editor.save_as",
    # Before "Open plan…": typing "plan" scores them alike, and the first listed wins.
    "editor.plan_properties",
    "editor.open",
    "editor.new_plan",
    "editor.add_app",
    "editor.rename_app",
    "editor.remove_app",
    "editor.edit_app",
    "editor.clone_site",
    "editor.features",
    "editor.edit_in_editor",
    "editor.undo",
    "editor.redo",
    "editor.toggle_pane",
    "editor.whatif",
    "editor.impact",
    "editor.changes",
    "editor.filter",
    "editor.clear_filter",
    "editor.to_navigator",
    "editor.go_panels",
    "editor.go_findings",
    "editor.navigator_wider",
    "editor.navigator_narrower",
    "editor.help",
)


def bindings(area: Area) -> list[BindingType]:
    """The `BINDINGS` of the widget or screen of `area`."""
    return [key.binding() for key in area.keys if key.key is not None]


def keys_shown(key_id: str, keymap: Keymap) -> str | None:
    """How the help and the palette write the key(s) of `key_id` with `keymap` in force;
    None when it has none."""
    key = KEYS[key_id]
    mapped = keymap.get(key_id)
    if mapped:
        return mapped.replace(",", " / ")
    if key.key is None:
        return None
    return key.display or key.key.replace(",", " / ")


def taken_keys(keymap: Keymap) -> list[tuple[str, str]]:
    """(key, id) for each key that `keymap` gives to an action and that was, in the same
    place, the key of another action it leaves alone: that one has lost it."""
    taken = []
    for area in AREAS:
        defaults = {
            k: key.id
            for key in area.keys
            if key.key is not None and key.id not in keymap
            for k in key.key.split(",")
        }
        for key in area.keys:
            for k in keymap.get(key.id, "").split(","):
                if k in defaults:
                    taken.append((k, defaults[k]))
    return taken


class PaletteEntry(NamedTuple):
    name: str
    action: str
    help: str


def palette_entries(keymap: Keymap = {}) -> list[PaletteEntry]:  # noqa: B006 (read only)
    """Every palette entry, in the palette's order, its help ending in its keys."""
    entries = []
    for key_id in PALETTE_ORDER:
        key = KEYS[key_id]
        assert key.palette is not None, key_id
        ids = key.palette_keys if key.palette_keys is not None else (key_id,)
        shown = [k for k in (keys_shown(i, keymap) for i in ids) if k]
        hint = f" ({', '.join(shown)}{key.palette_note})" if shown else ""
        entries.append(PaletteEntry(key.palette, key.action, f"{key.palette_help}{hint}"))
    return entries


_ID = re.compile(r"\{([a-z_.]+)\}")
HelpSections = list[tuple[str, list[tuple[str, str]]]]


def help_sections(keymap: Keymap = {}) -> HelpSections:  # noqa: B006 (read only)
    """Every key with its sentence, area by area, as the help screen and the README show them."""

    def rows(areas: Iterable[Area]) -> list[tuple[str, str]]:
        found: list[tuple[str, str]] = []
        for area in areas:
            found += [written(keys, sentence) for keys, sentence in area.extra_help]
            hidden: list[str] = []  # keys whose line is the next one's
            for key in area.keys:
                shown = keys_shown(key.id, keymap)
                if shown is None:
                    continue
                if not key.in_help:
                    hidden.append(shown)
                    continue
                sentence = key.help or key.tooltip.removeprefix(area.prefix)
                found.append((" / ".join([*hidden, shown]), sentence[:1].upper() + sentence[1:]))
                hidden = []
            found += [written(keys, sentence) for keys, sentence in area.help_after]
        return found

    def written(keys: str, sentence: str) -> tuple[str, str]:
        def key(match: re.Match[str]) -> str:
            return keys_shown(match[1], keymap) or ""

        return _ID.sub(key, keys), _ID.sub(key, sentence)

    sections = [(EDITOR.heading or "", rows([EDITOR, APP]))]
    sections += [(area.heading, rows([area])) for area in AREAS[2:] if area.heading is not None]
    return sections


def key_named(app: object, key_id: str) -> str:
    """The key(s) of `key_id` as a message names them, with the user's keymap in force ("the
    command palette" when the keymap left it none): messages never name a key that is not it."""
    return keys_shown(key_id, user_keymap(app)) or "the command palette"


def user_keymap(app: object) -> Keymap:
    """The keymap the user's file set on `app` (Textual keeps its own copy private)."""
    keymap = getattr(app, "user_keymap", None)
    return keymap if isinstance(keymap, Mapping) else {}
