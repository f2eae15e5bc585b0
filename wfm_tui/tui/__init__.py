"""The Textual editor. Imported lazily by the CLI: commands that do not edit never load Textual."""

from wfm_tui.tui.app import WfmApp, run_editor

__all__ = ["WfmApp", "run_editor"]
