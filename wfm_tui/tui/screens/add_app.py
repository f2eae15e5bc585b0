"""Add an app (a): the kind from a list with type-ahead, a name suggested for that kind and site
(it follows them until the user types another), and the site; each checked as typed."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, Static
from textual.widgets.input import Selection

from wfm_tui.core.catalog import Catalog
from wfm_tui.core.names import name_problem, suggested_name
from wfm_tui.tui.screens.app_dialogs import FormDialog, buttons, name_check, optional
from wfm_tui.tui.screens.dialogs import field_block
from wfm_tui.tui.widgets.kind_list import KindList


@dataclass(frozen=True)
class NewApp:
    kind: str
    name: str
    site: str | None


class AddAppDialog(FormDialog):
    """The kind from a list (type-ahead), the name (prefilled with a free one for the kind and
    site, checked as you type) and the site. Enter anywhere adds."""

    DEFAULT_CSS = """
    AddAppDialog #add-columns {
        height: auto;
    }
    AddAppDialog #kind {
        width: 26;
        margin-right: 2;
    }
    AddAppDialog #add-fields {
        height: auto;
    }
    """

    def __init__(
        self,
        catalog: Catalog,
        taken: Iterable[str],
        kind: str | None,
        site: str | None,
        title: str = "Add an app",
    ):
        super().__init__()
        self.title_text = title
        self.catalog = catalog
        self.taken = frozenset(taken)
        self.kind = kind if kind in catalog.kinds else next(iter(catalog.kinds))
        self.site = site
        self.checks = {"name": name_check(self.taken), "site": optional(name_problem)}
        # The name the dialog last suggested: while the field holds it (or nothing), it follows
        # the kind and the site; once the user types another, it is theirs.
        self.suggestion = self._suggest(self.kind, site)

    def _suggest(self, kind: str, site: str | None) -> str:
        return suggested_name(self.catalog.kind_title(kind), site, self.taken)

    def compose(self) -> ComposeResult:
        with Vertical(classes="box wide"):
            yield Static(Content.styled(self.title_text, "bold"), classes="box-title")
            yield Static(
                "Type letters to jump to a kind; tab to the name and site.", classes="hint"
            )
            with Horizontal(id="add-columns"):
                yield KindList(self.catalog, self.kind, id="kind")
                with Vertical(id="add-fields"):
                    yield field_block(
                        "Name", Input(self.suggestion, id="name", compact=True), spaced=False
                    )
                    yield Static(classes="problem", id="name-problem")
                    yield field_block(
                        "Site (optional)", Input(self.site or "", id="site", compact=True)
                    )
                    yield Static(classes="problem", id="site-problem")
            yield buttons("Add")

    def first_focus(self) -> Widget:
        return self.query_one(KindList)

    @on(KindList.OptionHighlighted)
    @on(Input.Changed, "#site")
    def _follow(self) -> None:
        name = self.query_one("#name", Input)
        site = self.query_one("#site", Input).value
        suggestion = self._suggest(self.query_one(KindList).value, site or None)
        if name.value in ("", self.suggestion) and name.value != suggestion:
            # Focused with the old suggestion selected whole (tab came in while the kind
            # list was still jumping), the new one is selected whole: what is typed next
            # replaces all of it, not the old one's length of it.
            whole = name.selection == Selection(0, len(name.value))
            name.value = suggestion
            if whole:
                name.select_all()
        self.suggestion = suggestion

    @on(KindList.Submitted)
    def _kind_submitted(self) -> None:
        self._submit()

    def result(self) -> NewApp:
        site = self.query_one("#site", Input).value
        return NewApp(
            self.query_one(KindList).value, self.query_one("#name", Input).value, site or None
        )
