"""The validation pane: counts per severity, then the findings; choosing one focuses its app.

With a findings delta the pane is in "what-if" mode: it tells what a change would bring (new
findings, marked +) and what it would resolve (marked -).
"""

from __future__ import annotations

from typing import ClassVar, Self

from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import Reactive
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from wfm_tui.core.delta import FindingsDelta
from wfm_tui.core.findings import Finding, Severity, counts
from wfm_tui.tui.fitting import wrap_offsets
from wfm_tui.tui.keys import FINDINGS, bindings
from wfm_tui.tui.styled_text import OK_MARK, SEVERITY_MARK, finding_content
from wfm_tui.tui.widgets.lines import update_text

# Thousands of findings would make every edit pay for options nobody scrolls to.
MAX_SHOWN = 500
NEW_MARK, RESOLVED_MARK = "+", "-"


class WordWrapped(Visual):
    """Text wrapped at word boundaries: a code longer than the pane breaks after a hyphen
    (`too-many-` / `connections`), never in the middle of a word as Textual's folding does.

    With `hang`, a line that does not fit goes on `hang` cells deeper than its own indent: in
    an indented report, a continuation at the left edge reads as a line of its own.
    """

    def __init__(self, content: Content, *, hang: int = 0) -> None:
        self.content = content
        self.hang = hang
        self._lines: tuple[int, Content] | None = None

    def __str__(self) -> str:
        return self.content.plain

    def lines(self, width: int) -> Content:
        """The text as lines of at most `width` cells."""
        if self._lines is None or self._lines[0] != width:
            content = self.content
            if self.hang:
                parts = [
                    part
                    for line in content.split("\n", allow_blank=True)
                    for part in _hanging(line, width, self.hang)
                ]
            else:
                parts = [content[start:end] for start, end in wrap_offsets(content.plain, width)]
            self._lines = (width, Content("\n").join(parts))
        return self._lines[1]

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        return self.lines(width).render_strips(width, height, style, options)

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.content.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return len(self.lines(width).plain.split("\n"))


def _hanging(line: Content, width: int, hang: int) -> list[Content]:
    if line.cell_length <= width:
        return [line]
    indent = len(line.plain) - len(line.plain.lstrip(" "))
    # Too narrow to indent: wrapped as the text it is.
    if width - indent - hang < 10:
        return [line[start:end] for start, end in wrap_offsets(line.plain, width)]
    text = line[indent:]
    offsets = wrap_offsets(text.plain, width - indent - hang)
    return [
        Content(" " * (indent + (hang if n else 0))) + text[start:end]
        for n, (start, end) in enumerate(offsets)
    ]


