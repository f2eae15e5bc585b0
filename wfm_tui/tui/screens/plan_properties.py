"""The plan's own properties (p): its name and description, checked as you type."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Input, Static, TextArea

from wfm_tui.core.names import name_problem, text_problem
from wfm_tui.tui.screens.app_dialogs import (
    FormDialog,
    buttons,
    field_row,
    show_problem,
)
from wfm_tui.tui.screens.dialogs import field_block


@dataclass(frozen=True)
class PlanInfo:
    name: str
    description: str | None


class PlanPropertiesDialog(FormDialog):
    """Name (required) and description (free text, empty clears it); returns a PlanInfo."""

    DEFAULT_CSS = """
    PlanPropertiesDialog #description {
        height: 5;
    }
    """

    def __init__(self, name: str, description: str | None) -> None:
        super().__init__()
        self.plan_name = name
        self.description = description
        self.checks = {"plan-name": name_problem}

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(Content.styled("Plan properties", "bold"), classes="box-title")
            yield Static(
                "Shown in the title bar and at the head of the exported documents.",
                classes="hint",
            )
            yield from field_row(
                "Name", Input(self.plan_name, id="plan-name", compact=True), "plan-name"
            )
            yield field_block(
                "Description",
                TextArea(self.description or "", id="description", soft_wrap=True, compact=True),
            )
            yield Static(classes="problem", id="description-problem")
            yield buttons("Save")

    def _problems(self) -> dict[str, str]:
        problems = super()._problems()
        problem = text_problem(self.query_one("#description", TextArea).text)
        show_problem(self, "description", problem)
        if problem:
            problems["description"] = problem
        return problems

    @on(TextArea.Changed)
    def _description_changed(self) -> None:
        self._validate()

    def result(self) -> PlanInfo:
        text = self.query_one("#description", TextArea).text
        return PlanInfo(self.query_one("#plan-name", Input).value, text or None)
