"""The pure core: catalog, plan, validation, edit operations.

Nothing here imports Textual, prints, or touches the disk; the files layer, the CLI and the
editor all drive these same functions.
"""
