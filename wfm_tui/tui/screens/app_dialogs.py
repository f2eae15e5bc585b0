"""Dialogs that edit apps and features: add, rename, properties, features. Checked as you type."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Checkbox, Input, Select, Static, TextArea

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import host_problem, name_problem, nfc, text_problem
from wfm_tui.core.plan import EDITABLE_APP_FIELDS, App, Features
from wfm_tui.tui.screens.dialogs import Dialog
from wfm_tui.tui.widgets.tick_box import TickBox

Check = Callable[[str], str | None]


def _buttons(action: str) -> Horizontal:
    return Horizontal(
        Button(action, id="ok", variant="primary"), Button("Cancel", id="cancel"), classes="buttons"
    )


def _name_check(taken: Iterable[str], allowed: str | None = None) -> Check:
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


def _optional(check: Check) -> Check:
    """An empty field clears the property, so it is always acceptable."""
    return lambda value: None if value == "" else check(value)


def _port_problem(value: str) -> str | None:
    if not value.isdigit():
        return "must be a whole number"
    if not 1 <= int(value) <= 65535:
        return "must be between 1 and 65535"
    return None


class _FormDialog(Dialog[Any]):
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
            message = problems.get(field_id, "")
            self.query_one(f"#{field_id}-problem", Static).update(Content(message))
            self.query_one(f"#{field_id}", Input).set_class(bool(message), "-invalid")
        self.query_one("#ok", Button).disabled = bool(problems)
        return not problems

    def on_mount(self) -> None:
        self._validate()
        self.query(Input).first().focus()

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


def _field(label: str, widget: Input, field_id: str) -> Iterable[Static | Input]:
    yield Static(label, classes="field-label")
    yield widget
    yield Static(classes="problem", id=f"{field_id}-problem")


@dataclass(frozen=True)
class NewApp:
    kind: str
    name: str
    site: str | None


class AddAppDialog(_FormDialog):
    """Kind chooser, name (validated as you type) and site."""

    def __init__(self, catalog: Catalog, taken: Iterable[str], kind: str | None, site: str | None):
        super().__init__()
        self.catalog = catalog
        self.kind = kind if kind in catalog.kinds else next(iter(catalog.kinds))
        self.site = site
        self.checks = {"name": _name_check(taken), "site": _optional(name_problem)}

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(Content.styled("Add an app", "bold"), classes="box-title")
            yield Static("Kind", classes="field-label")
            yield Select(
                [(spec.title, kind) for kind, spec in self.catalog.kinds.items()],
                value=self.kind,
                allow_blank=False,
                id="kind",
                compact=True,
            )
            name_input = Input(placeholder="e.g. WFM Server London", id="name", compact=True)
            yield from _field("Name", name_input, "name")
            yield from _field(
                "Site (optional)", Input(self.site or "", id="site", compact=True), "site"
            )
            yield _buttons("Add")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#name", Input).focus()

    def result(self) -> NewApp:
        kind = self.query_one("#kind", Select).value
        site = self.query_one("#site", Input).value
        return NewApp(str(kind), self.query_one("#name", Input).value, site or None)


class RenameDialog(_FormDialog):
    def __init__(self, name: str, taken: Iterable[str]) -> None:
        super().__init__()
        self.old = name
        self.checks = {"name": _name_check(taken, allowed=name)}

    def compose(self) -> ComposeResult:
        with Vertical(classes="box"):
            yield Static(
                Content.assemble(("Rename ", "bold"), (self.old, "bold")), classes="box-title"
            )
            yield Static("Links and backup references follow the new name.", classes="hint")
            yield from _field("New name", Input(self.old, id="name", compact=True), "name")
            yield _buttons("Rename")

    def result(self) -> str:
        return self.query_one("#name", Input).value


class PropertiesDialog(_FormDialog):
    """Site, host, port, TLS, backup and note; returns the changed fields (None clears)."""

    def __init__(self, name: str, app: App) -> None:
        super().__init__()
        self.app_name = name
        self.current = app
        self.checks = {
            "site": _optional(name_problem),
            "host": _optional(host_problem),
            "port": _optional(_port_problem),
            "backup": _optional(name_problem),
        }

    def compose(self) -> ComposeResult:
        app = self.current
        with Vertical(classes="box wide"):
            yield Static(
                Content.assemble(("Properties of ", "bold"), (self.app_name, "bold")),
                classes="box-title",
            )
            with VerticalScroll(classes="box-body"):
                yield from _field("Site", Input(app.site or "", id="site", compact=True), "site")
                yield from _field("Host", Input(app.host or "", id="host", compact=True), "host")
                port = "" if app.port is None else str(app.port)
                yield from _field(
                    "Port", Input(port, id="port", type="integer", compact=True), "port"
                )
                yield TickBox("TLS on the listening port", app.tls, id="tls")
                yield from _field(
                    "Backup app (HA pair)",
                    Input(app.backup or "", id="backup", compact=True),
                    "backup",
                )
                yield Static("Note", classes="field-label")
                yield TextArea(app.note or "", id="note", soft_wrap=True, compact=True)
                yield Static(classes="problem", id="note-problem")
            yield _buttons("Save")

    def _problems(self) -> dict[str, str]:
        problems = super()._problems()
        note_problem = text_problem(self.query_one("#note", TextArea).text)
        self.query_one("#note-problem", Static).update(Content(note_problem or ""))
        if note_problem:
            problems["note"] = note_problem
        return problems

    @on(TextArea.Changed)
    def _note_changed(self) -> None:
        self._validate()

    def result(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for field_id in ("site", "host", "backup"):
            values[field_id] = self.query_one(f"#{field_id}", Input).value or None
        port = self.query_one("#port", Input).value
        values["port"] = int(port) if port else None
        values["tls"] = self.query_one("#tls", Checkbox).value
        values["note"] = self.query_one("#note", TextArea).text or None
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
    """The plan's features and catalog, with the findings they would add and resolve, live."""

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
                    # Compact: three features, the catalog and the delta fit at 80x24.
                    yield TickBox(spec.title.capitalize(), on, id=name, compact=True)
                    yield Static(Content(spec.description), classes="hint")
                yield Static(Content.styled("Catalog (the connections table applied)", "bold"))
                current = self.catalog_ref or self.choices[0]
                yield Select(
                    [(Content(choice), choice) for choice in self.choices],
                    value=current,
                    allow_blank=False,
                    id="catalog",
                    compact=True,
                )
                yield Static(Content(""), id="preview", classes="hint")
            yield _buttons("Apply")

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
        self.query_one("#preview", Static).update(Content("\n".join(lines)))

    @on(Button.Pressed, "#ok")
    def _apply(self) -> None:
        features, ref, catalog_changed = self._chosen()
        self.dismiss(PlanSettings(features, ref, catalog_changed))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
