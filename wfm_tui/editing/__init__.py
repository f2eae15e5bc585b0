"""The editor's model without Textual: the document being edited (plan, findings, undo and
redo), the what-if sandbox, what the screen lays out (sites and kinds, checklist groups) and
the recovery journal. The widgets in `wfm_tui.tui` show what this computes; tests and
benchmarks drive it directly."""
