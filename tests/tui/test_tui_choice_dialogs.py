"""One choice dialog for every question with buttons: each answers with a member of its own
StrEnum, escape included; and the widgets draw as they do in the editor without its stylesheet."""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import pytest
from textual.app import App, ComposeResult
from textual.content import Content
from textual.widgets import Button

from wfm_tui.core.plan import App as PlanApp
from wfm_tui.core.plan import Plan
from wfm_tui.editing.link_groups import targets_of
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.tui.screens.dialogs import (
    AfterLoadError,
    ChoiceDialog,
    Confirm,
    ConfirmDialog,
    LoadErrorDialog,
    Unsaved,
    UnsavedDialog,
)
from wfm_tui.tui.screens.reports import (
    LeaveWhatIf,
    LeaveWhatIfDialog,
    SaveWhatIf,
    SaveWhatIfDialog,
)
from wfm_tui.tui.screens.safety_dialogs import (
    CHANGED,
    VANISHED,
    Conflict,
    ConflictDialog,
    RecoveryChoice,
    RecoveryDialog,
    RecoveryOffer,
)
from wfm_tui.tui.widgets.app_panel import AppPanel


class Host(App[None]):
    """A bare app (no wfm-tui stylesheet) that asks one question and keeps the answers."""

    def __init__(self, make: Callable[[], ChoiceDialog[StrEnum]]) -> None:
        super().__init__()
        self.make = make
        self.answers: list[object] = []
        self.user_keymap: dict[str, str] = {}

    def ask(self) -> None:
        self.push_screen(self.make(), self.answers.append)


QUESTIONS: dict[str, tuple[Callable[[], ChoiceDialog[StrEnum]], type[StrEnum], str, str]] = {
    # name: (dialog, its answers, what enter on the first focus answers, what escape answers)
    "confirm": (
        lambda: ConfirmDialog("Remove app", Content("Remove x?"), "Remove"),
        Confirm,
        "confirm",
        "cancel",
    ),
    "confirm-danger": (
        lambda: ConfirmDialog("Remove app", Content("Remove x?"), "Remove", danger=True),
        Confirm,
        "cancel",
        "cancel",
    ),
    "unsaved": (UnsavedDialog, Unsaved, "save", "cancel"),
    "load-error": (lambda: LoadErrorDialog("plan.toml:1:1: bad"), AfterLoadError, "open", "new"),
    "conflict": (lambda: ConflictDialog("plan.toml", CHANGED), Conflict, "save_as", "cancel"),
    "leave-whatif": (lambda: LeaveWhatIfDialog("1 link removed"), LeaveWhatIf, "keep", "stay"),
    "save-whatif": (lambda: SaveWhatIfDialog("1 link removed"), SaveWhatIf, "cancel", "cancel"),
    "recovery": (
        lambda: RecoveryDialog(RecoveryOffer(file="f", plan_path="p")),
        RecoveryChoice,
        "restore",
        "keep",
    ),
}


@pytest.mark.parametrize("name", QUESTIONS)
async def test_every_answer_is_a_member_of_the_questions_enum(name: str) -> None:
    make, answers, on_enter, on_escape = QUESTIONS[name]
    host = Host(make)
    async with host.run_test(size=(80, 24)) as pilot:
        host.ask()
        await pilot.pause()
        buttons = [b.id for b in host.screen.query(Button)]
        assert buttons == [str(member) for member in answers if str(member) in buttons]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        host.ask()
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        for button in buttons:
            host.ask()
            await pilot.pause()
            host.screen.query_one(f"#{button}", Button).press()
            await pilot.pause()
            await pilot.pause()
    assert [type(answer) for answer in host.answers] == [answers] * (2 + len(buttons))
    assert host.answers[:2] == [answers(on_enter), answers(on_escape)]
    assert host.answers[2:] == [answers(button) for button in buttons]


async def test_the_quit_question_answers_to_its_keys_as_the_keymap_binds_them() -> None:
    host = Host(UnsavedDialog)
    async with host.run_test(size=(80, 24)) as pilot:
        for key in "sdc":
            host.ask()
            await pilot.pause()
            await pilot.press(key)
            await pilot.pause()
            await pilot.pause()
        assert host.answers == [Unsaved.SAVE, Unsaved.DISCARD, Unsaved.CANCEL]
        host.user_keymap = {"unsaved.save": "w"}
        host.ask()
        await pilot.pause()
        labels = [str(b.label) for b in host.screen.query(Button)]
        assert labels == ["Save (w)", "Discard (d)", "Cancel (c)"]


async def test_a_vanished_file_cannot_be_reloaded() -> None:
    host = Host(lambda: ConflictDialog("plan.toml", VANISHED))
    async with host.run_test(size=(80, 24)) as pilot:
        host.ask()
        await pilot.pause()
        assert host.screen.query_one("#reload", Button).disabled


async def test_a_panel_is_as_high_as_its_rows_without_the_editors_stylesheet() -> None:
    catalog = load_catalog()
    plan = Plan(
        format=1, name="p", apps={"S": PlanApp(kind="wfm_server"), "D": PlanApp(kind="dap")}
    )

    class PanelHost(App[None]):
        def compose(self) -> ComposeResult:
            yield AppPanel("S", plan, catalog, None, targets_of(plan))

    host = PanelHost()
    async with host.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        panel = host.query_one(AppPanel)
        rows = panel.get_content_height(host.size, host.size, 80)
        assert rows > 3
        assert panel.size.height == rows
        assert panel.styles.margin.bottom == 1  # its own style, not the app stylesheet's
