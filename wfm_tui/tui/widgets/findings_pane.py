"""The validation pane: counts per severity, then the findings; choosing one focuses its app."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wfm_tui.core.findings import Finding, Severity, counts
from wfm_tui.tui.render import OK_MARK, SEVERITY_MARK, finding_line
from wfm_tui.tui.widgets.lines import update_text

# Thousands of findings would make every edit pay for options nobody scrolls to.
MAX_SHOWN = 500


class FindingsPane(Vertical):
    BORDER_TITLE = "Validation"

    class FindingChosen(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.findings: list[Finding] = []
        self._shown: list[Finding] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="finding-counts")
        yield OptionList(id="finding-list")

    def show(self, findings: list[Finding]) -> None:
        if findings == self._shown:
            return  # most edits in a large plan leave the findings as they were
        self._shown = findings
        self.findings = findings
        update_text(self.query_one("#finding-counts", Static), counts_line(findings))
        option_list = self.query_one("#finding-list", OptionList)
        highlighted = option_list.highlighted
        options: list[Option | None] = []
        for finding in findings[:MAX_SHOWN]:
            if options:
                options.append(None)  # a rule between findings: messages wrap over lines
            options.append(Option(finding_line(finding)))
        if len(findings) > MAX_SHOWN:
            options.append(Option(Content(f"… {len(findings) - MAX_SHOWN} more"), disabled=True))
        option_list.set_options(options)
        if highlighted is not None and findings:
            option_list.highlighted = min(highlighted, option_list.option_count - 1)

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # Separators are not options: option indexes are finding indexes.
        if event.option_index < len(self.findings):
            self.post_message(self.FindingChosen(self.findings[event.option_index]))


def counts_line(findings: list[Finding]) -> Content:
    tally = counts(findings)
    if not findings:
        return Content.styled(f"{OK_MARK} no findings: the plan is valid", "$text-success")
    parts: list[Content | str | tuple[str, str]] = []
    for severity, label in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "info"),
    ):
        count = tally[severity]
        plural = "s" if count != 1 and severity is not Severity.INFO else ""
        style = "bold $text-error" if severity is Severity.ERROR and count else ""
        parts.append((f"{SEVERITY_MARK[severity]} {count} {label}{plural}", style))
        parts.append("  ")
    return Content.assemble(*parts[:-1])
