"""Widgets of the editor's main screen."""