class FindingList(OptionList):
    """The findings, one option each, a rule between them.

    Every edit can change how many lines the list has, which is its virtual size. Textual
    declares that size a layout-changing attribute, so each change would cost a layout pass of
    the whole screen (its panels included) although only this list's own lines change: here it
    only repaints the list. Scroll bars still appear and go through a layout, which is rare.
    """

    BINDINGS: ClassVar[list[BindingType]] = bindings(FINDINGS)
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def __init__(self, *options: Option | None, id: str | None = None) -> None:
        self._lines_only = False  # set first: adding the options refreshes
        super().__init__(*options, id=id)

    def on_focus(self) -> None:
        # Arriving in the pane, enter must already choose something: the first finding.
        if self.highlighted is None and self.option_count:
            self.highlighted = 0

    def replace(self, options: list[Option | None], highlighted: int | None) -> None:
        """Set the options (and the highlight), repainting only the lines that can change.

        `set_options` repaints the whole list, blank lines below the findings included; when
        the list stays scrolled to the top, only the lines of the old and the new findings
        can differ.
        """
        scrolled = self.scroll_offset
        old_height = self.virtual_size.height
        self._lines_only = True
        try:
            # clear_options, unlike set_options([]), brings the virtual size up to date now,
            # not while the list is being painted (a repaint of it all, and another frame).
            if options:
                self.set_options(options)
            else:
                self.clear_options()
            if highlighted is not None:
                self.highlighted = highlighted
        finally:
            self._lines_only = False
        view = self.scrollable_content_region
        if scrolled or self.scroll_offset or not view:
            self.refresh()
        else:
            rows = min(max(old_height, self.virtual_size.height), view.height)
            if rows:
                self.refresh(Region(0, 0, view.width, rows))

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._lines_only and not (regions or layout or recompose):
            return self  # replace() repaints what changed
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class FindingsPane(Vertical):
    BORDER_TITLE = "Validation"
    DEFAULT_CSS = """
    FindingsPane {
        border: round $primary 50%;
        border-title-color: $text-muted;
    }
    FindingsPane:focus-within {
        border: round $accent;
    }
    FindingsPane #finding-counts {
        padding: 0 1;
        margin-bottom: 1;
    }
    FindingsPane #finding-list {
        height: 1fr;
        border: none;
        padding: 0;
    }
    FindingsPane #finding-list > .option-list--option {
        padding: 0 1 1 1;
    }
    """

    class FindingChosen(Message):
        def __init__(self, finding: Finding) -> None:
            super().__init__()
            self.finding = finding

    class FindingHighlighted(Message):
        """The cursor moved in the list: the app the keys act on may have changed."""

    def __init__(
        self, *, name: str | None = None, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.findings: list[Finding] = []
        # What the list offers, in its order: option i is listed[i].
        self.listed: list[Finding] = []
        self.delta: FindingsDelta | None = None
        self._shown: tuple[list[Finding], FindingsDelta | None] | None = None

    def compose(self) -> ComposeResult:
        # The list comes with the first findings: a valid plan opens without one (a list
        # widget is a good part of what an editor's first frame costs beyond its panels).
        yield Static(id="finding-counts")

    @property
    def option_list(self) -> FindingList | None:
        lists = self.query(FindingList)
        return lists.first() if lists else None

    def show(self, findings: list[Finding], delta: FindingsDelta | None = None) -> None:
        """Show `findings`; with `delta`, what a change would bring and resolve (what-if)."""
        if self._shown is not None and (findings, delta) == self._shown:
            return  # most edits in a large plan leave the findings as they were
        self._shown = (findings, delta)
        self.findings = findings
        self.delta = delta
        # Only the findings listed are worded: a plan can have thousands.
        if delta is None:
            counts = counts_line(findings)
            total = len(findings)
            entries = [(finding, finding_content(finding)) for finding in findings[:MAX_SHOWN]]
        else:
            counts = what_if_line(delta)
            total = len(delta.new) + len(delta.resolved)
            entries = [(f, finding_content(f, NEW_MARK)) for f in delta.new[:MAX_SHOWN]]
            entries += [
                (f, finding_content(f, RESOLVED_MARK))
                for f in delta.resolved[: MAX_SHOWN - len(entries)]
            ]
        update_text(self.query_one("#finding-counts", Static), counts)
        self.listed = [finding for finding, _ in entries]
        options: list[Option | None] = []
        for _, line in entries:
            if options:
                options.append(None)  # a rule between findings: messages wrap over lines
            options.append(Option(WordWrapped(line)))
        if total > MAX_SHOWN:
            options.append(Option(Content(f"… {total - MAX_SHOWN} more"), disabled=True))
        option_list = self.option_list
        if option_list is None:
            if options:
                option_list = FindingList(*options, id="finding-list")
                option_list.highlighted = None  # as after every update: the user chooses
                self.mount(option_list)
            return
        highlighted = option_list.highlighted
        if highlighted is not None and self.listed:
            highlighted = min(highlighted, len(self.listed) - 1)
        option_list.replace(options, highlighted)

    @property
    def highlighted_finding(self) -> Finding | None:
        """The finding under the list's cursor."""
        option_list = self.option_list
        index = option_list.highlighted if option_list is not None else None
        return self.listed[index] if index is not None and index < len(self.listed) else None

    def _on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.FindingHighlighted())

    def _on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        # Separators are not options: option indexes are indexes into `listed`.
        if event.option_index < len(self.listed):
            self.post_message(self.FindingChosen(self.listed[event.option_index]))


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
        if count:
            style = "bold $text-error" if severity is Severity.ERROR else ""
            parts.append((f"{SEVERITY_MARK[severity]} {count} {label}{plural}", style))
        else:
            # No mark for none: a cross beside "0 errors" reads as an error.
            parts.append((f"{count} {label}{plural}", "dim"))
        parts.append("  ")
    return Content.assemble(*parts[:-1])


def what_if_line(delta: FindingsDelta) -> Content:
    """`WHAT-IF: 2 new errors, 1 resolved, 0 new warnings`."""
    style = "bold $text-error" if delta.new_errors else "bold $text-warning"
    return Content.assemble(("WHAT-IF:", style), " ", delta.summary())
