"""The what-if sandbox: the plan as it was when the sandbox opened, to compare edits against."""

from __future__ import annotations

from dataclasses import dataclass

from wfm_tui.core.delta import FindingsDelta, findings_delta
from wfm_tui.core.diff import diff_plans
from wfm_tui.core.findings import Finding
from wfm_tui.core.operations import CatalogRebase
from wfm_tui.core.plan import Plan
from wfm_tui.editing.document import Document, Step, rebased_steps


@dataclass(frozen=True)
class Sandbox:
    baseline: Plan
    baseline_findings: list[Finding]
    undo: tuple[Step, ...]
    redo: tuple[Step, ...]

    @classmethod
    def open(cls, doc: Document) -> Sandbox:
        return cls(doc.plan, list(doc.findings), tuple(doc.undo_stack), tuple(doc.redo_stack))

    def rebased(self, rebase: CatalogRebase) -> Sandbox:
        """The sandbox of a plan saved into another folder (see Document.rebase_catalog_refs):
        its baseline and the history it puts back name their catalogs from there."""
        ref = rebase(self.baseline.catalog)
        baseline = self.baseline
        if ref != baseline.catalog:
            baseline = baseline.model_copy(update={"catalog": ref})
        undo, redo = (tuple(rebased_steps(list(s), rebase)) for s in (self.undo, self.redo))
        return Sandbox(baseline, self.baseline_findings, undo, redo)

    def delta(self, doc: Document) -> FindingsDelta:
        """Findings the sandbox's edits brought (new) and took away (resolved)."""
        renames = diff_plans(self.baseline, doc.plan).renames
        return findings_delta(self.baseline_findings, doc.findings, renames)

    def summary(self, doc: Document) -> str:
        """What the sandbox changed: `1 app added, 2 links added` (`no changes`)."""
        return diff_plans(self.baseline, doc.plan).summary()

    def changed(self, doc: Document) -> bool:
        return doc.plan != self.baseline

    def throw_away(self, doc: Document) -> None:
        """Put the document back as it was when the sandbox opened, history included."""
        doc.plan = self.baseline
        doc.catalog = doc.catalog_of(self.baseline)  # known: the plan had it when it opened
        doc.undo_stack = list(self.undo)
        doc.redo_stack = list(self.redo)
        doc.revalidate()
