"""The document the editor edits: the edits it refuses because their result could not be saved."""

from __future__ import annotations

import re

import pytest

from wfm_tui.core.operations import AddApp, OperationError, RemoveApp
from wfm_tui.core.plan import App, Plan
from wfm_tui.core.site_clone import CloneSite
from wfm_tui.editing.document import Document
from wfm_tui.files.catalogs import load_catalog
from wfm_tui.files.plan_input import MAX_APPS


def test_no_edit_takes_a_plan_past_the_apps_a_plan_file_may_have() -> None:
    """A plan of more apps than a plan file may have was saved, and could not be opened
    again; its journal could not be restored either. Refused at the edit, in one line."""
    apps = {f"D{i}": App(kind="dap", site="A" if i < 10 else None) for i in range(MAX_APPS)}
    doc = Document(plan=Plan(format=1, name="Full", apps=apps), catalog=load_catalog())
    message = f"a plan may have at most {MAX_APPS:,} apps (this would make {MAX_APPS + 1:,})"
    with pytest.raises(OperationError, match=re.escape(message)):
        doc.apply(AddApp("one more", App(kind="dap")))
    with pytest.raises(OperationError, match=r"at most 100,000 apps \(this would make 100,010\)"):
        doc.apply(CloneSite("A", "B"))
    with pytest.raises(OperationError, match="at most 100,000 apps"):
        doc.preview(CloneSite("A", "B"))
    assert (len(doc.plan.apps), doc.undo_stack) == (MAX_APPS, [])
    doc.apply(RemoveApp("D0"))  # within the cap: as ever
    doc.apply(AddApp("D0 again", App(kind="dap")))
    assert len(doc.plan.apps) == MAX_APPS
