"""How a test reaches each dialog of the editor: the setups shared by the dialog tests (sizes at
80x24, keys typed faster than the editor draws). Each setup does what must come first (choose
an app, make an unsaved edit, change the file on disk) and returns the keys that open the
dialog; a `Scene` says which app, which edit and which change suit the plan under test."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wfm_tui.core.operations import Operation
from wfm_tui.tui.app import WfmApp


@dataclass(frozen=True)
class Scene:
    """What the setups do on a given plan."""

    app: str  # the app to choose
    group: str | None  # the group of its panel to focus (None: the panel's first)
    edits: tuple[Operation, ...]  # one unsaved change
    on_disk: tuple[str, str]  # another program's change to the file: replace [0] by [1]
    choose_before_edit: bool = False  # choose the app before the edits


Setup = Callable[[WfmApp, Any, Path], Awaitable[list[str]]]


async def nothing(app: WfmApp, pilot: Any, path: Path) -> list[str]:
    return []


def pressing(*keys: str) -> Setup:
    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        return list(keys)

    return setup


def on_app(scene: Scene, *keys: str) -> Setup:
    """With the scene's app chosen (its panel focused), then `keys`."""

    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        await app.editor.focus_app(scene.app, scene.group)
        return list(keys)

    return setup


async def _edit(app: WfmApp, scene: Scene) -> None:
    if scene.choose_before_edit:
        await app.editor.focus_app(scene.app, scene.group)
    for edit in scene.edits:
        assert await app.editor.apply(edit)


def edited(scene: Scene, *keys: str) -> Setup:
    """With an unsaved edit, then `keys`."""

    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        await _edit(app, scene)
        return list(keys)

    return setup


async def save_as(app: WfmApp, pilot: Any, path: Path) -> list[str]:
    app.call_later(app.editor.run_action, "save_as")
    return []


def leave_whatif(scene: Scene) -> Setup:
    """In the what-if sandbox with an edit, then w."""
    return in_whatif(scene, "w")


def in_whatif(scene: Scene, *keys: str) -> Setup:
    """In the what-if sandbox with an edit, then `keys`."""

    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        await pilot.press("w")
        for _ in range(50):  # bounded: the sandbox opens within a few turns of the loop
            if app.editor.sandbox is not None:
                break
            await pilot.pause()
        assert app.editor.sandbox is not None
        await _edit(app, scene)
        return list(keys)

    return setup


def changed_on_disk(scene: Scene) -> Setup:
    """With an unsaved edit while another program changes the file, then ctrl+s."""

    async def setup(app: WfmApp, pilot: Any, path: Path) -> list[str]:
        await _edit(app, scene)
        old, new = scene.on_disk
        path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
        return ["ctrl+s"]

    return setup


async def leave_a_journal(path: Path, scene: Scene, size: tuple[int, int]) -> None:
    """An editor that journaled an edit and went away without saving (a dropped session)."""
    app = WfmApp(str(path))
    async with app.run_test(size=size):
        await _edit(app, scene)
        assert app.journal_now() is not None
        app.exit()
