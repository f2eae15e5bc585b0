"""The app, site and plan edits that go through a dialog: add (or add and link), rename,
remove, properties, clone site, features and catalog, plan properties. Each ends in one
undoable edit through `EditorScreen.apply`. The dialogs are imported where they are opened:
the first frame needs none of them."""

from __future__ import annotations

import asyncio
import os
from functools import partial
from typing import TYPE_CHECKING

from textual.content import Content

from wfm_tui.core.catalog import DEFAULT_CATALOG
from wfm_tui.core.operations import (
    AddApp,
    Batch,
    Connect,
    Operation,
    OperationError,
    RemoveApp,
    RenameApp,
    SetFeature,
    SetField,
    SetPlanInfo,
    plan_info_edit,
)
from wfm_tui.core.plan import App
from wfm_tui.core.site_clone import CloneSite
from wfm_tui.editing.layout import Scope
from wfm_tui.files.catalogs import catalog_files_near, catalog_ids
from wfm_tui.report.changes import delta_preview, finding_line
from wfm_tui.tui.keys import key_named
from wfm_tui.tui.widgets.centre import Centre
from wfm_tui.tui.widgets.navigator import Navigator

if TYPE_CHECKING:
    from wfm_tui.tui.screens.add_app import NewApp
    from wfm_tui.tui.screens.clone_site import ClonePreview
    from wfm_tui.tui.screens.editor import EditorScreen


async def add_app(screen: EditorScreen) -> None:
    from wfm_tui.tui.screens.add_app import AddAppDialog

    doc = screen.document
    scope = screen.scope
    new: NewApp | None = await screen.app.push_screen_wait(
        AddAppDialog(
            doc.catalog,
            doc.plan.apps,
            kind=scope.kind if scope else None,
            site=scope.site if scope else None,
        )
    )
    if new is None:
        return
    op = AddApp(new.name, App(kind=new.kind, site=new.site))
    if await screen.apply(op):
        await screen.focus_app(op.name)  # the name as stored (NFC)


async def add_and_link(screen: EditorScreen, source: str, kind: str) -> None:
    """Add an app of `kind` (in `source`'s site) and link `source` to it: one edit."""
    from wfm_tui.tui.screens.add_app import AddAppDialog

    doc = screen.document
    site = doc.plan.apps[source].site
    new: NewApp | None = await screen.app.push_screen_wait(
        AddAppDialog(
            doc.catalog,
            doc.plan.apps,
            kind=kind,
            site=site,
            title=f"Add a {doc.catalog.kind_title(kind)}, linked from {source}",
        )
    )
    if new is None:
        return
    add = AddApp(new.name, App(kind=new.kind, site=new.site))
    if new.kind != kind:
        # Another kind than the group's was chosen: the app is added, not linked.
        if await screen.apply(add):
            await screen.focus_app(add.name)
        return
    op = Batch((add, Connect(source, add.name)), label=f"add {add.name}, linked from {source}")
    if await screen.apply(op):
        await screen.focus_app(source, kind, add.name)
        screen.notify(f"Added {add.name}, linked from {source}.", markup=False)


async def rename_app(screen: EditorScreen) -> None:
    from wfm_tui.tui.screens.app_dialogs import RenameDialog

    name = screen.chosen_app()
    if name is None:
        return
    panel = screen.query_one(Centre).panel_of(name)
    where = panel.current if panel is not None else None
    # The keys stay in the area they were in (the navigator's cursor follows the new name).
    in_centre = screen.keys_in_centre()
    new = await screen.app.push_screen_wait(RenameDialog(name, screen.document.plan.apps))
    op = RenameApp(name, new) if new is not None else None
    if op is not None and op.new != name and await screen.apply(op):
        # The cursor goes back to the target it was on (a renamed app's own links follow).
        await screen.focus_app(op.new, *(where or (None, None)), focus=in_centre)


