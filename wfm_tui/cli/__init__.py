"""The command line. Nothing here imports Textual at module level: only the editor needs it."""
