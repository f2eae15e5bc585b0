"""Read-only reports over the plan: impact of losing an app, changes since the last save, and
the question asked when leaving the what-if sandbox. They change nothing."""

from __future__ import annotations

from enum import StrEnum

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Static

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.delta import findings_delta
from wfm_tui.core.diff import diff_plans
from wfm_tui.core.impact import impact
from wfm_tui.core.plan import Plan
from wfm_tui.core.validation import validate
from wfm_tui.report.changes import delta_lines, diff_lines
from wfm_tui.report.impact import impact_report_lines
from wfm_tui.tui.screens.dialogs import Choice, ChoiceDialog, Dialog
from wfm_tui.tui.widgets.findings_pane import WordWrapped


class ReportDialog(Dialog[None]):
    """A title and lines of text (literal Content), closed with escape or the button."""

    def __init__(self, title: str, lines: list[str], *, dialog_id: str) -> None:
        super().__init__(id=dialog_id)
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(Content.styled(self.title_text, "bold"), classes="box-title")
            with VerticalScroll(classes="box-body"):
                # Section headings (lines ending in ':') in bold; names stay literal either way.
                body = Content("\n").join(
                    Content.styled(line, "bold") if line.endswith(":") else Content(line)
                    for line in self.lines
                )
                # Wrapped lines hang under their own: most impact lines wrap at 80 columns.
                yield Static(WordWrapped(body, hang=2), classes="report")
            with Horizontal(classes="buttons"):
                yield Button("Close", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    @on(Button.Pressed, "#close")
    def _close(self) -> None:
        self.dismiss(None)


def impact_report(plan: Plan, catalog: Catalog, app: str) -> ReportDialog:
    """What goes down if `app` is lost: the same answer as `wfm-tui impact`, its summary first."""
    lines = impact_report_lines(impact(plan, catalog, app), plan, catalog)
    return ReportDialog("Impact of losing an app", lines, dialog_id="impact-report")


def changes_report(saved: Plan | None, plan: Plan, catalog: Catalog) -> ReportDialog:
    """The changes since the last save, as `wfm-tui diff` shows them."""
    baseline = saved if saved is not None else Plan.empty(plan.name)
    changes = diff_plans(baseline, plan)
    title = "Changes since the last save" if saved is not None else "Changes (never saved)"
    if changes.is_empty:
        return ReportDialog(title, ["No changes since the last save."], dialog_id="changes-report")
    delta = findings_delta(validate(baseline, catalog), validate(plan, catalog), changes.renames)
    lines = [
        f"{changes.summary()}:",
        *diff_lines(changes),
        "",
        f"Findings ({delta.summary()}):",
        *delta_lines(delta),
    ]
    return ReportDialog(title, lines, dialog_id="changes-report")


class LeaveWhatIf(StrEnum):
    KEEP = "keep"
    DISCARD = "discard"
    STAY = "stay"


class LeaveWhatIfDialog(ChoiceDialog[LeaveWhatIf]):
    """Leaving the sandbox: keep the changes, throw them away, or stay."""

    def __init__(self, summary: str) -> None:
        super().__init__(
            Content.styled("Leave the what-if sandbox", "bold"),
            Content(f"{summary} in the sandbox. Keep these changes in the plan?"),
            [
                Choice(LeaveWhatIf.KEEP, "Keep", "primary"),
                Choice(LeaveWhatIf.DISCARD, "Throw away", "error"),
                Choice(LeaveWhatIf.STAY, "Stay"),
            ],
            focus=LeaveWhatIf.KEEP,
            on_escape=LeaveWhatIf.STAY,
        )
        self.summary = summary


class SaveWhatIf(StrEnum):
    SAVE = "save"
    CANCEL = "cancel"


class SaveWhatIfDialog(ChoiceDialog[SaveWhatIf]):
    """ctrl+s in the sandbox: keep its changes (the sandbox closes) and save, or cancel.
    Writing what was meant as a trial waits for a deliberate choice: enter cancels."""

    def __init__(self, summary: str) -> None:
        super().__init__(
            Content.styled("Save the what-if changes?", "bold"),
            Content(
                f"{summary} in the what-if sandbox. Saving writes the changes to the file: "
                "they are kept in the plan and the sandbox closes."
            ),
            [
                Choice(SaveWhatIf.SAVE, "Keep and save", "primary"),
                Choice(SaveWhatIf.CANCEL, "Cancel"),
            ],
            focus=SaveWhatIf.CANCEL,
            on_escape=SaveWhatIf.CANCEL,
        )
        self.summary = summary