async def remove_app(screen: EditorScreen) -> None:
    from wfm_tui.tui.screens.dialogs import Confirm, ConfirmDialog

    name = screen.chosen_app()
    if name is None:
        return
    op = RemoveApp(name)
    references = op.references(screen.document.plan)
    summary, findings = delta_preview(screen.document.preview(op))
    # What breaks first, as in clone site's preview: at 80x24 some seven lines show.
    lines: list[Content | str] = [
        Content.assemble("Remove ", (name, "bold"), "?"),
        Content.styled(f"\nFindings: {summary}", "bold"),
        *(f"  {line}" for line in findings),
    ]
    if references:
        lines.append("\nThese links go with it:")
        lines += [
            Content.assemble("  • ", source, f" ({what} -> this app)")
            for source, what in references
        ]
    else:
        lines.append("\nNo other app links to it.")
    message = Content("\n").join(Content(x) if isinstance(x, str) else x for x in lines)
    centre = screen.query_one(Centre)
    # From the navigator or the findings the keys stay there, as the dialog leaves them: a
    # panel picked for them could be any app's (another site's, when the filter had this one
    # alone), and space, meant for a line of the list, would tick in it.
    in_centre = screen.keys_in_centre()
    if (
        await screen.app.push_screen_wait(
            ConfirmDialog("Remove app", message, "Remove", danger=True)
        )
        == Confirm.CONFIRM
    ):
        shown = list(centre.panels)
        screen.current_app = None
        if await screen.apply(op) and in_centre:
            # The keys stay in the centre: on the next panel that takes focus (one with
            # something to tick), else the nearest before it, else the first one shown;
            # after the screen is back from the dialog, which would focus its own pick.
            index = shown.index(name) if name in shown else 0
            after = [n for n in shown[index:] if n != name] + shown[:index][::-1]
            panels = [centre.panel_of(n) for n in after] + list(centre.panels.values())
            neighbour = next((p for p in panels if p is not None and p.can_focus), None)
            if neighbour is not None:
                screen.call_after_refresh(neighbour.focus_group, None)


async def edit_app(screen: EditorScreen, field: str | None = None) -> None:
    """e: the chosen app's properties, starting on `field` (else the first)."""
    from wfm_tui.tui.screens.app_dialogs import PropertiesDialog

    name = screen.chosen_app()
    if name is None:
        return
    doc = screen.document
    in_centre = screen.keys_in_centre()
    changes = await screen.app.push_screen_wait(
        PropertiesDialog(name, doc.plan.apps[name], doc.plan.apps, doc.catalog, field)
    )
    if changes:
        ops = tuple(SetField(name, key, value) for key, value in changes.items())
        if await screen.apply(Batch(ops, label=f"edit properties of {name}")):
            await screen.focus_app(name, focus=in_centre)


async def clone_site(screen: EditorScreen) -> None:
    """c: copy the site under the cursor as a new site, after a preview; one undo."""
    from wfm_tui.tui.screens.clone_site import CloneSiteDialog

    site = screen.selected_site()
    if site is None:
        screen.notify("Choose a site first (a line of it in the navigator).", severity="warning")
        return
    new_site = await screen.app.push_screen_wait(
        CloneSiteDialog(site, partial(clone_preview, screen, site))
    )
    if new_site is None:
        return
    doc = screen.document
    op = CloneSite.for_catalog(doc.plan, doc.catalog, site, new_site)
    count = len(op.copied(doc.plan))
    if not await screen.apply(op):
        return
    navigator = screen.query_one(Navigator)
    if navigator.filtered:
        screen.action_clear_filter()  # the new site is shown, whatever the filter
    navigator.select_scope(Scope(new_site), notify=False)
    await screen.show_scope(Scope(new_site))
    screen.set_focus(navigator)
    screen.notify(
        f"Site {new_site}: {count} app{'s' if count != 1 else ''} copied from {site} "
        f"({key_named(screen.app, 'editor.undo')} takes it back).",
        markup=False,
    )


