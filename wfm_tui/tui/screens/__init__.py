"""Screens and dialogs of the editor."""
