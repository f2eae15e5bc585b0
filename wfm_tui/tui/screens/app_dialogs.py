"""Dialogs that edit apps and features: rename, properties, features (add is in add_app.py), and
the form they share. Checked as you type.

Each field is checked by the core's rule for it (names, hosts, backups); a problem is a line of
text under its field (not only a colour), and OK is refused while there is one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.fields import FieldValue, parse_field_value, value_problem
from wfm_tui.core.names import name_problem, nfc, text_problem
from wfm_tui.core.plan import EDITABLE_APP_FIELDS, App, Features
from wfm_tui.core.validation import backup_problem
from wfm_tui.tui.screens.dialogs import Dialog, field_block
from wfm_tui.tui.widgets.tick_box import TickBox

Check = Callable[[str], str | None]


def buttons(action: str) -> Horizontal:
    return Horizontal(
        Button(action, id="ok", variant="primary"), Button("Cancel", id="cancel"), classes="buttons"
    )


def name_check(taken: Iterable[str], allowed: str | None = None) -> Check:
    existing = frozenset(taken)

    def check(value: str) -> str | None:
        problem = name_problem(value)
        if problem is not None:
            return f"name {problem}"
        # Names compare in NFC: "é" typed as e and an accent is the app "é".
        if nfc(value) in existing and nfc(value) != allowed:
            return "an app with this name already exists"
        return None

    return check


def optional(check: Check) -> Check:
    """An empty field clears the property, so it is always acceptable."""
    return lambda value: None if value == "" else check(value)


class FormDialog(Dialog[Any]):
    """A dialog whose inputs each have a check; OK is enabled only when all pass."""

    checks: dict[str, Check]

    def _problems(self) -> dict[str, str]:
        problems = {}
        for field_id, check in self.checks.items():
            problem = check(self.query_one(f"#{field_id}", Input).value)
            if problem is not None:
                problems[field_id] = problem
        return problems

    def _validate(self) -> bool:
        problems = self._problems()
        for field_id in self.checks:
            show_problem(self, field_id, problems.get(field_id))
            self.query_one(f"#{field_id}", Input).set_class(field_id in problems, "-invalid")
        self.query_one("#ok", Button).disabled = bool(problems)
        return not problems

    def on_mount(self) -> None:
        self._validate()
        self.first_focus().focus()

    def first_focus(self) -> Widget:
        """Where the keys go when the dialog opens."""
        return self.query(Input).first()

    @on(Input.Changed)
    def _changed(self) -> None:
        self._validate()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        if self._validate():
            self.dismiss(self.result())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)

    def result(self) -> Any:
        raise NotImplementedError


def show_problem(screen: Dialog[Any], field_id: str, problem: str | None) -> None:
    """The field's problem on the line under it, said in words; the line takes no room while
    there is none (every field of the properties dialog fits at 80x24)."""
    line = screen.query_one(f"#{field_id}-problem", Static)
    line.update(Content(f"✗ {problem}" if problem else ""))
    line.display = bool(problem)


def _field(label: str, widget: Input, field_id: str) -> Iterable[Widget]:
    yield field_block(label, widget)
    yield Static(classes="problem", id=f"{field_id}-problem")


def field_row(label: str, widget: Widget, field_id: str) -> Iterable[Widget]:
    """The label beside the field, on one line; the problem under it."""
    yield Horizontal(Static(label, classes="row-label"), widget, classes="field-row")
    yield Static(classes="problem", id=f"{field_id}-problem")


class RenameDialog(FormDialog):
    def __init__(self, name: str, taken: Iterable[str]) -> None:
        super().__init__()
        self.old = name
        self.checks = {"name": name_check(taken, allowed=name)}

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(
                Content.assemble(("Rename ", "bold"), (self.old, "bold")), classes="box-title"
            )
            yield Static("Links and backup references follow the new name.", classes="hint")
            yield from _field("New name", Input(self.old, id="name", compact=True), "name")
            yield buttons("Rename")

    def result(self) -> str:
        return self.query_one("#name", Input).value


class PropertiesDialog(FormDialog):
    """Site, host, port, TLS, backup and note, a line each with its label beside it, so that
    all fit at 80x24 with the buttons; returns the changed fields (None clears)."""

    DEFAULT_CSS = """
    PropertiesDialog .box-body {
        max-height: 13;
    }
    """

    def __init__(
        self,
        name: str,
        app: App,
        apps: Mapping[str, App],
        catalog: Catalog,
        field: str | None = None,
    ) -> None:
        super().__init__()
        self.field = field  # the field to start on (a finding's): else the first
        self.app_name = name
        self.current = app
        self.checks = {
            "site": partial(value_problem, "site"),
            "host": partial(value_problem, "host"),
            "port": partial(value_problem, "port"),
            "backup": optional(self._backup_problem),
        }
        self.apps = apps
        self.catalog = catalog

    def _backup_problem(self, value: str) -> str | None:
        problem = name_problem(value) or backup_problem(
            self.app_name, self.current.kind, nfc(value), self.apps, self.catalog
        )
        if problem != "is not in the plan":
            return problem
        # Which names would do, so that the user need not leave the dialog to look.
        fitting = [
            other
            for other, app in self.apps.items()
            if app.kind == self.current.kind and other != self.app_name
        ]
        if not fitting:
            return (
                f"is not in the plan; it has no other {self.catalog.kind_title(self.current.kind)}"
            )
        listed = ", ".join(fitting[:3]) + (
            f" and {len(fitting) - 3} more" if len(fitting) > 3 else ""
        )
        return f"is not in the plan; of this kind: {listed}"

    def compose(self) -> ComposeResult:
        app = self.current
        with Vertical(classes="box wide"):
            yield Static(
                Content.assemble(("Properties of ", "bold"), (self.app_name, "bold")),
                classes="box-title",
            )
            with VerticalScroll(classes="box-body"):
                yield from field_row("Site", Input(app.site or "", id="site", compact=True), "site")
                yield from field_row("Host", Input(app.host or "", id="host", compact=True), "host")
                port = "" if app.port is None else str(app.port)
                yield from field_row(
                    "Port", Input(port, id="port", type="integer", compact=True), "port"
                )
                yield TickBox("TLS on the listening port", app.tls, id="tls", compact=True)
                yield from field_row(
                    "Backup", Input(app.backup or "", id="backup", compact=True), "backup"
                )
                yield field_block(
                    "Note",
                    TextArea(app.note or "", id="note", soft_wrap=True, compact=True),
                    spaced=False,
                )
                yield Static(classes="problem", id="note-problem")
            yield buttons("Save")

    def first_focus(self) -> Widget:
        return self.query_one(f"#{self.field}") if self.field else super().first_focus()

    def _problems(self) -> dict[str, str]:
        problems = super()._problems()
        note_problem = text_problem(self.query_one("#note", TextArea).text)
        show_problem(self, "note", note_problem)
        if note_problem:
            problems["note"] = note_problem
        return problems

    @on(TextArea.Changed)
    def _note_changed(self) -> None:
        self._validate()

    def result(self) -> dict[str, Any]:
        values: dict[str, FieldValue] = {}
        for field_id in ("site", "host", "port", "backup"):
            values[field_id] = parse_field_value(
                field_id, self.query_one(f"#{field_id}", Input).value
            )
        values["tls"] = self.query_one("#tls", Checkbox).value
        values["note"] = parse_field_value("note", self.query_one("#note", TextArea).text)
        return {
            key: value
            for key in EDITABLE_APP_FIELDS
            if (value := values[key]) != getattr(self.current, key)
        }


@dataclass(frozen=True)
class PlanSettings:
    """What the features dialog returns: the features that changed, and the catalog (the
    plan's `catalog` value) when it changed."""

    features: dict[str, bool]
    catalog: str | None
    catalog_changed: bool


# Previews the findings delta of some settings: a line per new or resolved finding and a summary,
# or the reason they cannot apply.
Preview = Callable[[dict[str, bool], str | None], list[str]]


class FeaturesDialog(Dialog[PlanSettings]):
    """The plan's features and catalog, with the findings they would add and resolve, live.

    At 80x24 all of it is in view at once: the features without space between them, the
    catalog on one line, and the delta under them, outside the scrolling part, a finding a line
    (cut with an ellipsis), PREVIEW_LINES lines at most."""

    PREVIEW_LINES = 4
    DEFAULT_CSS = """
    FeaturesDialog .feature-hint {
        color: $text-muted;
    }
    FeaturesDialog #catalog-row {
        height: auto;
        margin-top: 1;
    }
    FeaturesDialog #catalog-row .row-label {
        text-style: bold;
    }
    FeaturesDialog #catalog {
        width: 1fr;
    }
    FeaturesDialog #preview {
        height: auto;
        max-height: 4;
        margin-top: 1;
        color: $text-muted;
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    FeaturesDialog #preview.-one-line {
        text-wrap: wrap;
    }
    """

    def __init__(
        self,
        catalog: Catalog,
        features: Features,
        catalog_ref: str | None,
        choices: list[str],
        preview: Preview,
    ) -> None:
        super().__init__()
        self.catalog = catalog
        self.features = features
        self.catalog_ref = catalog_ref
        self.choices = choices
        self.preview = preview

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(Content.styled("Features and catalog", "bold"), classes="box-title")
            with VerticalScroll(classes="box-body"):
                for name, spec in self.catalog.features.items():
                    on = getattr(self.features, name, False)
                    yield TickBox(spec.title.capitalize(), on, id=name, compact=True)
                    yield Static(Content(spec.description), classes="feature-hint")
                with Horizontal(id="catalog-row", classes="field-row"):
                    yield Static(Content("Catalog"), classes="row-label")
                    yield Select(
                        [(Content(choice), choice) for choice in self.choices],
                        value=self.catalog_ref or self.choices[0],
                        allow_blank=False,
                        id="catalog",
                        compact=True,
                    )
            yield Static(Content(""), id="preview")
            yield buttons("Apply")

    def on_mount(self) -> None:
        self.query(Checkbox).first().focus()
        self._show_preview()

    def _chosen(self) -> tuple[dict[str, bool], str | None, bool]:
        changed = {}
        for box in self.query(Checkbox):
            name = box.id or ""
            if box.value != getattr(self.features, name, False):
                changed[name] = box.value
        chosen = self.query_one("#catalog", Select).value
        ref = chosen if isinstance(chosen, str) else self.catalog_ref
        # The default catalog named or left implicit is the same catalog: no change.
        same = ref == (self.catalog_ref or self.choices[0])
        return changed, ref, not same

    @on(Checkbox.Changed)
    @on(Select.Changed)
    def _show_preview(self) -> None:
        features, ref, catalog_changed = self._chosen()
        if not features and not catalog_changed:
            lines = ["No change yet."]
        else:
            lines = self.preview(features, ref if catalog_changed else None)
        preview = self.query_one("#preview", Static)
        # A delta is a finding a line; a single line (why the choice cannot apply) wraps.
        preview.set_class(len(lines) == 1, "-one-line")
        preview.update(Content("\n".join(lines)))

    @on(Button.Pressed, "#ok")
    def _apply(self) -> None:
        features, ref, catalog_changed = self._chosen()
        self.dismiss(PlanSettings(features, ref, catalog_changed))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