def clone_preview(screen: EditorScreen, site: str, new_site: str) -> ClonePreview:
    """What cloning `site` as `new_site` would add, leave out and change in the findings."""
    from wfm_tui.tui.screens.clone_site import ClonePreview

    doc = screen.document
    op = CloneSite.for_catalog(doc.plan, doc.catalog, site, new_site)
    try:
        summary, lines = delta_preview(doc.preview(op))
    except OperationError as exc:
        return ClonePreview(problem=str(exc))
    return ClonePreview(
        copies=op.copied(doc.plan),
        left_out=op.left_out(doc.plan),
        findings=lines,
        summary=summary,
    )


async def features(screen: EditorScreen) -> None:
    from wfm_tui.tui.screens.app_dialogs import FeaturesDialog

    doc = screen.document
    choices = list(catalog_ids())
    if doc.plan.catalog is not None and doc.plan.catalog not in choices:
        choices.append(doc.plan.catalog)  # a team's catalog file the plan names
    if doc.path is not None:
        # A team's catalog files beside the plan (its folder and direct subfolders), named as
        # the plan would name them; a few small reads, off the event loop all the same.
        near = await asyncio.to_thread(catalog_files_near, os.path.dirname(doc.path) or ".")
        named = os.path.normpath(doc.plan.catalog) if doc.plan.catalog else None
        choices += [ref for ref in near if os.path.normpath(ref) != named]
    if doc.plan.catalog is None:
        choices.remove(DEFAULT_CATALOG)
        choices.insert(0, DEFAULT_CATALOG)
    dialog = FeaturesDialog(
        doc.catalog,
        doc.plan.features,
        doc.plan.catalog,
        choices,
        partial(_settings_preview, screen),
    )
    settings = await screen.app.push_screen_wait(dialog)
    if settings is None:
        return
    op = _settings_operation(settings.features, settings.catalog, settings.catalog_changed)
    if op is not None:
        await screen.apply(op)


async def plan_properties(screen: EditorScreen) -> None:
    """p: the plan's name and description, as one undoable edit."""
    from wfm_tui.tui.screens.plan_properties import PlanPropertiesDialog

    plan = screen.document.plan
    info = await screen.app.push_screen_wait(PlanPropertiesDialog(plan.name, plan.description))
    if info is None:
        return
    op = plan_info_edit(screen.document.plan, info.name, info.description)
    if op is not None:
        await screen.apply(op)


def _settings_preview(
    screen: EditorScreen, features: dict[str, bool], catalog: str | None
) -> list[str]:
    """What the features dialog's settings would add and resolve, line by line."""
    op = _settings_operation(features, catalog, catalog is not None)
    if op is None:
        return ["No change yet."]
    try:
        delta = screen.document.preview(op)
    except OperationError as exc:
        return [f"Cannot apply: {exc}"]
    # The dialog shows PREVIEW_LINES lines at 80x24: the summary and as many findings as fit
    # (new ones first), or as fit beside a line saying how many more there are.
    from wfm_tui.tui.screens.app_dialogs import FeaturesDialog

    changes = [finding_line("+", f).lstrip() for f in delta.new]
    changes += [finding_line("-", f).lstrip() for f in delta.resolved]
    room = FeaturesDialog.PREVIEW_LINES - 1
    if len(changes) > room:
        changes = [*changes[: room - 1], f"… and {len(changes) - room + 1} more"]
    return [*changes, delta.summary()]


def _settings_operation(
    features: dict[str, bool], catalog: str | None, catalog_changed: bool
) -> Operation | None:
    """One undoable edit for what the features dialog changed; None when nothing did."""
    ops: list[Operation] = [SetFeature(name, on) for name, on in features.items()]
    if catalog_changed:
        ops.append(SetPlanInfo("catalog", catalog))
    if not ops:
        return None
    return ops[0] if len(ops) == 1 else Batch(tuple(ops), label="change features and catalog")
