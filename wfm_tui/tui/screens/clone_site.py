"""Clone site (c): the new site's name, and a live preview of the apps it gets and the findings
it would add and resolve, before anything changes."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Button, Input, Static

from wfm_tui.core.names import name_problem
from wfm_tui.tui.screens.dialogs import Dialog, field_block


@dataclass(frozen=True)
class ClonePreview:
    """What cloning under a name would do: `problem` when it cannot, else the copies
    (original -> copy), the apps left out, and the findings delta as lines and a summary."""

    problem: str | None = None
    copies: dict[str, str] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    findings: list[str] = field(default_factory=list)
    summary: str = ""


# The preview of cloning the site under a new name (the name as typed).
Previewer = Callable[[str], ClonePreview]


class CloneSiteDialog(Dialog[str]):
    """Asks for the new site's name; dismisses with it, or None (escape, cancel)."""

    # The preview scrolls; the name and the buttons stay in view at 80x24.
    DEFAULT_CSS = """
    CloneSiteDialog #clone-preview-scroll {
        height: auto;
        max-height: 35vh;
    }
    CloneSiteDialog #clone-preview-scroll:focus {
        background-tint: $foreground 8%;
    }
    CloneSiteDialog #clone-preview-scroll:focus:nocolor {
        border-left: thick $foreground;
    }
    """

    def __init__(self, site: str, preview: Previewer) -> None:
        super().__init__()
        self.site = site
        self.preview = preview
        # Held, not queried: while the app exits, an Input.Changed still queued reaches this
        # screen after its children are gone, and updating a detached widget is harmless.
        # Not `self._name`: that is where Textual keeps the screen's `name`.
        self._site_input = Input(placeholder="e.g. Leeds", id="site", compact=True)
        self._problem = Static(classes="problem", id="site-problem")
        self._ok = Button("Clone", id="ok", variant="primary")
        self._preview = Static(id="clone-preview")

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(
                Content.assemble(("Clone site ", "bold"), (self.site, "bold")),
                classes="box-title",
            )
            yield Static(
                Content(
                    "The copies carry the new site's name in theirs; links inside the site "
                    "follow them, links out of it stay; hosts and notes are cleared."
                ),
                classes="hint",
            )
            yield field_block("New site's name", self._site_input)
            yield self._problem
            with VerticalScroll(id="clone-preview-scroll"):
                yield self._preview
            with Horizontal(classes="buttons"):
                yield self._ok
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self._show("")
        self._site_input.focus()

    def _show(self, value: str) -> bool:
        """Check and preview `value`; True when the clone can be made."""
        name = value.strip()
        problem = f"name {name_problem(name)}" if name_problem(name) else None
        preview = ClonePreview() if problem else self.preview(name)
        problem = problem or preview.problem
        if not name:
            problem = "type the new site's name"
        self._problem.update(Content(problem or ""))
        self._site_input.set_class(bool(problem) and bool(name), "-invalid")
        self._ok.disabled = problem is not None
        self._preview.update(Content("") if problem else _preview_text(preview))
        return problem is None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        # Keys typed fast can change the name after the dialog was dismissed: nothing to show.
        if self.is_active:
            self._show(event.value)

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _submit(self) -> None:
        if not self.is_active:
            return
        value = self._site_input.value
        if self._show(value):
            self.dismiss(value.strip())

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)


def _preview_text(preview: ClonePreview) -> Content:
    """The findings delta, the apps the new site gets and what stays shared. The findings
    first: at 80x24 the preview shows some seven lines, and a site's apps are more. Names are
    literal text (a plain str in Content is never markup)."""
    count = len(preview.copies)
    lines: list[Content] = [Content.styled(f"Findings: {preview.summary}", "bold")]
    lines += [Content(f"  {line}") for line in preview.findings]
    lines.append(Content.styled(f"{count} app{'s' if count != 1 else ''} copied:", "bold"))
    lines += [
        Content.assemble("  + ", new, ("  from ", "dim"), old)
        for old, new in preview.copies.items()
    ]
    if preview.left_out:
        lines.append(
            Content.assemble(
                ("Not copied (at most one per plan, shared): ", "bold"),
                ", ".join(preview.left_out),
            )
        )
    return Content("\n").join(lines)
